-- Fresh statistics for the planner after a level was replaced (geometry columns left out: slow to sample).
ANALYZE admin_unit (id, edition_id, level, code, parent_id, name_key), unit_neighbour
