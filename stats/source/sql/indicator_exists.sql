-- $1 edition id, $2 indicator, $3 period: whether the edition has values of it.
SELECT 1 FROM indicator WHERE edition_id = $1 AND indicator = $2 AND period = $3 LIMIT 1
