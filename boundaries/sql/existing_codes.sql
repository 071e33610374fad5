-- $1 edition id, $2 level: the units a re-import replaces, so codes that stay keep their id.
SELECT code, id FROM admin_unit WHERE edition_id = $1 AND level = $2
