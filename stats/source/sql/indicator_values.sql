-- $1 edition id, $2 level, $3 indicator, $4 period: the value per unit of the level.
SELECT unit_id, value FROM indicator WHERE edition_id = $1 AND level = $2 AND indicator = $3 AND period = $4
