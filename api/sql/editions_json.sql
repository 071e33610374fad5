-- Every edition with its levels and unit counts, newest first, as one JSON array.
SELECT coalesce(json_agg(json_build_object(
           'name', e.name, 'title', e.title, 'valid_from', e.valid_from, 'valid_to', e.valid_to,
           'levels', (SELECT coalesce(json_agg(json_build_object('level', el.level, 'units', el.unit_count,
                                                                 'imported_at', el.imported_at) ORDER BY l.rank), '[]'::json)
                      FROM edition_level el JOIN admin_level l ON l.name = el.level
                      WHERE el.edition_id = e.id))
         ORDER BY e.valid_from DESC NULLS LAST, e.id DESC), '[]'::json)::text
FROM edition e
