-- $1 edition id: its levels, top first, comma separated
SELECT coalesce(string_agg(el.level, ', ' ORDER BY l.rank), '')
FROM edition_level el JOIN admin_level l ON l.name = el.level
WHERE el.edition_id = $1
