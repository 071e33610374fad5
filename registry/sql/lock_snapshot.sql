-- $1 edition id, $2 as-of: one writer per snapshot at a time (uploads, withdrawals); a second waits its turn.
SELECT pg_advisory_xact_lock(hashtext('covermap registry ' || $1::text || ' ' || $2::text))
