-- $1 import id, $2 rows, $3 counts (jsonb), $4 teams, $5 rows with field issues: record the
-- counts and tell running servers the data changed.
WITH done AS (
    UPDATE registry_import SET row_count = $2, counts = $3::jsonb, teams = $4, rows_with_field_issues = $5
    WHERE id = $1 RETURNING id
)
SELECT bump_data_version('registry') FROM done
