-- numberMatched of api/sql_query/ogc_units_query.sql: $1..$12 the arguments of ogc_units, the
-- filter's values from $13 (the FILTER marker as there).
SELECT count(*)
FROM ogc_units($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) m
LEFT JOIN admin_unit p ON p.id = m.parent_id
LEFT JOIN coverage c ON c.edition_id = $1 AND c.as_of = $8 AND c.unit_id = m.id
WHERE {FILTER}
