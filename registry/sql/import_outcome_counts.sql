-- $1 import id: rows per outcome, rows with field issues, and teams, as they are now.
SELECT coalesce(jsonb_object_agg(o.outcome, o.n), '{}')::text,
       (SELECT count(*) FROM registry_row WHERE import_id = $1),
       (SELECT count(*) FROM registry_row WHERE import_id = $1 AND field_issues <> '[]'),
       (SELECT count(*) FROM team WHERE import_id = $1)
FROM (SELECT outcome, count(*) AS n FROM registry_row WHERE import_id = $1 GROUP BY outcome) o
