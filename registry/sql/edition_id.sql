-- $1 edition name
SELECT id FROM edition WHERE name = $1
