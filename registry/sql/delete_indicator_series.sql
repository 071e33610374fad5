-- $1 edition id, $2 indicator, $3 period: the series' values before they are replaced.
DELETE FROM indicator i USING admin_unit u
WHERE u.id = i.unit_id AND u.edition_id = $1 AND i.indicator = $2 AND i.period = $3
