-- $1 unit id: its coverage at every current snapshot, oldest first.
SELECT to_char(c.as_of, 'YYYY-MM-DD'), c.hamlets, c.covered_hamlets, c.coverage_rate, c.teams, c.members
FROM coverage c JOIN registry_import ri ON ri.edition_id = c.edition_id AND ri.as_of = c.as_of AND ri.replaced_at IS NULL
WHERE c.unit_id = $1 ORDER BY c.as_of
