-- $1 build id, $2 old edition id, $3 new edition id, $4 level: the official pairs with their
-- shares. An old unit split between several new ones is weighted by the area of each part
-- (EPSG:6933; equal parts when the polygons do not overlap at all); population follows area (the
-- table has no figures of its own); hamlets by their points in the listed new units (NULL when
-- none of the old unit's hamlets falls in one of them).
INSERT INTO crosswalk_pair (build_id, from_edition_id, to_edition_id, level, method, old_unit_id, new_unit_id,
                            intersection_m2, area_share, population_share, hamlet_share, hamlets)
WITH RECURSIVE olds AS (
    SELECT u.id, ST_Transform(u.geom, 6933) AS g FROM admin_unit u WHERE u.id IN (SELECT old_id FROM xw_official)
), news AS (
    SELECT u.id, u.geom, ST_Transform(u.geom, 6933) AS g FROM admin_unit u WHERE u.id IN (SELECT new_id FROM xw_official)
), measured AS (
    SELECT x.old_id, x.new_id,
           CASE WHEN o.g && n.g THEN ST_Area(ST_Intersection(o.g, ST_ClipByBox2D(n.g, o.g::box2d))) ELSE 0 END AS m2
    FROM xw_official x JOIN olds o ON o.id = x.old_id JOIN news n ON n.id = x.new_id
), chain AS (
    SELECT h.id AS hamlet_id, h.parent_id AS unit_id, h.label_point AS pt
    FROM admin_unit h WHERE h.edition_id = $2 AND h.level = 'hamlet' AND h.parent_id IS NOT NULL
    UNION ALL
    SELECT c.hamlet_id, u.parent_id, c.pt FROM chain c JOIN admin_unit u ON u.id = c.unit_id
    WHERE u.parent_id IS NOT NULL AND u.level <> $4
), counted AS (
    SELECT x.old_id, x.new_id, count(DISTINCT c.hamlet_id) AS n
    FROM xw_official x JOIN chain c ON c.unit_id = x.old_id JOIN news nw ON nw.id = x.new_id
    WHERE ST_Intersects(nw.geom, c.pt)
    GROUP BY 1, 2
), shares AS (
    SELECT m.old_id, m.new_id, m.m2,
           CASE WHEN sum(m.m2) OVER w > 0 THEN m.m2 / sum(m.m2) OVER w ELSE 1.0 / count(*) OVER w END AS area_share,
           coalesce(c.n, 0) AS hamlets,
           coalesce(c.n, 0)::double precision / nullif(sum(coalesce(c.n, 0)) OVER w, 0) AS hamlet_share
    FROM measured m LEFT JOIN counted c ON c.old_id = m.old_id AND c.new_id = m.new_id
    WINDOW w AS (PARTITION BY m.old_id)
)
SELECT $1, $2, $3, $4, 'official', old_id, new_id, m2, least(area_share, 1), least(area_share, 1),
       CASE WHEN hamlet_share > 1 THEN 1 ELSE hamlet_share END, hamlets
FROM shares
