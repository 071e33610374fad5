-- $1 import id, $2 province codes: the import no longer supplies them (a withdrawal).
DELETE FROM snapshot_supply WHERE import_id = $1 AND province_code = ANY ($2::text[])
