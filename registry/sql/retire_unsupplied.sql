-- $1 import ids, $2 the import that took their provinces (NULL: a withdrawal): those that supply
-- no province any more stop being current; their remaining teams go. Returns the retired ids.
WITH retired AS (
    UPDATE registry_import ri SET replaced_at = now(), replaced_by = $2
    WHERE ri.id = ANY ($1::bigint[]) AND ri.replaced_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM snapshot_supply s WHERE s.import_id = ri.id)
    RETURNING ri.id
), gone AS (
    DELETE FROM team t USING retired r WHERE t.import_id = r.id
)
SELECT id FROM retired ORDER BY id
