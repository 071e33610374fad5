-- $1 import id: drop its teams (contacts cascade); its rows stay as the report.
DELETE FROM team WHERE import_id = $1
