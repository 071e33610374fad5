-- $1 edition id, $2 hamlet codes: each hamlet's id, its commune's id and code, its province's code and id.
SELECT h.code, h.id, c.id, c.code, p.code, p.id
FROM admin_unit h
JOIN admin_unit c ON c.id = h.parent_id
JOIN unit_roots($1) r ON r.id = h.id
JOIN admin_unit p ON p.id = r.root_id
WHERE h.edition_id = $1 AND h.level = 'hamlet' AND h.code = ANY ($2::text[])
