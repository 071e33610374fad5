-- Per snapshot (edition, as-of), newest first: which upload supplies which province, and since when.
SELECT coalesce(json_agg(json_build_object('edition', x.edition, 'as_of', x.as_of, 'provinces', x.provinces)
                         ORDER BY x.edition, x.as_of DESC), '[]'::json)::text
FROM (SELECT e.name AS edition, s.as_of,
             json_agg(json_build_object('code', s.province_code, 'name', u.name, 'import_id', s.import_id,
                                        'file_name', ri.file_name, 'since', s.supplied_at) ORDER BY s.province_code) AS provinces
      FROM snapshot_supply s
      JOIN edition e ON e.id = s.edition_id
      JOIN registry_import ri ON ri.id = s.import_id
      LEFT JOIN admin_unit u ON u.edition_id = s.edition_id AND u.parent_id IS NULL AND u.code = s.province_code
      GROUP BY e.name, s.as_of) x
