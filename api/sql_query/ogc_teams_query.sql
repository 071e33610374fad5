-- An items page of teams with a CQL2 filter, sortby or properties (api/items_params.*): $1..$16 as
-- in api/sql/ogc_teams_page.sql, $17 the properties to keep (text[]; NULL: all), the filter's
-- values from $18; the FILTER, ORDER and MATCHED markers as in ogc_units_query.sql. Public fields only.
WITH page AS (
    SELECT m.id, m.hamlet_id, m.commune_id, m.geom, row_number() OVER (ORDER BY {ORDER}) AS ord
    -- {MATCHED
    FROM ogc_teams($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) m
    JOIN team t ON t.id = m.id
    LEFT JOIN admin_unit h ON h.id = m.hamlet_id
    LEFT JOIN admin_unit c ON c.id = m.commune_id
    WHERE {FILTER}
    -- MATCHED}
      AND ($13::bigint IS NULL OR m.id > $13)
    ORDER BY {ORDER}
    OFFSET $14 LIMIT $15
), feature AS (
    SELECT m.id, m.ord, m.geom,
           json_build_object(
               'name', t.name, 'members', t.members, 'founded', to_char(t.founded, 'YYYY-MM-DD'),
               'households', t.households, 'households_supported', t.households_supported,
               'ecommerce_households', t.ecommerce_households, 'cashless_households', t.cashless_households,
               'hamlet_code', h.code, 'hamlet_name', h.name, 'commune_code', c.code, 'commune_name', c.name,
               'match', t.match, 'edition', $16::text, 'as_of', to_char($2::date, 'YYYY-MM-DD')) AS properties
    FROM page m
    JOIN team t ON t.id = m.id
    LEFT JOIN admin_unit h ON h.id = m.hamlet_id
    LEFT JOIN admin_unit c ON c.id = m.commune_id
)
SELECT f.id,
       CASE WHEN $17::text[] IS NULL THEN f.properties::text
            ELSE (SELECT coalesce(json_object_agg(e.key, e.value), '{}'::json)::text
                  FROM json_each(f.properties) e WHERE e.key = ANY($17::text[])) END,
       encode(ST_AsBinary(f.geom), 'hex')
FROM feature f
ORDER BY f.ord
