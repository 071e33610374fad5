-- $1 edition id, $2 as-of: one importer per snapshot at a time; a second one waits its turn.
SELECT pg_advisory_xact_lock(hashtext('covermap registry ' || $1::text || ' ' || $2::text))
