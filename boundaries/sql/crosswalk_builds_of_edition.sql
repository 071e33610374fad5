-- $1 edition id: the current spatial crosswalks that involve the edition, with their tolerance.
SELECT f.name AS from_name, t.name AS to_name, b.sliver_tolerance
FROM crosswalk_build b JOIN edition f ON f.id = b.from_edition_id JOIN edition t ON t.id = b.to_edition_id
WHERE b.method = 'spatial' AND b.replaced_at IS NULL AND $1 IN (b.from_edition_id, b.to_edition_id)
ORDER BY b.id
