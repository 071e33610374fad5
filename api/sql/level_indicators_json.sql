-- $1 edition id, $2 level: per unit, its indicators as a JSON object {"indicator@period": value}.
SELECT i.unit_id, json_object_agg(i.indicator || '@' || i.period, i.value ORDER BY i.indicator, i.period)::text
FROM indicator i JOIN admin_unit u ON u.id = i.unit_id
WHERE u.edition_id = $1 AND u.level = $2
GROUP BY i.unit_id
