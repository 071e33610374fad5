-- $1 edition id: its indicator metrics `indicator@period`, comma separated.
SELECT string_agg(DISTINCT indicator || '@' || period, ', ') FROM indicator WHERE edition_id = $1
