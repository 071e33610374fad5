-- $1 edition id, $2 level, $3 source file, $4 layer, $5 source CRS
INSERT INTO edition_level (edition_id, level, source, source_layer, source_crs, unit_count, imported_at)
VALUES ($1, $2, $3, $4, $5, 0, now())
ON CONFLICT (edition_id, level) DO UPDATE
SET source = EXCLUDED.source, source_layer = EXCLUDED.source_layer,
    source_crs = EXCLUDED.source_crs, imported_at = now()
