-- $1 import id, $2 lines: the rows to resolve, as stored.
SELECT line, outcome, cells::text FROM registry_row WHERE import_id = $1 AND line = ANY ($2::int[])
