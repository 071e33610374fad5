-- $1 how many: fresh team ids (contacts are keyed by them, so they are known before the COPY).
SELECT nextval(pg_get_serial_sequence('team', 'id')) FROM generate_series(1, $1)
