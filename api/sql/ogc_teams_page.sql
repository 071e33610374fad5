-- $1..$12 the arguments of ogc_teams, $13 only ids above or NULL, $14 offset, $15 limit,
-- $16 edition name. Public fields only: the leader and phone (team_contact), the free-text note
-- and the row as read never leave.
WITH page AS (
    SELECT m.id, m.hamlet_id, m.commune_id, m.geom
    FROM ogc_teams($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) m
    WHERE $13::bigint IS NULL OR m.id > $13
    ORDER BY m.id
    OFFSET $14 LIMIT $15
)
SELECT m.id,
       json_build_object(
           'name', t.name, 'members', t.members, 'founded', to_char(t.founded, 'YYYY-MM-DD'),
           'households', t.households, 'households_supported', t.households_supported,
           'ecommerce_households', t.ecommerce_households, 'cashless_households', t.cashless_households,
           'hamlet_code', h.code, 'hamlet_name', h.name, 'commune_code', c.code, 'commune_name', c.name,
           'match', t.match, 'edition', $16::text, 'as_of', to_char($2::date, 'YYYY-MM-DD'))::text,
       encode(ST_AsBinary(m.geom), 'hex')
FROM page m
JOIN team t ON t.id = m.id
LEFT JOIN admin_unit h ON h.id = m.hamlet_id
LEFT JOIN admin_unit c ON c.id = m.commune_id
ORDER BY m.id
