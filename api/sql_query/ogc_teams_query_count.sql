-- numberMatched of api/sql_query/ogc_teams_query.sql: $1..$12 the arguments of ogc_teams, the
-- filter's values from $13 (the FILTER marker as there).
SELECT count(*)
FROM ogc_teams($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) m
JOIN team t ON t.id = m.id
LEFT JOIN admin_unit h ON h.id = m.hamlet_id
LEFT JOIN admin_unit c ON c.id = m.commune_id
WHERE {FILTER}
