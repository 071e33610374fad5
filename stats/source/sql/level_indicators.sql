-- $1 edition id, $2 level: every indicator value of the level's units.
SELECT unit_id, indicator || '@' || period, value FROM indicator WHERE edition_id = $1 AND level = $2 ORDER BY 2
