-- $1 edition id, $2 as-of: the conversions of that date from and onto the edition again
-- (migration 0012; nothing when no spatial crosswalk touches the edition).
SELECT refresh_conversions($1, $2::date)
