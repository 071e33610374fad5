-- $1 old edition id, $2 new edition id, $3 as-of, $4 level: the old snapshot's figures on the new
-- units (converted_coverage, migration 0011), with the units' codes and names, by code.
SELECT u.code, u.name, c.hamlets, c.covered_hamlets, c.coverage_rate, c.teams, c.members, c.households,
       c.households_supported, c.ecommerce_households, c.cashless_households
FROM converted_coverage($1, $2, $3::date, $4) c JOIN admin_unit u ON u.id = c.unit_id
ORDER BY u.code
