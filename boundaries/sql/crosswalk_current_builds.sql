-- $1 old edition id, $2 new edition id: the crosswalk's current builds, newest first.
SELECT id, method, array_to_string(levels, ',') AS levels, to_char(built_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS built_at,
       to_char(stale_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS stale_since, source, sliver_tolerance
FROM crosswalk_build
WHERE from_edition_id = $1 AND to_edition_id = $2 AND replaced_at IS NULL
ORDER BY built_at DESC, id DESC
