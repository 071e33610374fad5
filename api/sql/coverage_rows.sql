-- $1 edition id, $2 as-of, $3 level, $4 ancestor unit id or NULL, $5 ancestor code or NULL,
-- $6 as-of to compare with or NULL: the coverage of every unit of the level, by code.
SELECT u.id, u.code, coalesce(u.name, ''), coalesce(u.unit_type, ''), coalesce(p.code, ''), coalesce(p.name, ''),
       c.hamlets, c.covered_hamlets, c.coverage_rate, c.teams, c.members, c.households, c.members_per_1000_households,
       c.households_supported, c.supported_share, c.ecommerce_households, c.ecommerce_share, c.cashless_households,
       c.cashless_share,
       b.coverage_rate, b.covered_hamlets, b.teams, b.members
FROM coverage c
JOIN admin_unit u ON u.id = c.unit_id
LEFT JOIN admin_unit p ON p.id = u.parent_id
LEFT JOIN admin_unit pp ON pp.id = p.parent_id
LEFT JOIN coverage b ON b.edition_id = c.edition_id AND b.unit_id = c.unit_id AND b.as_of = $6::date
WHERE c.edition_id = $1 AND c.as_of = $2::date AND c.level = $3 AND u.edition_id = $1 AND u.level = $3
  AND ($4::bigint IS NULL OR $4 IN (u.parent_id, p.parent_id, pp.parent_id))
  AND ($5::text IS NULL OR $5 IN (p.code, pp.code, (SELECT code FROM admin_unit WHERE id = pp.parent_id)))
ORDER BY u.code
