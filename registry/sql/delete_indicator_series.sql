-- $1 edition id, $2 indicator, $3 period: the series' values before they are replaced.
DELETE FROM indicator WHERE edition_id = $1 AND indicator = $2 AND period = $3
