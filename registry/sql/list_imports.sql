-- Every registry import, oldest first, with how its scope was chosen and the provinces it supplies now.
SELECT i.id, e.name, i.as_of, i.file_name, i.row_count, i.teams, i.replaced_at IS NULL,
       to_char(i.imported_at, 'YYYY-MM-DD HH24:MI:SS'),
       i.scope_kind || CASE WHEN i.withdrawn_at IS NOT NULL THEN ' (withdrawn)' ELSE '' END,
       coalesce((SELECT string_agg(s.province_code, ',' ORDER BY s.province_code) FROM snapshot_supply s WHERE s.import_id = i.id), '-')
FROM registry_import i JOIN edition e ON e.id = i.edition_id
ORDER BY i.id
