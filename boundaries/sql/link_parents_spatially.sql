-- $1 edition id, $2 child level, $3 parent level: units without a parent code take the parent
-- whose polygon holds their point on surface (the lowest id when boundaries overlap). parent_code
-- stays as the source gave it (NULL), so a later relink repeats the same rule.
WITH found AS (
    SELECT DISTINCT ON (c.id) c.id AS child_id, p.id AS parent_id
    FROM admin_unit c
    JOIN admin_unit p ON p.edition_id = $1 AND p.level = $3 AND ST_Intersects(p.geom, c.label_point)
    WHERE c.edition_id = $1 AND c.level = $2 AND c.parent_code IS NULL AND c.parent_id IS NULL
    ORDER BY c.id, p.id
), linked AS (
    UPDATE admin_unit c SET parent_id = f.parent_id
    FROM found f
    WHERE c.id = f.child_id
    RETURNING c.id
)
SELECT count(*) FROM linked
