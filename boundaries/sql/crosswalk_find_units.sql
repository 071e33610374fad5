-- $1 edition id, $2 code, $3 level or NULL: the polygon units with that code (not hamlets).
SELECT u.id, u.code, coalesce(u.name, '') AS name, u.level, e.name AS edition
FROM admin_unit u JOIN edition e ON e.id = u.edition_id JOIN admin_level l ON l.name = u.level
WHERE u.edition_id = $1 AND u.level <> 'hamlet' AND ($3::text IS NULL OR u.level = $3)
  AND (u.code = $2 OR ltrim(u.code, '0') = ltrim($2, '0'))
ORDER BY u.code = $2 DESC, l.rank
