-- $1 old edition id, $2 the families (levels): the old units in EPSG:6933 (WGS 84 / NSIDC
-- EASE-Grid 2.0 Global, a cylindrical equal-area projection: areas are true in it) with their area.
CREATE UNLOGGED TABLE crosswalk_stage_old AS
    SELECT id, level, population, g, ST_Area(g) AS area_m2
    FROM (SELECT id, level, population, ST_Transform(geom, 6933) AS g FROM admin_unit
          WHERE edition_id = $1 AND level = ANY($2::text[]) AND GeometryType(geom) = 'MULTIPOLYGON') u
