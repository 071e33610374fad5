-- $1 edition id, $2 as-of, $3 province codes, $4 import id: the import supplies these provinces.
INSERT INTO snapshot_supply (edition_id, as_of, province_code, import_id)
SELECT $1, $2::date, code, $4 FROM unnest($3::text[]) AS code
