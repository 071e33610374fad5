-- $1 edition id, $2 as-of, $3 top-level unit ids, $4 import to keep: the teams the snapshot's
-- current imports hold in those provinces (contacts cascade; the imports' rows stay as reports).
DELETE FROM team t USING registry_import ri
WHERE ri.id = t.import_id AND ri.edition_id = $1 AND ri.as_of = $2::date AND ri.replaced_at IS NULL
  AND ri.id <> $4 AND t.province_id = ANY ($3::bigint[])
