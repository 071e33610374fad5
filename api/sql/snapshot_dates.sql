-- $1 edition id: the as-of dates of its current registry snapshots, newest first, comma separated.
SELECT string_agg(to_char(as_of, 'YYYY-MM-DD'), ', ' ORDER BY as_of DESC)
FROM registry_import WHERE edition_id = $1 AND replaced_at IS NULL
