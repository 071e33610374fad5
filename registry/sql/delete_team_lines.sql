-- $1 import id, $2 lines: their teams go (a resolution places them again, or not); their provinces.
DELETE FROM team WHERE import_id = $1 AND line = ANY ($2::int[]) RETURNING province_id
