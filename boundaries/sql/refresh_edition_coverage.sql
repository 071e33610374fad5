-- $1 edition id: the coverage roll-ups of every current snapshot of the edition, again.
SELECT refresh_edition_coverage($1)
