-- The boundary import's server work (issue 19). admin_unit.geom_3857 was a generated column: the
-- server projected every vertex with PROJ (about 0.2 s of CPU per national commune import) that
-- the importer had already projected for the tile generaliser. It becomes a plain column the
-- importer sends (boundaries/unit_loader.cpp: the spherical formula of geo::web_mercator, which may
-- differ from PROJ's in the last bit); every other writer gets ST_Transform from the triggers
-- below, as before: an INSERT without it, an UPDATE of geom that leaves it as it was, or NULL.
-- No query reads geom_3857 through its GiST index (tiles read a level by edition and level, the
-- items pages and the spatial filters use geom), so the index, which every import maintained, goes.
DROP INDEX admin_unit_geom_3857_idx;
ALTER TABLE admin_unit ALTER COLUMN geom_3857 DROP EXPRESSION;

CREATE FUNCTION admin_unit_fill_geom_3857() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.geom_3857 := ST_Transform(NEW.geom, 3857);
    RETURN NEW;
END
$$;

CREATE TRIGGER admin_unit_geom_3857_insert BEFORE INSERT ON admin_unit
    FOR EACH ROW WHEN (NEW.geom_3857 IS NULL) EXECUTE FUNCTION admin_unit_fill_geom_3857();
-- A writer that changes geom without (or with the same) geom_3857 gets it recomputed.
CREATE TRIGGER admin_unit_geom_3857_update BEFORE UPDATE OF geom, geom_3857 ON admin_unit
    FOR EACH ROW WHEN (NEW.geom_3857 IS NULL OR (NEW.geom IS DISTINCT FROM OLD.geom AND NEW.geom_3857 IS NOT DISTINCT FROM OLD.geom_3857))
    EXECUTE FUNCTION admin_unit_fill_geom_3857();
