-- $1 build id, $2 old units, $3 slivers dropped, $4 by nearest, $5 hamlets, $6 hamlets outside,
-- $7 seconds: the build's figures; returns its pair count.
UPDATE crosswalk_build b
SET old_units = $2, slivers_dropped = $3, by_nearest = $4, hamlets = $5, hamlets_outside = $6, seconds = $7,
    pairs = (SELECT count(*) FROM crosswalk_pair p WHERE p.build_id = b.id)
WHERE id = $1
RETURNING pairs
