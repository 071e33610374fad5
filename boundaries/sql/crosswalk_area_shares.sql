-- $1 sliver tolerance (share of the old unit's area): the area shares. Overlaps under the
-- tolerance (the two sources' digitising differences) are dropped, except an old unit's largest;
-- an old unit that overlaps no new unit (an island one source lacks) goes whole to the nearest.
-- The shares of each old unit are renormalised to sum to 1.
CREATE TEMP TABLE xw_area ON COMMIT DROP AS
WITH ranked AS (
    SELECT r.old_id, r.new_id, r.level, r.area_m2,
           r.area_m2 >= $1 * o.area_m2 OR r.area_m2 = max(r.area_m2) OVER (PARTITION BY r.old_id) AS keep
    FROM xw_raw r JOIN crosswalk_stage_old o ON o.id = r.old_id
    WHERE r.area_m2 > 0
), kept AS (
    SELECT old_id, new_id, level, area_m2 / sum(area_m2) OVER (PARTITION BY old_id) AS share, false AS nearest
    FROM ranked WHERE keep
)
SELECT * FROM kept
UNION ALL
SELECT o.id, (SELECT n.id FROM crosswalk_stage_new n WHERE n.level = o.level ORDER BY n.g <-> o.g LIMIT 1), o.level, 1.0, true
FROM crosswalk_stage_old o WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.old_id = o.id)
