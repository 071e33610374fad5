-- $1 import id: every row in file order.
SELECT line, coalesce(row_no, line::text), outcome, coalesce(hamlet_code, ''), coalesce(commune_code, ''),
       coalesce(reason, '')
FROM registry_row WHERE import_id = $1 ORDER BY line
