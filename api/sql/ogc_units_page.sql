-- $1..$12 the arguments of ogc_units, $13 only ids above (the previous chunk's last) or NULL,
-- $14 offset, $15 limit, $16 edition name, $17 include coverage figures. One chunk of an items
-- page: id and the properties as JSON text (geometries: ogc_unit_geometries, or the server's cache).
-- The page's ids are chosen first: PostgreSQL computes the select list of rows that OFFSET skips,
-- which would encode every skipped geometry.
WITH page AS (
    SELECT m.id FROM ogc_units($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) m
    WHERE $13::bigint IS NULL OR m.id > $13
    ORDER BY m.id
    OFFSET $14 LIMIT $15
)
SELECT u.id,
       CASE WHEN $17::boolean THEN json_build_object(
           'code', u.code, 'name', u.name, 'type', u.unit_type, 'parent_code', u.parent_code,
           'parent_name', p.name, 'edition', $16::text, 'as_of', to_char($8::date, 'YYYY-MM-DD'),
           'covered', c.covered_hamlets > 0, 'hamlets', c.hamlets, 'covered_hamlets', c.covered_hamlets,
           'coverage_rate', c.coverage_rate, 'teams', c.teams, 'members', c.members, 'households', c.households,
           'members_per_1000_households', c.members_per_1000_households,
           'households_supported', c.households_supported, 'supported_share', c.supported_share,
           'ecommerce_households', c.ecommerce_households, 'ecommerce_share', c.ecommerce_share,
           'cashless_households', c.cashless_households, 'cashless_share', c.cashless_share)
       ELSE json_build_object(
           'code', u.code, 'name', u.name, 'type', u.unit_type, 'level', u.level, 'parent_code', u.parent_code,
           'parent_name', p.name, 'edition', $16::text, 'population', u.population, 'households', u.households,
           'covered', c.covered_hamlets > 0)
       END::text
FROM page
JOIN admin_unit u ON u.id = page.id
LEFT JOIN admin_unit p ON p.id = u.parent_id
LEFT JOIN coverage c ON c.edition_id = $1 AND c.as_of = $8 AND c.unit_id = u.id
ORDER BY u.id
