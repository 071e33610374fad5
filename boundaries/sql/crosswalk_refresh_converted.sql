-- $1 old edition id, $2 new edition id: the old edition's snapshots (migration 0012) and indicator
-- series (0013) on the new units again, from the placements and pairs just stored; servers drop
-- what they cached.
SELECT refresh_converted($1, $2), refresh_converted_indicators($1, $2), bump_data_version('crosswalk')
