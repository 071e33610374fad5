-- $1 edition id, $2 as-of: whether any import supplies the snapshot.
SELECT EXISTS (SELECT 1 FROM snapshot_supply WHERE edition_id = $1 AND as_of = $2::date)
