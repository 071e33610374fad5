-- $1 edition id, $2 level: record the unit count and tell running servers the data changed.
WITH counted AS (
    UPDATE edition_level
    SET unit_count = (SELECT count(*) FROM admin_unit WHERE edition_id = $1 AND level = $2)
    WHERE edition_id = $1 AND level = $2
    RETURNING unit_count
)
SELECT (SELECT unit_count FROM counted), bump_data_version('boundaries')
