-- $1 edition id: its indicator metrics `indicator@period`, comma separated.
SELECT string_agg(DISTINCT i.indicator || '@' || i.period, ', ')
FROM indicator i JOIN admin_unit u ON u.id = i.unit_id WHERE u.edition_id = $1
