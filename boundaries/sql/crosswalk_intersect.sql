-- Every pair of an old and a new unit of one family that overlap, with the area they share (m²
-- in EPSG:6933). The index finds candidates by bounding box, ST_Intersects (the new polygon
-- prepared once for all its candidates) keeps those that touch, and only they are intersected;
-- the new polygon is first cut to the old one's box (same result, far fewer vertices to node).
CREATE TEMP TABLE xw_raw ON COMMIT DROP AS
    SELECT o.id AS old_id, n.id AS new_id, o.level,
           ST_Area(ST_Intersection(o.g, ST_ClipByBox2D(n.g, o.g::box2d))) AS area_m2
    FROM crosswalk_stage_new n JOIN crosswalk_stage_old o ON o.g && n.g AND o.level = n.level AND ST_Intersects(n.g, o.g)
