-- The new unit of each family every old hamlet's point falls in: each new polygon (prepared once)
-- looks up the points in its box. A point on a shared border goes to the lower unit id; a point in
-- no new unit (a coastline drawn differently) to the nearest one.
CREATE INDEX ON crosswalk_stage_hamlet USING gist (pt);
CREATE INDEX ON crosswalk_stage_new USING gist (g);
ANALYZE crosswalk_stage_hamlet;
CREATE TEMP TABLE xw_inside ON COMMIT DROP AS
    SELECT DISTINCT ON (h.hamlet_id, h.level) h.hamlet_id, h.level, n.id AS new_id
    FROM crosswalk_stage_new n JOIN crosswalk_stage_hamlet h ON h.pt && n.g AND h.level = n.level AND ST_Intersects(n.g, h.pt)
    ORDER BY h.hamlet_id, h.level, n.id;
CREATE TEMP TABLE xw_hamlet ON COMMIT DROP AS
    SELECT p.hamlet_id, p.old_id, p.level, i.new_id IS NULL AS outside,
           coalesce(i.new_id, (SELECT n.id FROM crosswalk_stage_new n WHERE n.level = p.level ORDER BY n.g <-> p.pt LIMIT 1)) AS new_id
    FROM crosswalk_stage_hamlet p LEFT JOIN xw_inside i ON i.hamlet_id = p.hamlet_id AND i.level = p.level
