-- The old units' index drives the intersection (one probe per new unit, whose polygon PostGIS
-- then prepares once for all its candidates). No JIT: it costs more than it saves here.
SET LOCAL jit = off;
CREATE INDEX ON xw_old USING gist (g);
ANALYZE xw_old;
ANALYZE xw_new
