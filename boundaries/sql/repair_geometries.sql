-- Make invalid polygons valid (keeping only their polygonal part) and report how many changed.
WITH repaired AS (
    UPDATE unit_staging
    SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
    WHERE GeometryType(geom) = 'MULTIPOLYGON' AND NOT ST_IsValid(geom)
    RETURNING row_no
)
SELECT count(*) FROM repaired
