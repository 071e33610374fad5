-- analyze_units for a level replaced with its codes kept: the statistics from before still describe
-- it, so a table that autovacuum is working on right now is skipped rather than waited for (the wait
-- lasts until the deadlock check cancels the autovacuum: a second per table).
ANALYZE (SKIP_LOCKED) admin_unit (id, edition_id, level, code, parent_id, name_key), unit_neighbour
