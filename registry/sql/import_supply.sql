-- $1 import id: its edition, as-of, whether current, and the province codes it supplies (comma-separated).
SELECT ri.edition_id, ri.as_of::text, ri.replaced_at IS NULL,
       coalesce((SELECT string_agg(s.province_code, ',' ORDER BY s.province_code) FROM snapshot_supply s WHERE s.import_id = ri.id), '')
FROM registry_import ri WHERE ri.id = $1
