-- $1 edition id: its top-level units (the provinces), by code.
SELECT id, code, coalesce(name, code) FROM admin_unit WHERE edition_id = $1 AND parent_id IS NULL ORDER BY code
