-- $1 edition id, $2 as-of of the snapshot, $3 level, $4 first day of the month, $5 the edition
-- whose teams the snapshot counts ($1, or the one it was converted from): every unit of the level
-- with its hamlets and, counting only the snapshot's teams founded by the month's end, the hamlets
-- with a team, the teams and their members. A converted snapshot's hamlets are the old edition's,
-- in the unit their point fell in (crosswalk_hamlet).
WITH hamlet_unit AS (
    SELECT h.id AS hamlet_id,
           CASE WHEN h.level = $3 THEN h.id WHEN p1.level = $3 THEN p1.id
                WHEN p2.level = $3 THEN p2.id WHEN p3.level = $3 THEN p3.id END AS unit_id
    FROM admin_unit h
    LEFT JOIN admin_unit p1 ON p1.id = h.parent_id
    LEFT JOIN admin_unit p2 ON p2.id = p1.parent_id
    LEFT JOIN admin_unit p3 ON p3.id = p2.parent_id
    WHERE $5::integer = $1::integer AND h.edition_id = $1 AND h.level = 'hamlet'
    UNION ALL
    SELECT x.hamlet_id, x.new_unit_id FROM crosswalk_hamlet x
    WHERE $5::integer <> $1::integer AND x.from_edition_id = $5 AND x.to_edition_id = $1 AND x.level = $3
), dated AS (
    SELECT t.hamlet_id, count(*) AS teams, sum(coalesce(t.members, 0)) AS members
    FROM team t JOIN registry_import ri ON ri.id = t.import_id
    WHERE ri.edition_id = $5 AND ri.as_of = $2::date AND ri.replaced_at IS NULL AND t.hamlet_id IS NOT NULL
      AND t.founded IS NOT NULL AND t.founded < $4::date + interval '1 month'
    GROUP BY t.hamlet_id
), per_unit AS (
    SELECT c.unit_id, c.hamlets, count(d.hamlet_id) AS covered, coalesce(sum(d.teams), 0) AS teams,
           coalesce(sum(d.members), 0) AS members
    FROM coverage c
    LEFT JOIN hamlet_unit hu ON hu.unit_id = c.unit_id
    LEFT JOIN dated d ON d.hamlet_id = hu.hamlet_id
    WHERE c.edition_id = $1 AND c.as_of = $2::date AND c.level = $3
    GROUP BY c.unit_id, c.hamlets
)
SELECT coalesce(json_agg(json_build_object(
           'id', unit_id, 'hamlets', hamlets, 'covered_hamlets', covered,
           'coverage_rate', CASE WHEN hamlets > 0 THEN round(covered::numeric / hamlets, 4) END,
           'teams', teams, 'members', members) ORDER BY unit_id), '[]')
FROM per_unit
