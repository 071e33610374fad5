-- $1 edition, $2 level, $3 as-of date, $4 as-of date to compare with: per unit with figures at both
-- dates, the change of the figures a change map shows (value at $3 minus value at $4), as
-- /api/stats/coverage?compare= reports it; the rate rounded like coverage_rate in the tiles.
SELECT c.unit_id,
       round((c.coverage_rate - b.coverage_rate)::numeric, 4)::float8 AS coverage_rate_change,
       c.covered_hamlets - b.covered_hamlets AS covered_hamlets_change,
       c.teams - b.teams AS teams_change,
       c.members - b.members AS members_change
FROM coverage c
JOIN coverage b ON b.edition_id = c.edition_id AND b.as_of = $4::date AND b.unit_id = c.unit_id
WHERE c.edition_id = $1 AND c.as_of = $3::date AND c.level = $2
