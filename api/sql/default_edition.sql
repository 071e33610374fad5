-- The newest edition: latest validity start, then the latest created.
SELECT id, name FROM edition ORDER BY valid_from DESC NULLS LAST, id DESC LIMIT 1
