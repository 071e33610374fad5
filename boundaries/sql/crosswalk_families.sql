-- $1 old edition id, $2 new edition id: the polygon levels both editions hold (the level families
-- of their crosswalk), highest first. Hamlets are the points shares are counted with, not a family.
SELECT a.level
FROM edition_level a
JOIN edition_level b ON b.level = a.level AND b.edition_id = $2
JOIN admin_level l ON l.name = a.level
WHERE a.edition_id = $1 AND a.level <> 'hamlet'
ORDER BY l.rank
