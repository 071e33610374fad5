-- $1 unit id, $2 as-of of the snapshot, $3 the edition whose teams it counts (the unit's, or the
-- one the snapshot was converted from): month by month from the first founding date to the as-of
-- date, the unit's hamlets, hamlets with a team founded by the month's end, teams and members. A
-- converted snapshot's hamlets are the old edition's whose point fell in the unit (crosswalk_hamlet).
WITH RECURSIVE down AS (
    SELECT id, level, edition_id FROM admin_unit WHERE id = $1
    UNION ALL
    SELECT u.id, u.level, u.edition_id FROM admin_unit u JOIN down d ON u.parent_id = d.id
    WHERE d.edition_id = $3
), hamlet AS (
    SELECT id FROM down WHERE level = 'hamlet' AND edition_id = $3
    UNION ALL
    SELECT x.hamlet_id FROM crosswalk_hamlet x
    WHERE x.new_unit_id = $1 AND x.from_edition_id = $3 AND x.to_edition_id = (SELECT edition_id FROM admin_unit WHERE id = $1)
), teams AS (
    SELECT t.hamlet_id, t.founded, coalesce(t.members, 0) AS members
    FROM team t JOIN registry_import ri ON ri.id = t.import_id
    WHERE ri.edition_id = $3 AND ri.as_of = $2::date AND ri.replaced_at IS NULL
      AND t.hamlet_id IN (SELECT id FROM hamlet)
), dated AS (
    SELECT * FROM teams WHERE founded IS NOT NULL AND founded <= $2::date
), first_team AS (
    SELECT hamlet_id, min(founded) AS founded FROM dated GROUP BY hamlet_id
), months AS (
    SELECT generate_series(date_trunc('month', min(founded)), date_trunc('month', $2::date), interval '1 month')::date AS m
    FROM dated
)
SELECT to_char(m, 'YYYY-MM'),
       (SELECT count(*) FROM hamlet),
       (SELECT count(*) FROM first_team WHERE founded < m + interval '1 month'),
       (SELECT count(*) FROM dated WHERE founded < m + interval '1 month'),
       (SELECT coalesce(sum(members), 0) FROM dated WHERE founded < m + interval '1 month'),
       (SELECT count(*) FROM teams) - (SELECT count(*) FROM dated)
FROM months ORDER BY m
