-- $1 import id, $2 outcome or NULL, $3 limit, $4 offset: rows to review, in file order.
SELECT line, row_no, outcome, reason, candidates::text, field_issues::text, cells::text, hamlet_code, commune_code
FROM registry_issue WHERE import_id = $1 AND ($2::text IS NULL OR outcome = $2)
ORDER BY line LIMIT $3 OFFSET $4
