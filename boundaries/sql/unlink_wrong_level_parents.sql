-- $1 edition id, $2 child level, $3 parent level: forget parents that are gone (a re-import
-- dropped their code) or sit at another level (a level loaded later now lies between), so that
-- the children link again to the nearest level.
WITH unlinked AS (
    UPDATE admin_unit c SET parent_id = NULL
    WHERE c.edition_id = $1 AND c.level = $2 AND c.parent_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM admin_unit p WHERE p.id = c.parent_id AND p.level = $3)
    RETURNING c.id
)
SELECT count(*) FROM unlinked
