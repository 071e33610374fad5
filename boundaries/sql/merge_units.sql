-- $1 edition id, $2 level. Units keep their id when their code stays: later tables refer to them.
WITH merged AS (
    INSERT INTO admin_unit AS u (edition_id, level, code, name, name_key, unit_type, parent_id,
                                 parent_code, population, households, geom, geom_3857, label_point)
    SELECT $1, $2, s.code, s.name, s.name_key, s.unit_type, NULL, s.parent_code, s.population,
           s.households, g.geom, ST_Transform(g.geom, 3857), ST_PointOnSurface(g.geom)
    FROM unit_staging s
    CROSS JOIN LATERAL (SELECT ST_SetSRID(s.geom, 4326) AS geom) g
    ON CONFLICT (edition_id, level, code) DO UPDATE
    SET name = EXCLUDED.name, name_key = EXCLUDED.name_key, unit_type = EXCLUDED.unit_type,
        parent_id = NULL, parent_code = EXCLUDED.parent_code, population = EXCLUDED.population,
        households = EXCLUDED.households, geom = EXCLUDED.geom, geom_3857 = EXCLUDED.geom_3857,
        label_point = EXCLUDED.label_point
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
