-- $1 edition id, $2 as-of: the snapshot's coverage roll-ups, from the teams just written.
SELECT refresh_coverage($1, $2::date)
