-- Vector tiles (issue 5): polygons generalised once per zoom band at boundary import, so that no
-- tile request simplifies full-resolution polygons. Zooms above the last band read admin_unit's
-- own geom_3857. Shared boundaries are simplified once for both neighbours (tiles/bands.hpp,
-- geo/generalise.hpp), so neighbouring units do not gap at their zoom.
CREATE TABLE unit_shape (
    edition_id integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    level      text NOT NULL,
    band       smallint NOT NULL,   -- the highest zoom this generalisation is made for
    unit_id    bigint NOT NULL,     -- admin_unit.id (kept per code across re-imports, as coverage)
    geom       geometry(MultiPolygon, 3857) NOT NULL,
    PRIMARY KEY (edition_id, level, band, unit_id)
);
-- Read whole (edition, level, band) sets at a time by the tile server: no spatial index needed.
ALTER TABLE unit_shape ALTER COLUMN geom SET STORAGE EXTERNAL;
