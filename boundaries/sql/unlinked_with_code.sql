-- $1 edition id, $2 level: children with a parent code that did not link exactly.
SELECT count(*) FROM admin_unit
WHERE edition_id = $1 AND level = $2 AND parent_code IS NOT NULL AND parent_id IS NULL
