-- $1 edition id, $2 normalised query (geo::name_key) or NULL, $3 level or NULL, $4 limit, $5 code or
-- NULL, $6 unit type the query named (e.g. 'xa') or NULL, $7 the key escaped for LIKE: units whose name key starts with the query
-- or has a word starting with it (or with that code), best first: exact key, then prefix, then the
-- named type, then the higher level; each with its parent, province code and lon/lat box.
WITH hits AS (
    SELECT u.id, u.code, u.name, u.level, u.unit_type, u.parent_id, l.rank,
           CASE WHEN u.name_key = $2 THEN 0 WHEN u.name_key LIKE $7 || '%' THEN 1 ELSE 2 END
             + CASE WHEN $6::text IS NOT NULL AND u.unit_type IS DISTINCT FROM $6 THEN 3 ELSE 0 END AS score
    FROM admin_unit u JOIN admin_level l ON l.name = u.level
    WHERE u.edition_id = $1
      AND ($3::text IS NULL OR u.level = $3)
      AND CASE WHEN $5::text IS NOT NULL THEN u.code = $5
               ELSE u.name_key LIKE $7 || '%' OR u.name_key LIKE '% ' || $7 || '%' END
    ORDER BY score, l.rank, u.name, u.id
    LIMIT $4
)
SELECT coalesce(json_agg(json_build_object(
           'id', h.id, 'code', h.code, 'name', h.name, 'level', h.level, 'unit_type', h.unit_type,
           'parent_name', p.name,
           'province_code', CASE WHEN h.level = 'province' THEN h.code WHEN p.level = 'province' THEN p.code
                                 WHEN g.level = 'province' THEN g.code ELSE gg.code END,
           'bbox', json_build_array(round(ST_XMin(b.box)::numeric, 6), round(ST_YMin(b.box)::numeric, 6),
                                    round(ST_XMax(b.box)::numeric, 6), round(ST_YMax(b.box)::numeric, 6)))
         ORDER BY h.score, h.rank, h.name, h.id), '[]')
FROM hits h
JOIN LATERAL (SELECT Box2D(u.geom) AS box FROM admin_unit u WHERE u.id = h.id) b ON true
LEFT JOIN admin_unit p ON p.id = h.parent_id
LEFT JOIN admin_unit g ON g.id = p.parent_id
LEFT JOIN admin_unit gg ON gg.id = g.parent_id AND gg.level = 'province'
