-- The staging tables of a crosswalk build, gone (at the start, so that several builds can run in
-- one transaction, e.g. a boundary import rebuilding two crosswalks, and at the end: they never
-- outlive the transaction that made them), and the planner's settings back to their defaults for the rest of the transaction.
DROP TABLE IF EXISTS crosswalk_stage_old, crosswalk_stage_new, crosswalk_stage_hamlet, xw_raw, xw_inside, xw_hamlet, xw_area,
                     xw_official;
SET LOCAL jit TO DEFAULT;
SET LOCAL min_parallel_table_scan_size TO DEFAULT;
SET LOCAL parallel_setup_cost TO DEFAULT;
SET LOCAL parallel_tuple_cost TO DEFAULT
