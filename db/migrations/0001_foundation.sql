-- Foundation: administrative levels, editions, units, and the data version that invalidates caches.
CREATE EXTENSION IF NOT EXISTS postgis;

-- Levels are data: an edition holds the subset it has (2009: province, district, commune, hamlet;
-- 2025: province, commune, hamlet). A unit's parent lies at the nearest lower rank present.
CREATE TABLE admin_level (
    name     text PRIMARY KEY,
    rank     integer NOT NULL UNIQUE,
    label_vi text NOT NULL,
    label_en text NOT NULL
);
INSERT INTO admin_level (name, rank, label_vi, label_en) VALUES
    ('province', 1, 'Tỉnh/Thành phố', 'Province'),
    ('district', 2, 'Quận/Huyện', 'District'),
    ('commune', 3, 'Xã/Phường', 'Commune'),
    ('hamlet', 4, 'Thôn/Tổ dân phố', 'Hamlet');

CREATE TABLE edition (
    id         serial PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.-]{1,64}$'),
    title      text,
    valid_from date,
    valid_to   date,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from < valid_to)
);

-- One row per level loaded into an edition: where it came from and when.
CREATE TABLE edition_level (
    edition_id   integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    level        text NOT NULL REFERENCES admin_level,
    source       text NOT NULL,
    source_layer text,
    source_crs   text,
    unit_count   integer NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (edition_id, level)
);

CREATE TABLE admin_unit (
    id          bigserial PRIMARY KEY,
    edition_id  integer NOT NULL,
    level       text NOT NULL,
    code        text NOT NULL CHECK (code <> ''),  -- official code as text: leading zeros matter
    name        text CHECK (name <> ''),           -- NULL where the source has none (reported)
    name_key    text NOT NULL,                      -- normalised name (geo::name_key)
    unit_type   text,                               -- xa, phuong, thi tran, thon, ... when the name says
    -- Deferred: a re-import deletes a level and COPYs it back with the same ids for the same codes;
    -- children keep pointing at those ids, checked at commit.
    parent_id   bigint REFERENCES admin_unit DEFERRABLE INITIALLY DEFERRED,
    parent_code text,
    population  bigint CHECK (population >= 0),
    households  bigint CHECK (households >= 0),
    geom        geometry(Geometry, 4326) NOT NULL   -- valid: importers repair before loading
                CHECK (GeometryType(geom) IN ('MULTIPOLYGON', 'POINT')),
    -- Derived in the same pass as the row is written (COPY included), never out of date.
    geom_3857   geometry(Geometry, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
    label_point geometry(Point, 4326) GENERATED ALWAYS AS (ST_PointOnSurface(geom)) STORED,
    FOREIGN KEY (edition_id, level) REFERENCES edition_level ON DELETE CASCADE,
    UNIQUE (edition_id, level, code)
);
-- Coordinates barely compress: storing them uncompressed saves pglz's futile attempt on every
-- import (measured: about 40% of a commune import) for ~5% more disk.
ALTER TABLE admin_unit ALTER COLUMN geom SET STORAGE EXTERNAL,
                       ALTER COLUMN geom_3857 SET STORAGE EXTERNAL;
CREATE INDEX admin_unit_geom_idx ON admin_unit USING gist (geom);
CREATE INDEX admin_unit_geom_3857_idx ON admin_unit USING gist (geom_3857);
CREATE INDEX admin_unit_parent_idx ON admin_unit (parent_id);
CREATE INDEX admin_unit_name_key_idx ON admin_unit (edition_id, level, name_key);

-- Bumped by every write; NOTIFY tells every running server to drop what it cached.
CREATE TABLE data_version (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version    bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO data_version (version) VALUES (1);

CREATE FUNCTION bump_data_version(what text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    UPDATE data_version SET version = version + 1, changed_at = now() RETURNING version INTO v;
    PERFORM pg_notify('covermap_data', json_build_object('version', v, 'what', what)::text);
    RETURN v;
END
$$;
