-- $1 old edition id, $2 new edition id: the old edition's snapshots on the new units again from the
-- hamlet placements just stored (migration 0012); servers drop what they cached.
SELECT refresh_converted($1, $2), bump_data_version('crosswalk')
