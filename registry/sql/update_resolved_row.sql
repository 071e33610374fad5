-- $1 import id, $2 line, $3 outcome (resolved, not_a_unit), $4 hamlet code, $5 commune code, $6 reason,
-- $7 field issues: the row as the steward resolved it.
UPDATE registry_row SET outcome = $3, hamlet_code = $4, commune_code = $5, reason = $6, candidates = '[]',
                        field_issues = $7::jsonb
WHERE import_id = $1 AND line = $2
