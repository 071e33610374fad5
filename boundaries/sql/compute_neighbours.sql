-- $1 edition id, $2 level: queen contiguity as R spdep's poly2nb(queen = TRUE) finds it: two
-- polygons are neighbours when a vertex of one lies within the snap distance (sqrt of the double
-- epsilon, in degrees: spdep's default) of a vertex of the other, |dx| and |dy| both. Vertices are
-- bucketed in cells much larger than the snap distance; the rare vertex that close to a cell border
-- is also entered in the cells beyond it, so every close pair meets in a cell. Returns the pairs.
WITH params AS (
    SELECT 1.4901161193847656e-08::double precision AS snap, 1024 * 1.4901161193847656e-08::double precision AS cell
), home AS MATERIALIZED (
    SELECT u.id, p.x, p.y, floor(p.x / params.cell)::bigint AS cx, floor(p.y / params.cell)::bigint AS cy,
           CASE WHEN p.x - floor(p.x / params.cell) * params.cell <= 2 * params.snap THEN -1
                WHEN (floor(p.x / params.cell) + 1) * params.cell - p.x <= 2 * params.snap THEN 1 ELSE 0 END AS nx,
           CASE WHEN p.y - floor(p.y / params.cell) * params.cell <= 2 * params.snap THEN -1
                WHEN (floor(p.y / params.cell) + 1) * params.cell - p.y <= 2 * params.snap THEN 1 ELSE 0 END AS ny
    FROM admin_unit u, params,
         LATERAL (SELECT ST_X(d.geom) AS x, ST_Y(d.geom) AS y FROM ST_DumpPoints(u.geom) d) p
    WHERE u.edition_id = $1 AND u.level = $2 AND GeometryType(u.geom) = 'MULTIPOLYGON'
), entered AS (
    SELECT id, x, y, cx, cy FROM home
    UNION ALL
    SELECT h.id, h.x, h.y, h.cx + g.dx, h.cy + g.dy
    FROM home h, LATERAL (VALUES (h.nx, 0), (0, h.ny), (h.nx, h.ny)) AS g(dx, dy)
    WHERE (h.nx <> 0 OR h.ny <> 0) AND (g.dx <> 0 OR g.dy <> 0)
), pairs AS (
    SELECT DISTINCT a.id AS a, b.id AS b
    FROM home a JOIN entered b ON b.cx = a.cx AND b.cy = a.cy, params
    WHERE a.id < b.id AND abs(a.x - b.x) <= params.snap AND abs(a.y - b.y) <= params.snap
), inserted AS (
    INSERT INTO unit_neighbour (edition_id, level, unit_id, neighbour_id)
    SELECT $1, $2, a, b FROM pairs UNION ALL SELECT $1, $2, b, a FROM pairs
    RETURNING 1
)
SELECT count(*) FROM inserted
