-- The figures of a spatial build, from its staging tables: old units, pairs dropped as slivers,
-- old units given the nearest new unit, hamlet points placed (of the finest family) and those
-- that fell in no new unit.
SELECT (SELECT count(*) FROM crosswalk_stage_old),
       (SELECT count(*) FROM xw_raw WHERE area_m2 > 0) - (SELECT count(*) FROM xw_area WHERE NOT nearest),
       (SELECT count(*) FROM xw_area WHERE nearest),
       (SELECT count(DISTINCT hamlet_id) FROM xw_hamlet),
       (SELECT count(DISTINCT hamlet_id) FROM xw_hamlet WHERE outside)
