-- $1 old edition id, $2 new edition id, $3 unit id, $4 forward: the pairs that start at the old
-- unit (forward: where it went) or end at the new unit (back: where it came from), with the unit
-- at the other end; official pairs first, the largest share first.
SELECT u.id, u.code, coalesce(u.name, '') AS name, u.level, p.method, p.area_share, p.population_share,
       p.hamlet_share, p.hamlets, p.intersection_m2
FROM crosswalk_pair p
JOIN admin_unit u ON u.id = CASE WHEN $4 THEN p.new_unit_id ELSE p.old_unit_id END
WHERE p.from_edition_id = $1 AND p.to_edition_id = $2
  AND CASE WHEN $4 THEN p.old_unit_id ELSE p.new_unit_id END = $3
ORDER BY p.method, p.area_share DESC, u.code
