-- $1 unit id: its edition, level, code and name.
SELECT e.id, e.name, u.level, u.code, coalesce(u.name, '') FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE u.id = $1
