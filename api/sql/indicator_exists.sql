-- $1 edition id, $2 indicator, $3 period: whether the edition has values of it.
SELECT 1 FROM indicator i JOIN admin_unit u ON u.id = i.unit_id
WHERE u.edition_id = $1 AND i.indicator = $2 AND i.period = $3 LIMIT 1
