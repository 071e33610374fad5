-- $1 edition id: the levels loaded into the edition, lowest rank (province) first.
SELECT l.name, l.rank
FROM edition_level el
JOIN admin_level l ON l.name = el.level
WHERE el.edition_id = $1
ORDER BY l.rank
