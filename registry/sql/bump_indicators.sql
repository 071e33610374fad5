-- Tell running servers the indicators changed.
SELECT bump_data_version('indicators')
