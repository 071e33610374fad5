-- $1 old edition id, $2 new edition id, $3 level: old units whose main official target (largest
-- area share) is not their main spatial one; then how many old units both crosswalks have.
WITH official AS (
    SELECT DISTINCT ON (old_unit_id) old_unit_id, new_unit_id FROM crosswalk_pair
    WHERE from_edition_id = $1 AND to_edition_id = $2 AND level = $3 AND method = 'official'
    ORDER BY old_unit_id, area_share DESC, new_unit_id
), spatial AS (
    SELECT DISTINCT ON (old_unit_id) old_unit_id, new_unit_id, area_share FROM crosswalk_pair
    WHERE from_edition_id = $1 AND to_edition_id = $2 AND level = $3 AND method = 'spatial'
    ORDER BY old_unit_id, area_share DESC, new_unit_id
)
SELECT o.code, coalesce(o.name, ''), fo.code, coalesce(fo.name, ''), sp.code, coalesce(sp.name, ''), s.area_share,
       count(*) OVER () AS compared
FROM official f JOIN spatial s USING (old_unit_id)
JOIN admin_unit o ON o.id = f.old_unit_id
JOIN admin_unit fo ON fo.id = f.new_unit_id
JOIN admin_unit sp ON sp.id = s.new_unit_id
ORDER BY f.new_unit_id <> s.new_unit_id DESC, o.code
