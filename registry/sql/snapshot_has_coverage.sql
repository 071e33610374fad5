-- $1 edition id, $2 as-of: whether the snapshot's roll-ups exist (then a scoped refresh suffices).
SELECT EXISTS (SELECT 1 FROM coverage WHERE edition_id = $1 AND as_of = $2::date)
