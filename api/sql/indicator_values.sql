-- $1 edition id, $2 level, $3 indicator, $4 period: the value per unit of the level.
SELECT u.id, u.code, coalesce(u.name, ''), i.value
FROM indicator i JOIN admin_unit u ON u.id = i.unit_id
WHERE i.edition_id = $1 AND i.level = $2 AND i.indicator = $3 AND i.period = $4
ORDER BY u.id
