-- $1 edition id, $2 as-of: the roll-ups of a snapshot no import supplies any more.
DELETE FROM coverage WHERE edition_id = $1 AND as_of = $2::date
