-- Rows of one import before they replace the level: filled by COPY, checked, repaired, then merged.
CREATE TEMP TABLE unit_staging (
    row_no      bigint NOT NULL,
    code        text NOT NULL,
    name        text,
    name_key    text NOT NULL,
    unit_type   text,
    parent_code text,
    population  bigint,
    households  bigint,
    geom        geometry NOT NULL
) ON COMMIT DROP
