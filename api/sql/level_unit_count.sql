-- $1 edition id, $2 level: how many units it has.
SELECT count(*) FROM admin_unit WHERE edition_id = $1 AND level = $2
