-- $1 edition id, $2 as-of, $3 top-level unit ids (NULL: all): the snapshot's roll-ups again, for
-- those provinces only.
SELECT refresh_coverage($1, $2::date, $3::bigint[])
