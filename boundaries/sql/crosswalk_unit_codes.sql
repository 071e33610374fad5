-- $1 edition id, $2 level: the codes of its units (to resolve an official table's codes).
SELECT id, code FROM admin_unit WHERE edition_id = $1 AND level = $2
