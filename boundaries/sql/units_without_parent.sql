-- $1 edition id, $2 level: how many units have no parent, and the first codes of them.
SELECT count(*),
       coalesce(string_agg(code || coalesce(' (parent code ' || parent_code || ')', ''), ', ')
                FILTER (WHERE rn <= 10), '')
FROM (
    SELECT code, parent_code, row_number() OVER (ORDER BY code) AS rn
    FROM admin_unit
    WHERE edition_id = $1 AND level = $2 AND parent_id IS NULL
) orphans
