-- $1 old edition id, $2 new edition id, $3 method, $4 levels, $5 source, $6 tolerance, $7 who:
-- a build row (figures filled in at the end); the previous current build of the same editions,
-- method and level families is replaced and its pairs go.
WITH replaced AS (
    UPDATE crosswalk_build SET replaced_at = now()
    WHERE from_edition_id = $1 AND to_edition_id = $2 AND method = $3 AND levels && $4::text[] AND replaced_at IS NULL
    RETURNING id
), gone AS (
    DELETE FROM crosswalk_pair
    WHERE from_edition_id = $1 AND to_edition_id = $2 AND method = $3 AND level = ANY($4::text[])
    RETURNING 1
)
INSERT INTO crosswalk_build (from_edition_id, to_edition_id, method, levels, source, projection, sliver_tolerance,
                             old_units, pairs, seconds, built_by)
SELECT $1, $2, $3, $4::text[], $5, 'EPSG:6933', $6, 0, 0, 0, $7
FROM (SELECT count(*) FROM replaced) r, (SELECT count(*) FROM gone) g
RETURNING id
