-- For the rest of a crosswalk build (crosswalk_drop_stage sets them back): the staging tables are
-- plain (unlogged) tables, not temporary ones, so that parallel workers can share the
-- transformations, intersections and point-in-polygon tests; the new units are few (3,355) but
-- each is costly, hence no minimum table size and no set-up cost for a parallel plan. No JIT: it
-- costs more than it saves here.
SET LOCAL jit = off;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0
