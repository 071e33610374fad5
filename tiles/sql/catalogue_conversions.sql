-- The snapshots converted onto an edition's units from another edition's registry (migration 0012):
-- edition id, as-of, the edition converted from, the method, the levels with figures.
SELECT cs.to_edition_id, to_char(cs.as_of, 'YYYY-MM-DD'), fe.name, cs.method, array_to_string(cs.levels, ',')
FROM converted_snapshot cs JOIN edition fe ON fe.id = cs.from_edition_id
ORDER BY cs.to_edition_id, cs.as_of
