-- $1 import id, $2 top-level unit ids: the import's teams in those provinces.
DELETE FROM team WHERE import_id = $1 AND province_id = ANY ($2::bigint[])
