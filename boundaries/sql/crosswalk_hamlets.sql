-- $1 old edition id, $2 the families (levels): every old hamlet (its point; a hamlet polygon by
-- its point on surface, in EPSG:6933) with the old unit of each family it belongs to, up its parent chain.
CREATE UNLOGGED TABLE crosswalk_stage_hamlet AS
WITH RECURSIVE chain AS (
    SELECT h.id AS hamlet_id, h.parent_id AS unit_id, h.label_point AS pt
    FROM admin_unit h
    WHERE h.edition_id = $1 AND h.level = 'hamlet' AND h.parent_id IS NOT NULL
    UNION ALL
    SELECT c.hamlet_id, u.parent_id, c.pt
    FROM chain c JOIN admin_unit u ON u.id = c.unit_id
    WHERE u.parent_id IS NOT NULL
)
SELECT c.hamlet_id, u.id AS old_id, u.level, ST_Transform(c.pt, 6933) AS pt
FROM chain c JOIN admin_unit u ON u.id = c.unit_id
WHERE u.level = ANY($2::text[])
