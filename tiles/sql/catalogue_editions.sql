-- Editions, the default (newest) first, with their levels, current snapshots (their own and those
-- converted from another edition: catalogue_conversions) and lon/lat extent
-- (of the level with the fewest units, which covers the same ground cheaply).
SELECT e.id, e.name,
       (SELECT string_agg(el.level, ',' ORDER BY l.rank) FROM edition_level el JOIN admin_level l ON l.name = el.level
        WHERE el.edition_id = e.id) AS levels,
       (SELECT string_agg(to_char(s.as_of, 'YYYY-MM-DD'), ',' ORDER BY s.as_of DESC)
        FROM current_snapshot s WHERE s.edition_id = e.id) AS snapshots,
       ext.xmin, ext.ymin, ext.xmax, ext.ymax
FROM edition e
LEFT JOIN LATERAL (
    SELECT ST_XMin(x) AS xmin, ST_YMin(x) AS ymin, ST_XMax(x) AS xmax, ST_YMax(x) AS ymax
    FROM (SELECT ST_Extent(u.geom) AS x FROM admin_unit u
          WHERE u.edition_id = e.id
            AND u.level = (SELECT el.level FROM edition_level el WHERE el.edition_id = e.id
                           ORDER BY el.unit_count, el.level LIMIT 1)) s
) ext ON true
ORDER BY e.valid_from DESC NULLS LAST, e.id DESC
