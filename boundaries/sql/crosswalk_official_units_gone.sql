-- $1 edition id, after a boundary import of it: official pairs whose unit is gone are dropped and
-- the official crosswalks of the edition marked stale (their area weights came from the old
-- polygons). Returns the pairs dropped and the builds marked.
WITH gone AS (
    DELETE FROM crosswalk_pair p
    WHERE p.method = 'official' AND $1 IN (p.from_edition_id, p.to_edition_id)
      AND (NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.id = p.old_unit_id)
           OR NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.id = p.new_unit_id))
    RETURNING 1
), marked AS (
    UPDATE crosswalk_build SET stale_since = now()
    WHERE method = 'official' AND replaced_at IS NULL AND stale_since IS NULL AND $1 IN (from_edition_id, to_edition_id)
    RETURNING 1
)
SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM marked)
