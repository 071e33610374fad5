-- $1 edition id, $2 level: every indicator value of the level's units.
SELECT i.unit_id, i.indicator || '@' || i.period, i.value
FROM indicator i JOIN admin_unit u ON u.id = i.unit_id
WHERE u.edition_id = $1 AND u.level = $2
ORDER BY 2
