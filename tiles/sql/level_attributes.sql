-- $1 edition, $2 level, $3 as-of date (NULL: no snapshot): what a tile feature carries. Nothing
-- personal: team rows are only counted.
SELECT u.id, u.code, u.name, u.unit_type, p.name AS parent_name,
       c.hamlets, c.covered_hamlets, round(c.coverage_rate::numeric, 4)::float8 AS coverage_rate, c.teams, c.members,
       round(c.members_per_1000_households::numeric, 1)::float8 AS members_per_1000_households,
       round(c.supported_share::numeric, 4)::float8 AS supported_share
FROM admin_unit u
LEFT JOIN admin_unit p ON p.id = u.parent_id
LEFT JOIN coverage c ON c.edition_id = $1 AND c.as_of = $3::date AND c.unit_id = u.id
WHERE u.edition_id = $1 AND u.level = $2
