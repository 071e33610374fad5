-- $1 unit ids (a bigint array literal): each with its geometry as hex WKB, for the server to write
-- as GeoJSON in the requested CRS.
SELECT id, encode(ST_AsBinary(geom), 'hex') FROM admin_unit WHERE id = ANY($1::bigint[])
