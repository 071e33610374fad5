-- $1 replaced import id, $2 the import replacing it.
UPDATE registry_import SET replaced_by = $2 WHERE id = $1
