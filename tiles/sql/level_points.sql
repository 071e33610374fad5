-- $1 edition, $2 level: the level's point units (hamlets where only points exist), EPSG:3857.
SELECT id, ST_X(geom_3857), ST_Y(geom_3857) FROM admin_unit
WHERE edition_id = $1 AND level = $2 AND GeometryType(geom) = 'POINT'
