-- $1 edition, $2 level: the level's polygons at full resolution (EPSG:3857 WKB).
SELECT id, ST_AsBinary(geom_3857) FROM admin_unit
WHERE edition_id = $1 AND level = $2 AND GeometryType(geom) = 'MULTIPOLYGON'
