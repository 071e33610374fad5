-- $1 edition name: its id and whether it has hamlets to place teams on.
SELECT e.id, EXISTS (SELECT 1 FROM edition_level l WHERE l.edition_id = e.id AND l.level = 'hamlet')
FROM edition e WHERE e.name = $1
