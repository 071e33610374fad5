-- Crosswalks between boundary editions (2009 → 2025): per pair of units of one level family, the
-- share of the old unit's area, population and hamlets that lies in the new unit.
-- One row per build (spatial: `covermap crosswalk build`, also on a boundary import of either
-- edition; official: `covermap crosswalk import`). A newer build of the same editions, method and
-- level replaces the older one's pairs; the build row stays as history.
CREATE TABLE crosswalk_build (
    id               bigserial PRIMARY KEY,
    from_edition_id  integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    to_edition_id    integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    method           text NOT NULL CHECK (method IN ('spatial', 'official')),
    levels           text[] NOT NULL,               -- the level families built
    source           text,                          -- official: the file
    projection       text NOT NULL,                 -- where areas are measured, e.g. EPSG:6933
    sliver_tolerance double precision CHECK (sliver_tolerance >= 0 AND sliver_tolerance < 1),
    old_units        bigint NOT NULL,
    pairs            bigint NOT NULL,
    slivers_dropped  bigint NOT NULL DEFAULT 0,
    by_nearest       bigint NOT NULL DEFAULT 0,     -- old units that touch no new unit: given the nearest
    hamlets          bigint NOT NULL DEFAULT 0,     -- old hamlet points placed
    hamlets_outside  bigint NOT NULL DEFAULT 0,     -- of those, in no new unit: given the nearest
    seconds          double precision NOT NULL,
    built_by         text NOT NULL,
    built_at         timestamptz NOT NULL DEFAULT now(),
    replaced_at      timestamptz,                   -- a newer build of the same kind took its place
    stale_since      timestamptz,                   -- official: a boundary import changed the units since
    CHECK (from_edition_id <> to_edition_id)
);
CREATE INDEX crosswalk_build_editions_idx ON crosswalk_build (from_edition_id, to_edition_id) WHERE replaced_at IS NULL;

-- Unit ids are not foreign keys: a boundary re-import deletes a level and copies it back with the
-- same id per code; the import then rebuilds the spatial crosswalks and drops official pairs whose
-- units went (in its transaction).
CREATE TABLE crosswalk_pair (
    build_id         bigint NOT NULL REFERENCES crosswalk_build ON DELETE CASCADE,
    from_edition_id  integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    to_edition_id    integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    level            text NOT NULL REFERENCES admin_level,  -- the family: province→province, commune→commune
    method           text NOT NULL CHECK (method IN ('spatial', 'official')),
    old_unit_id      bigint NOT NULL,
    new_unit_id      bigint NOT NULL,
    intersection_m2  double precision NOT NULL CHECK (intersection_m2 >= 0),  -- before sliver dropping
    area_share       double precision NOT NULL CHECK (area_share BETWEEN 0 AND 1),
    population_share double precision NOT NULL CHECK (population_share BETWEEN 0 AND 1),
    hamlet_share     double precision CHECK (hamlet_share BETWEEN 0 AND 1),  -- NULL: the old unit has no hamlets
    hamlets          integer NOT NULL DEFAULT 0 CHECK (hamlets >= 0),
    PRIMARY KEY (from_edition_id, to_edition_id, method, old_unit_id, new_unit_id)
);
CREATE INDEX crosswalk_pair_new_idx ON crosswalk_pair (new_unit_id);
CREATE INDEX crosswalk_pair_old_idx ON crosswalk_pair (old_unit_id);
CREATE INDEX crosswalk_pair_build_idx ON crosswalk_pair (build_id);
