-- $1 edition id, $2 level: every unit's id and the longitude/latitude of its point (the hamlet's
-- point, or a polygon's point on surface), ordered by id.
SELECT id, ST_X(label_point), ST_Y(label_point) FROM admin_unit WHERE edition_id = $1 AND level = $2 ORDER BY id
