-- $1 unit id: the unit as a GeoJSON Feature (text), or no row.
SELECT json_build_object(
           'type', 'Feature',
           'id', u.id,
           'geometry', ST_AsGeoJSON(u.geom, 7)::json,
           'properties', json_build_object(
               'code', u.code, 'name', u.name, 'level', u.level, 'unit_type', u.unit_type,
               'edition', e.name, 'parent_id', u.parent_id, 'parent_code', parent.code,
               'parent_name', parent.name, 'population', u.population, 'households', u.households,
               'label_point', json_build_array(round(ST_X(u.label_point)::numeric, 7),
                                               round(ST_Y(u.label_point)::numeric, 7))))::text
FROM admin_unit u
JOIN edition e ON e.id = u.edition_id
LEFT JOIN admin_unit parent ON parent.id = u.parent_id
WHERE u.id = $1
