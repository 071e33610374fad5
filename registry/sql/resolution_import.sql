-- $1 import id: edition id, edition name, as-of, file name, headers, columns, whether it is current,
-- and the province codes it supplies (comma-separated).
SELECT ri.edition_id, e.name, ri.as_of::text, ri.file_name, ri.headers::text, ri.columns::text, ri.replaced_at IS NULL,
       coalesce((SELECT string_agg(s.province_code, ',') FROM snapshot_supply s WHERE s.import_id = ri.id), '')
FROM registry_import ri JOIN edition e ON e.id = ri.edition_id
WHERE ri.id = $1
