-- $1 import id: the hamlet and line of each of its teams.
SELECT hamlet_id, line FROM team WHERE import_id = $1 AND hamlet_id IS NOT NULL
