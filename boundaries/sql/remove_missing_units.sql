-- $1 edition id, $2 level: units the new file no longer has.
WITH removed AS (
    DELETE FROM admin_unit u
    WHERE u.edition_id = $1 AND u.level = $2
      AND NOT EXISTS (SELECT 1 FROM unit_staging s WHERE s.code = u.code)
    RETURNING 1
)
SELECT count(*) FROM removed
