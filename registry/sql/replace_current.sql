-- $1 edition id, $2 as-of: retire the current snapshot (its report stays); returns its id, if any.
UPDATE registry_import SET replaced_at = now()
WHERE edition_id = $1 AND as_of = $2 AND replaced_at IS NULL
RETURNING id
