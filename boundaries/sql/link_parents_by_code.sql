-- $1 edition id, $2 child level, $3 parent level: children whose parent code names a parent exactly.
-- A correlated lookup through the (edition, level, code) index: right after a bulk load the planner
-- has no statistics for the new rows and would otherwise pick a nested loop over whole levels.
WITH linked AS (
    UPDATE admin_unit c
    SET parent_id = (SELECT p.id FROM admin_unit p
                     WHERE p.edition_id = $1 AND p.level = $3 AND p.code = c.parent_code)
    WHERE c.edition_id = $1 AND c.level = $2 AND c.parent_code IS NOT NULL AND c.parent_id IS NULL
    RETURNING c.parent_id
)
SELECT count(parent_id) FROM linked
