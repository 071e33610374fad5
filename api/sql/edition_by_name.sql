-- $1 edition name
SELECT id, name FROM edition WHERE name = $1
