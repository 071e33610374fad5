-- $1 edition name: every unit's level, code and id, with the edition's id.
SELECT u.level, u.code, u.id, e.id FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = $1
