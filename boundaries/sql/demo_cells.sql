-- $1 polygon (hex WKB, EPSG:4326), $2 number of cells, $3 seed: Voronoi cells of random points
-- clipped to the polygon, north-west first, the same for the same seed.
WITH area AS (
    SELECT ST_SetSRID(ST_GeomFromWKB(decode($1, 'hex')), 4326) AS g
), cells AS (
    SELECT (ST_Dump(ST_VoronoiPolygons(ST_GeneratePoints(a.g, $2, $3), 0, a.g))).geom AS cell, a.g
    FROM area a
), clipped AS (
    SELECT ST_Multi(ST_CollectionExtract(ST_Intersection(cell, g), 3)) AS geom FROM cells
)
SELECT encode(ST_AsBinary(geom), 'hex') AS wkb
FROM clipped
WHERE NOT ST_IsEmpty(geom)
ORDER BY round(ST_Y(ST_PointOnSurface(geom))::numeric, 2) DESC, ST_X(ST_PointOnSurface(geom))
