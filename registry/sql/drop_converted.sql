-- $1 edition id, $2 as-of: a snapshot converted onto the date from another edition gives way to the
-- edition's own (migration 0012).
SELECT drop_converted($1, $2::date)
