-- $1 edition id: its current snapshots, newest first, once per date: the as-of date, and for a
-- snapshot converted from another edition (migration 0012) that edition's name, the method and the
-- levels that have figures; the edition whose teams it counts.
SELECT to_char(s.as_of, 'YYYY-MM-DD'), fe.name, cs.method, array_to_string(cs.levels, ', '), s.source_edition_id
FROM current_snapshot s
LEFT JOIN edition fe ON fe.id = s.converted_from
LEFT JOIN converted_snapshot cs ON s.converted_from IS NOT NULL AND cs.to_edition_id = s.edition_id AND cs.as_of = s.as_of
WHERE s.edition_id = $1
ORDER BY s.as_of DESC
