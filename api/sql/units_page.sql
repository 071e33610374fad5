-- $1 edition id, $2 level, $3 parent id or NULL, $4 parent code or NULL, $5..$8 bbox (lon/lat) or
-- NULLs, $9 limit, $10 offset, $11 edition name. The features array of one page, built by PostGIS.
SELECT coalesce(json_agg(json_build_object(
           'type', 'Feature',
           'id', p.id,
           'geometry', ST_AsGeoJSON(p.geom, 7)::json,
           'properties', json_build_object(
               'code', p.code, 'name', p.name, 'level', p.level, 'unit_type', p.unit_type,
               'edition', $11::text, 'parent_id', p.parent_id, 'parent_code', parent.code,
               'parent_name', parent.name, 'population', p.population, 'households', p.households))
         ORDER BY p.id), '[]'::json)::text,
       count(*)
FROM (
    SELECT u.id, u.code, u.name, u.level, u.unit_type, u.parent_id, u.population, u.households, u.geom
    FROM admin_unit u
    WHERE u.edition_id = $1 AND u.level = $2
      AND ($3::bigint IS NULL OR u.parent_id = $3)
      AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM admin_unit q WHERE q.id = u.parent_id AND q.code = $4))
      AND ($5::float8 IS NULL OR ST_Intersects(u.geom, ST_MakeEnvelope($5, $6, $7, $8, 4326)))
    ORDER BY u.id
    LIMIT $9 OFFSET $10
) p
LEFT JOIN admin_unit parent ON parent.id = p.parent_id
