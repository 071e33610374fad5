-- $1 edition name or NULL (all): every alias with the hamlet it names, newest first.
SELECT a.id, e.name, coalesce(a.province, ''), coalesce(a.district, ''), coalesce(a.commune, ''), coalesce(a.hamlet, ''),
       coalesce(a.hamlet_code, ''), coalesce(h.name, CASE WHEN a.hamlet_code IS NULL THEN 'not a unit' ELSE '' END),
       a.source_import_id, a.source_line, a.created_by, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM unit_alias a JOIN edition e ON e.id = a.edition_id
LEFT JOIN admin_unit h ON h.edition_id = a.edition_id AND h.level = 'hamlet' AND h.code = a.hamlet_code
WHERE $1::text IS NULL OR e.name = $1
ORDER BY a.id DESC
