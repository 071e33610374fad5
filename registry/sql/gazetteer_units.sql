-- $1 edition id: every unit, parents before children (the gazetteer indexes children by parent).
SELECT u.id, u.level, u.code, coalesce(u.name, ''), coalesce(u.parent_id, 0), coalesce(u.households, -1)
FROM admin_unit u JOIN admin_level l ON l.name = u.level
WHERE u.edition_id = $1
ORDER BY l.rank, u.id
