-- $1 unit id: its coverage at every current snapshot of its edition, oldest first, its own and those
-- converted from another edition (whose name is the last column).
SELECT to_char(c.as_of, 'YYYY-MM-DD'), c.hamlets, c.covered_hamlets, c.coverage_rate, c.teams, c.members, fe.name
FROM coverage c
JOIN current_snapshot s ON s.edition_id = c.edition_id AND s.as_of = c.as_of
LEFT JOIN edition fe ON fe.id = s.converted_from
WHERE c.unit_id = $1 ORDER BY c.as_of
