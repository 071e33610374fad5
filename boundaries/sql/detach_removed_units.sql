-- Teams placed on units that a re-import removed lose that link (their registry rows keep the
-- codes), and the units' indicator values go; the deferred foreign keys would otherwise refuse the
-- commit. Returns the teams detached.
WITH orphan_values AS (
    DELETE FROM indicator i WHERE NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.id = i.unit_id)
), gone AS (
    SELECT t.id,
           NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.id = t.hamlet_id) AS hamlet_gone,
           NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.id = t.commune_id) AS commune_gone
    FROM team t
    WHERE t.hamlet_id IS NOT NULL OR t.commune_id IS NOT NULL
), detached AS (
    UPDATE team t
    SET hamlet_id = CASE WHEN g.hamlet_gone THEN NULL ELSE t.hamlet_id END,
        commune_id = CASE WHEN g.commune_gone THEN NULL ELSE t.commune_id END
    FROM gone g
    WHERE g.id = t.id AND ((g.hamlet_gone AND t.hamlet_id IS NOT NULL) OR (g.commune_gone AND t.commune_id IS NOT NULL))
    RETURNING 1
)
SELECT count(*) FROM detached
