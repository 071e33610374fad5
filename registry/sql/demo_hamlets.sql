-- $1 edition name: the hamlets of the demo province with their commune, west to east (coverage
-- in the demo grows across the province, so the map and the statistics have a pattern to show).
SELECT c.name, c.code, h.name, coalesce(h.households, 0), ST_X(h.label_point), p.name
FROM admin_unit h
JOIN admin_unit c ON c.id = h.parent_id
JOIN admin_unit p ON p.id = c.parent_id
JOIN edition e ON e.id = h.edition_id
WHERE e.name = $1 AND h.level = 'hamlet'
ORDER BY c.code, h.code
