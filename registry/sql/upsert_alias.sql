-- $1 edition id, $2 key, $3 province, $4 district, $5 commune, $6 hamlet (as written), $7 hamlet code
-- (NULL: not a unit), $8 import id, $9 line, $10 who: the alias for these names, made or changed.
INSERT INTO unit_alias (edition_id, written_key, province, district, commune, hamlet, hamlet_code, source_import_id,
                        source_line, created_by)
VALUES ($1, $2, nullif($3, ''), nullif($4, ''), nullif($5, ''), nullif($6, ''), $7, $8, $9, $10)
ON CONFLICT (edition_id, written_key) DO UPDATE
SET hamlet_code = EXCLUDED.hamlet_code, source_import_id = EXCLUDED.source_import_id,
    source_line = EXCLUDED.source_line, created_by = EXCLUDED.created_by, created_at = now()
RETURNING id
