-- $1 edition id, $2 as-of, $3 level, $4 metric (a coverage column name): the value per unit.
SELECT unit_id, CASE $4
    WHEN 'hamlets' THEN hamlets::double precision
    WHEN 'covered_hamlets' THEN covered_hamlets::double precision
    WHEN 'coverage_rate' THEN coverage_rate
    WHEN 'teams' THEN teams::double precision
    WHEN 'members' THEN members::double precision
    WHEN 'households' THEN households::double precision
    WHEN 'members_per_1000_households' THEN members_per_1000_households
    WHEN 'households_supported' THEN households_supported::double precision
    WHEN 'supported_share' THEN supported_share
    WHEN 'ecommerce_households' THEN ecommerce_households::double precision
    WHEN 'ecommerce_share' THEN ecommerce_share
    WHEN 'cashless_households' THEN cashless_households::double precision
    WHEN 'cashless_share' THEN cashless_share
  END AS value
FROM coverage WHERE edition_id = $1 AND as_of = $2::date AND level = $3
