-- $1 new edition id, $2 the families (levels): the new units in EPSG:6933.
INSERT INTO crosswalk_stage_new
    SELECT id, level, ST_Transform(geom, 6933) FROM admin_unit
    WHERE edition_id = $1 AND level = ANY($2::text[]) AND GeometryType(geom) = 'MULTIPOLYGON'
