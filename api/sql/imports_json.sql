-- Every registry import, newest first, as one JSON array (public fields only: no personal data),
-- with how its scope was chosen and the provinces it supplies to its snapshot now.
SELECT coalesce(json_agg(i.doc ORDER BY i.id DESC), '[]'::json)::text
FROM (SELECT ri.id, json_build_object(
          'id', ri.id, 'edition', e.name, 'as_of', ri.as_of, 'file_name', ri.file_name, 'sha256', ri.sha256,
          'bytes', ri.bytes, 'sheet', ri.sheet, 'encoding', ri.encoding, 'rows', ri.row_count, 'teams', ri.teams,
          'counts', ri.counts, 'rows_with_field_issues', ri.rows_with_field_issues, 'imported_at', ri.imported_at,
          'current', ri.replaced_at IS NULL, 'replaced_by', ri.replaced_by, 'replaced_at', ri.replaced_at,
          'withdrawn_at', ri.withdrawn_at,
          'scope', json_build_object('kind', ri.scope_kind, 'provinces', ri.scope),
          'supplies', coalesce((SELECT json_agg(json_build_object('code', s.province_code, 'name', u.name,
                                                                  'since', s.supplied_at) ORDER BY s.province_code)
                                FROM snapshot_supply s
                                LEFT JOIN admin_unit u ON u.edition_id = s.edition_id AND u.parent_id IS NULL
                                                      AND u.code = s.province_code
                                WHERE s.import_id = ri.id), '[]'::json)) AS doc
      FROM registry_import ri JOIN edition e ON e.id = ri.edition_id
      WHERE $1::bigint IS NULL OR ri.id = $1) i
