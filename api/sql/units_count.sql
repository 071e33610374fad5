-- $1 edition id, $2 level, $3 parent id or NULL, $4 parent code or NULL, $5..$8 bbox (lon/lat) or NULLs
SELECT count(*)
FROM admin_unit u
WHERE u.edition_id = $1 AND u.level = $2
  AND ($3::bigint IS NULL OR u.parent_id = $3)
  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM admin_unit q WHERE q.id = u.parent_id AND q.code = $4))
  AND ($5::float8 IS NULL OR ST_Intersects(u.geom, ST_MakeEnvelope($5, $6, $7, $8, 4326)))
