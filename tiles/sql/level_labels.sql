-- $1 edition, $2 level: where each polygon unit's name is written (its point on surface, computed
-- when the unit is stored: admin_unit.label_point), EPSG:3857, and the text: the name, for provinces
-- without the type that every one of them carries ("Tỉnh Lạng Sơn" → "Lạng Sơn", "Thành phố Hà Nội"
-- → "Hà Nội"). Point units (most hamlets) are left out: their own layer has the point and the name,
-- once per tile, and the map labels them from there.
SELECT id, ST_X(p), ST_Y(p),
       CASE WHEN level = 'province' THEN regexp_replace(name, '^(Tỉnh|Thành phố|TP\.?)\s+', '') ELSE name END
FROM (
    SELECT id, level, name, ST_Transform(label_point, 3857) AS p FROM admin_unit
    WHERE edition_id = $1 AND level = $2 AND GeometryType(geom) <> 'POINT'
) s
WHERE p IS NOT NULL
