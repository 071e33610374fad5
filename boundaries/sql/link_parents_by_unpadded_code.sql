-- $1 edition id, $2 child level, $3 parent level: parent codes that lost their leading zeros (read
-- from an integer column) still link, when they name exactly one parent.
WITH candidates AS (
    SELECT c.id AS child_id, min(p.id) AS parent_id
    FROM admin_unit c
    JOIN admin_unit p ON p.edition_id = $1 AND p.level = $3
                     AND length(c.parent_code) < length(p.code)
                     AND ltrim(p.code, '0') = ltrim(c.parent_code, '0')
    WHERE c.edition_id = $1 AND c.level = $2 AND c.parent_code IS NOT NULL AND c.parent_id IS NULL
    GROUP BY c.id
    HAVING count(*) = 1
), linked AS (
    UPDATE admin_unit c SET parent_id = m.parent_id
    FROM candidates m
    WHERE c.id = m.child_id
    RETURNING c.id
)
SELECT count(*) FROM linked
