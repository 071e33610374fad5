-- Tell running servers the registry changed.
SELECT bump_data_version('registry')
