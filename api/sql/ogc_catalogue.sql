-- Everything the collections documents say, per edition: validity, levels with unit counts and
-- extents (CRS84), current snapshots (their own and those converted from another edition, with the
-- levels that have figures) and the founding-date range of their teams. One JSON text.
SELECT coalesce(json_agg(json_build_object(
    'id', e.id, 'name', e.name, 'title', e.title,
    'valid_from', to_char(e.valid_from, 'YYYY-MM-DD'), 'valid_to', to_char(e.valid_to, 'YYYY-MM-DD'),
    'levels', (SELECT coalesce(json_agg(json_build_object(
                   'level', l.level, 'units', l.unit_count,
                   'bbox', (SELECT json_build_array(ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b))
                            FROM (SELECT ST_Extent(u.geom)::box2d AS b FROM admin_unit u
                                  WHERE u.edition_id = e.id AND u.level = l.level) x))
                   ORDER BY al.rank), '[]')
               FROM edition_level l JOIN admin_level al ON al.name = l.level WHERE l.edition_id = e.id),
    'snapshots', (SELECT coalesce(json_agg(json_build_object(
                      'as_of', to_char(s.as_of, 'YYYY-MM-DD'),
                      'teams', s.teams,
                      'first_founded', (SELECT to_char(min(t.founded), 'YYYY-MM-DD') FROM team t JOIN registry_import ri ON ri.id = t.import_id
                                        WHERE ri.edition_id = s.source_edition_id AND ri.as_of = s.as_of AND ri.replaced_at IS NULL),
                      'last_founded', (SELECT to_char(max(t.founded), 'YYYY-MM-DD') FROM team t JOIN registry_import ri ON ri.id = t.import_id
                                       WHERE ri.edition_id = s.source_edition_id AND ri.as_of = s.as_of AND ri.replaced_at IS NULL),
                      'converted_from', fe.name, 'method', cs.method, 'levels', cs.levels)
                      ORDER BY s.as_of), '[]')
                  FROM current_snapshot s
                  LEFT JOIN edition fe ON fe.id = s.converted_from
                  LEFT JOIN converted_snapshot cs ON s.converted_from IS NOT NULL AND cs.to_edition_id = s.edition_id AND cs.as_of = s.as_of
                  WHERE s.edition_id = e.id))
    ORDER BY e.id), '[]')::text,
    (SELECT name FROM edition ORDER BY valid_from DESC NULLS LAST, id DESC LIMIT 1),
    (SELECT version FROM data_version)
FROM edition e
