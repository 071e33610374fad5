-- $1 build id, $2 old edition id, $3 new edition id: where each old hamlet's point fell (xw_hamlet,
-- crosswalk_place_hamlets), kept for carrying snapshots of the old edition to the new units.
INSERT INTO crosswalk_hamlet (build_id, from_edition_id, to_edition_id, level, hamlet_id, new_unit_id, outside)
SELECT $1, $2, $3, level, hamlet_id, new_id, outside FROM xw_hamlet
