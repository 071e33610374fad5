-- The boundary import's server work (issue 19). unit_neighbour and unit_shape, which an import
-- rewrites whole (18,858 neighbour rows and 18,094 shapes for the 2025 communes), referred to
-- edition with a foreign key: PostgreSQL checks one row at a time (a lookup in edition per row,
-- ~5 µs: COPY of the neighbour rows took 107–146 ms with it, 30–50 ms without; bench/RESULTS.md),
-- and the COPYs run after the last unit, while nothing else overlaps them. The same guarantees now
-- come once per statement:
--  * the new rows' editions must exist, and are locked FOR KEY SHARE, as the foreign key did (a
--    concurrent DELETE of the edition waits for the writer to finish);
--  * deleting an edition deletes its rows (was ON DELETE CASCADE).
ALTER TABLE unit_neighbour DROP CONSTRAINT unit_neighbour_edition_id_fkey;
ALTER TABLE unit_shape DROP CONSTRAINT unit_shape_edition_id_fkey;

CREATE FUNCTION edition_of_new_rows_exists() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing integer;
BEGIN
    PERFORM 1 FROM edition WHERE id IN (SELECT DISTINCT edition_id FROM new_rows) FOR KEY SHARE;
    SELECT min(n.edition_id) INTO missing FROM new_rows n
     WHERE NOT EXISTS (SELECT 1 FROM edition e WHERE e.id = n.edition_id);
    IF missing IS NOT NULL THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('%s: edition %s does not exist', TG_TABLE_NAME, missing),
            TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER unit_neighbour_edition_insert AFTER INSERT ON unit_neighbour
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION edition_of_new_rows_exists();
CREATE TRIGGER unit_neighbour_edition_update AFTER UPDATE ON unit_neighbour
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION edition_of_new_rows_exists();
CREATE TRIGGER unit_shape_edition_insert AFTER INSERT ON unit_shape
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION edition_of_new_rows_exists();
CREATE TRIGGER unit_shape_edition_update AFTER UPDATE ON unit_shape
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION edition_of_new_rows_exists();

CREATE FUNCTION edition_delete_derived_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM unit_neighbour WHERE edition_id = OLD.id;
    DELETE FROM unit_shape WHERE edition_id = OLD.id;
    RETURN OLD;
END
$$;

CREATE TRIGGER edition_delete_derived_rows AFTER DELETE ON edition
    FOR EACH ROW EXECUTE FUNCTION edition_delete_derived_rows();
