-- $1 edition, $2 level, $3 band: the level's polygons generalised for the band (EPSG:3857 WKB).
SELECT unit_id, ST_AsBinary(geom) FROM unit_shape WHERE edition_id = $1 AND level = $2 AND band = $3
