-- The old units' index drives the intersection (one probe per new unit, whose polygon PostGIS
-- then prepares once for all its candidates).
CREATE INDEX ON crosswalk_stage_old USING gist (g);
ANALYZE crosswalk_stage_old;
ANALYZE crosswalk_stage_new
