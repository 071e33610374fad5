-- An items page of units or coverage with a CQL2 filter, sortby or properties (api/items_params.*).
-- $1..$17 as in api/sql/ogc_units_page.sql, $18 the properties to keep (text[]; NULL: all), the
-- filter's values from $19. The server replaces the FILTER marker with the condition compiled from the
-- filter and the ORDER marker with sort keys: both are queryables' expressions written in code and $n
-- parameters, never text from the request. Sorted pages are walked with OFFSET ($13 NULL).
-- numberMatched is counted over the lines between the MATCHED markers (api/items_params.cpp): they
-- may use $1..$12 and FILTER only.
WITH page AS (
    SELECT m.id, row_number() OVER (ORDER BY {ORDER}) AS ord
    -- {MATCHED
    FROM ogc_units($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) m
    LEFT JOIN admin_unit p ON p.id = m.parent_id
    LEFT JOIN coverage c ON c.edition_id = $1 AND c.as_of = $8 AND c.unit_id = m.id
    WHERE {FILTER}
    -- MATCHED}
      AND ($13::bigint IS NULL OR m.id > $13)
    ORDER BY {ORDER}
    OFFSET $14 LIMIT $15
), feature AS (
    SELECT u.id, page.ord,
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
           END AS properties
    FROM page
    JOIN admin_unit u ON u.id = page.id
    LEFT JOIN admin_unit p ON p.id = u.parent_id
    LEFT JOIN coverage c ON c.edition_id = $1 AND c.as_of = $8 AND c.unit_id = u.id
)
SELECT f.id,
       CASE WHEN $18::text[] IS NULL THEN f.properties::text
            ELSE (SELECT coalesce(json_object_agg(e.key, e.value), '{}'::json)::text
                  FROM json_each(f.properties) e WHERE e.key = ANY($18::text[])) END
FROM feature f
ORDER BY f.ord
