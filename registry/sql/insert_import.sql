-- $1 edition id, $2 as-of, $3 file name, $4 sha256, $5 bytes, $6 sheet, $7 encoding, $8 headers,
-- $9 columns, $10 imported by, $11 layout: the new import's id.
INSERT INTO registry_import (edition_id, as_of, file_name, sha256, bytes, sheet, encoding, headers, columns, imported_by,
                             layout)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11::jsonb)
RETURNING id
