-- $1 build id, $2 old edition id, $3 new edition id: the pairs of every family with their three
-- shares. Population: the census figures of the old edition's finest family (communes) spread by
-- area within each such unit and summed up both parent chains (an old province's share in a new
-- province is the population of its communes' parts there); an old unit whose units lack figures
-- uses its area share. Hamlets: the share of the old unit's hamlet points in the new unit (NULL
-- when it has none).
INSERT INTO crosswalk_pair (build_id, from_edition_id, to_edition_id, level, method, old_unit_id, new_unit_id,
                            intersection_m2, area_share, population_share, hamlet_share, hamlets)
WITH RECURSIVE finest AS (
    SELECT o.level FROM crosswalk_stage_old o JOIN admin_level l ON l.name = o.level ORDER BY l.rank DESC LIMIT 1
), old_up AS (
    SELECT o.id AS cell_id, o.id AS anc_id FROM crosswalk_stage_old o WHERE o.level = (SELECT level FROM finest)
    UNION ALL
    SELECT up.cell_id, u.parent_id FROM old_up up JOIN admin_unit u ON u.id = up.anc_id WHERE u.parent_id IS NOT NULL
), new_up AS (
    SELECT n.id AS cell_id, n.id AS anc_id FROM crosswalk_stage_new n WHERE n.level = (SELECT level FROM finest)
    UNION ALL
    SELECT up.cell_id, u.parent_id FROM new_up up JOIN admin_unit u ON u.id = up.anc_id WHERE u.parent_id IS NOT NULL
), census AS (
    SELECT up.anc_id AS old_id, bool_and(c.population IS NOT NULL) AND sum(c.population) > 0 AS complete
    FROM old_up up JOIN crosswalk_stage_old c ON c.id = up.cell_id GROUP BY up.anc_id
), people AS (
    SELECT ou.anc_id AS old_id, nu.anc_id AS new_id, sum(c.population * a.share) AS people
    FROM xw_area a JOIN crosswalk_stage_old c ON c.id = a.old_id AND c.population IS NOT NULL
    JOIN old_up ou ON ou.cell_id = a.old_id
    JOIN new_up nu ON nu.cell_id = a.new_id
    JOIN crosswalk_stage_old oa ON oa.id = ou.anc_id JOIN crosswalk_stage_new na ON na.id = nu.anc_id AND na.level = oa.level
    GROUP BY 1, 2
), hamlets AS (
    SELECT old_id, new_id, count(*) AS n FROM xw_hamlet GROUP BY 1, 2
), pairs AS (
    SELECT old_id, new_id FROM xw_area
    UNION SELECT old_id, new_id FROM people WHERE people > 0
    UNION SELECT old_id, new_id FROM hamlets
), shares AS (
    SELECT p.old_id, p.new_id, o.level, coalesce(r.area_m2, 0) AS intersection_m2, coalesce(a.share, 0) AS area_share,
           CASE WHEN c.complete THEN coalesce(pe.people, 0) / sum(coalesce(pe.people, 0)) OVER (PARTITION BY p.old_id)
                ELSE coalesce(a.share, 0) END AS population_share,
           coalesce(h.n, 0)::double precision / nullif(sum(coalesce(h.n, 0)) OVER (PARTITION BY p.old_id), 0) AS hamlet_share,
           coalesce(h.n, 0) AS hamlets
    FROM pairs p
    JOIN crosswalk_stage_old o ON o.id = p.old_id
    LEFT JOIN xw_raw r ON r.old_id = p.old_id AND r.new_id = p.new_id
    LEFT JOIN xw_area a ON a.old_id = p.old_id AND a.new_id = p.new_id
    LEFT JOIN people pe ON pe.old_id = p.old_id AND pe.new_id = p.new_id
    LEFT JOIN hamlets h ON h.old_id = p.old_id AND h.new_id = p.new_id
    LEFT JOIN census c ON c.old_id = p.old_id
)
SELECT $1, $2, $3, level, 'spatial', old_id, new_id, intersection_m2, least(area_share, 1), least(population_share, 1),
       CASE WHEN hamlet_share > 1 THEN 1 ELSE hamlet_share END, hamlets
FROM shares
