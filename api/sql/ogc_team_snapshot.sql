-- $1 team id, $2 edition id: the snapshot (as-of date) of the current import holding the team.
SELECT to_char(ri.as_of, 'YYYY-MM-DD')
FROM team t JOIN registry_import ri ON ri.id = t.import_id
WHERE t.id = $1 AND ri.edition_id = $2 AND ri.replaced_at IS NULL
