-- $1 edition id, $2 child level, $3 parent level: forget parents at another level (a level loaded
-- later now sits between them), so that the children link again to the nearest level.
WITH unlinked AS (
    UPDATE admin_unit c SET parent_id = NULL
    FROM admin_unit p
    WHERE c.edition_id = $1 AND c.level = $2 AND p.id = c.parent_id AND p.level <> $3
    RETURNING c.id
)
SELECT count(*) FROM unlinked
