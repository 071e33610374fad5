-- $1 edition, $2 level, $3 as-of date (NULL: no snapshot): what a tile feature carries. Nothing
-- personal: team rows are only counted. province_code is the unit's own code for a province, else
-- its ancestor province's (maps filter one province's units by it).
SELECT u.id, u.code, u.name, u.unit_type, p.name AS parent_name, p.code AS parent_code,
       CASE WHEN u.level = 'province' THEN u.code
            WHEN p.level = 'province' THEN p.code
            WHEN g.level = 'province' THEN g.code
            ELSE gg.code END AS province_code,
       c.hamlets, c.covered_hamlets, round(c.coverage_rate::numeric, 4)::float8 AS coverage_rate, c.teams, c.members,
       round(c.members_per_1000_households::numeric, 1)::float8 AS members_per_1000_households,
       round(c.supported_share::numeric, 4)::float8 AS supported_share
FROM admin_unit u
LEFT JOIN admin_unit p ON p.id = u.parent_id
LEFT JOIN admin_unit g ON g.id = p.parent_id
LEFT JOIN admin_unit gg ON gg.id = g.parent_id AND gg.level = 'province'
LEFT JOIN coverage c ON c.edition_id = $1 AND c.as_of = $3::date AND c.unit_id = u.id
WHERE u.edition_id = $1 AND u.level = $2
