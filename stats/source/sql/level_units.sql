-- $1 edition id, $2 level: every unit's id, code and name.
SELECT id, code, coalesce(name, '') FROM admin_unit WHERE edition_id = $1 AND level = $2
