-- $1 import id, $2 outcome or NULL: how many rows to review.
SELECT count(*) FROM registry_issue WHERE import_id = $1 AND ($2::text IS NULL OR outcome = $2)
