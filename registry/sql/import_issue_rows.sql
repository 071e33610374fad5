-- $1 import id: the rows a steward must review (not matched cleanly, or fields to fix), with cells.
SELECT line, outcome, coalesce(reason, ''), candidates::text, field_issues::text, cells::text
FROM registry_issue WHERE import_id = $1 ORDER BY line
