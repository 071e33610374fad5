-- $1 edition id, $2 level, $3 code of an ancestor unit (a province, a district): the ids of the
-- level's units within it.
SELECT u.id FROM admin_unit u
LEFT JOIN admin_unit p ON p.id = u.parent_id
LEFT JOIN admin_unit pp ON pp.id = p.parent_id
LEFT JOIN admin_unit ppp ON ppp.id = pp.parent_id
WHERE u.edition_id = $1 AND u.level = $2 AND $3 IN (p.code, pp.code, ppp.code)
