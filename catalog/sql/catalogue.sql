-- The catalogue (catalog/catalogue_cache.cpp), one JSON text: every edition, the default (newest)
-- first, with its validity, its levels (top first) with unit counts and extents (CRS84), its
-- current snapshots, newest first (its own and those converted from another edition, with the
-- method and the levels that have figures; the edition whose teams they count) and the
-- founding-date range of their teams; and the data version it was read at.
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
                      'source_edition_id', s.source_edition_id,
                      'first_founded', (SELECT to_char(min(t.founded), 'YYYY-MM-DD') FROM team t JOIN registry_import ri ON ri.id = t.import_id
                                        WHERE ri.edition_id = s.source_edition_id AND ri.as_of = s.as_of AND ri.replaced_at IS NULL),
                      'last_founded', (SELECT to_char(max(t.founded), 'YYYY-MM-DD') FROM team t JOIN registry_import ri ON ri.id = t.import_id
                                       WHERE ri.edition_id = s.source_edition_id AND ri.as_of = s.as_of AND ri.replaced_at IS NULL),
                      'converted_from', fe.name, 'method', cs.method, 'levels', cs.levels)
                      ORDER BY s.as_of DESC), '[]')
                  FROM current_snapshot s
                  LEFT JOIN edition fe ON fe.id = s.converted_from
                  LEFT JOIN converted_snapshot cs ON s.converted_from IS NOT NULL AND cs.to_edition_id = s.edition_id AND cs.as_of = s.as_of
                  WHERE s.edition_id = e.id))
    ORDER BY e.valid_from DESC NULLS LAST, e.id DESC), '[]')::text,
    (SELECT version FROM data_version)
FROM edition e
