-- $1 edition id: the as-of dates of its current registry snapshots, oldest first, comma separated.
SELECT string_agg(DISTINCT to_char(as_of, 'YYYY-MM-DD'), ', ') FROM registry_import WHERE edition_id = $1 AND replaced_at IS NULL
