-- The new units in EPSG:6933 (filled by crosswalk_stage_new), stored uncompressed: pglz on 40 MB
-- of coordinates that barely compress would double the time of that step.
CREATE UNLOGGED TABLE crosswalk_stage_new (id bigint NOT NULL, level text NOT NULL, g geometry NOT NULL);
ALTER TABLE crosswalk_stage_new ALTER COLUMN g SET STORAGE EXTERNAL
