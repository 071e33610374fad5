-- $1 edition id, $2 as-of, $3 province codes: release these provinces of the snapshot (the
-- upload landing takes them next, add_supply); returns the imports that supplied them before.
WITH previous AS (
    DELETE FROM snapshot_supply WHERE edition_id = $1 AND as_of = $2::date AND province_code = ANY ($3::text[])
    RETURNING import_id
)
SELECT DISTINCT import_id FROM previous
