-- $1 import id, $2 who: the import was withdrawn whole (it supplies nothing any more).
UPDATE registry_import SET withdrawn_at = now(), withdrawn_by = $2 WHERE id = $1 AND replaced_at IS NOT NULL
