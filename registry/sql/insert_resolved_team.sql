-- $1 import id, $2 line, $3 hamlet id, $4 commune id, $5 province id, $6 name, $7 members, $8 founded,
-- $9 households, $10 supported, $11 e-commerce, $12 cashless, $13 note, $14 leader, $15 phone:
-- a team placed by a steward's resolution, with its contact (never public).
WITH t AS (
    INSERT INTO team (import_id, line, hamlet_id, commune_id, province_id, match, name, members, founded, households,
                      households_supported, ecommerce_households, cashless_households, note)
    VALUES ($1, $2, $3, $4, $5, 'resolved', nullif($6, ''), $7, $8::date, $9, $10, $11, $12, nullif($13, ''))
    RETURNING id
), c AS (
    INSERT INTO team_contact (team_id, leader, phone)
    SELECT id, nullif($14, ''), nullif($15, '') FROM t WHERE coalesce($14, '') <> '' OR coalesce($15, '') <> ''
)
SELECT id FROM t
