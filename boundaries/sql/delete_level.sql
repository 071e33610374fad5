-- $1 edition id, $2 level: make room for the new rows (children's links are checked at commit).
DELETE FROM admin_unit WHERE edition_id = $1 AND level = $2
