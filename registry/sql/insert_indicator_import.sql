-- $1 edition id, $2 file name, $3 sha256, $4 rows, $5 unmatched: the import's id.
INSERT INTO indicator_import (edition_id, file_name, sha256, rows, unmatched) VALUES ($1, $2, $3, $4, $5) RETURNING id
