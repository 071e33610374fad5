-- $1 edition id (whose teams: for a converted snapshot the edition converted from), $2 as-of: the months from the first founding date of the snapshot's teams to the
-- as-of date (YYYY-MM, oldest first), and how many teams have no founding date.
WITH t AS (
    SELECT t.founded FROM team t JOIN registry_import ri ON ri.id = t.import_id
    WHERE ri.edition_id = $1 AND ri.as_of = $2::date AND ri.replaced_at IS NULL
)
SELECT (SELECT coalesce(json_agg(to_char(m, 'YYYY-MM') ORDER BY m), '[]')
        FROM generate_series(date_trunc('month', (SELECT min(founded) FROM t WHERE founded <= $2::date)),
                             date_trunc('month', $2::date), interval '1 month') m),
       (SELECT count(*) FROM t WHERE founded IS NULL OR founded > $2::date)
