-- Rows whose geometry had no area left once repaired: the import refuses them by row number.
SELECT string_agg(row_no::text, ', ' ORDER BY row_no), count(*)
FROM unit_staging
WHERE ST_IsEmpty(geom)
