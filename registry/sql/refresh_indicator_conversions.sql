-- $1 edition id: after an indicator import, its series interpolated onto the units of the editions
-- a spatial crosswalk pairs it with, and theirs onto its own (migration 0013).
SELECT refresh_indicator_conversions($1)
