-- OGC API – Features (issue 6): which rows a collection's items request matches, written once for
-- the count (numberMatched) and for each page. Plain SQL functions, inlined by the planner, so the
-- filters still use the indexes. NULL arguments mean "no such filter".

-- Units of one edition and level. p_covered asks whether the unit has a hamlet with a team in
-- the snapshot p_as_of (no snapshot: nothing is covered).
CREATE FUNCTION ogc_units(p_edition integer, p_level text, p_code text, p_name text, p_parent_code text,
                          p_type text, p_covered boolean, p_as_of date,
                          p_x0 float8, p_y0 float8, p_x1 float8, p_y1 float8)
RETURNS SETOF admin_unit LANGUAGE sql STABLE AS $$
    SELECT u.* FROM admin_unit u
    WHERE u.edition_id = p_edition AND u.level = p_level
      AND (p_code IS NULL OR u.code = p_code)
      AND (p_name IS NULL OR u.name = p_name)
      AND (p_parent_code IS NULL OR u.parent_code = p_parent_code)
      AND (p_type IS NULL OR u.unit_type = p_type)
      AND (p_covered IS NULL OR p_covered = EXISTS (
               SELECT 1 FROM coverage c
               WHERE c.edition_id = p_edition AND c.as_of = p_as_of AND c.unit_id = u.id AND c.covered_hamlets > 0))
      AND (p_x0 IS NULL OR ST_Intersects(u.geom, ST_MakeEnvelope(p_x0, p_y0, p_x1, p_y1, 4326)))
$$;

-- Teams of the edition's current import for the snapshot p_as_of, optionally founded within
-- [p_from, p_to] (either end open when NULL; with a bound, undated teams do not match).
CREATE FUNCTION ogc_teams(p_edition integer, p_as_of date, p_name text, p_hamlet_code text, p_commune_code text,
                          p_from date, p_to date, p_dated boolean,
                          p_x0 float8, p_y0 float8, p_x1 float8, p_y1 float8)
RETURNS TABLE (id bigint, hamlet_id bigint, commune_id bigint, geom geometry) LANGUAGE sql STABLE AS $$
    SELECT t.id, t.hamlet_id, t.commune_id, coalesce(h.label_point, c.label_point)
    FROM team t
    JOIN registry_import ri ON ri.id = t.import_id
    LEFT JOIN admin_unit h ON h.id = t.hamlet_id
    LEFT JOIN admin_unit c ON c.id = t.commune_id
    WHERE ri.edition_id = p_edition AND ri.as_of = p_as_of AND ri.replaced_at IS NULL
      AND (p_name IS NULL OR t.name = p_name)
      AND (p_hamlet_code IS NULL OR h.code = p_hamlet_code)
      AND (p_commune_code IS NULL OR c.code = p_commune_code)
      AND (NOT p_dated OR (t.founded IS NOT NULL AND (p_from IS NULL OR t.founded >= p_from)
                                                 AND (p_to IS NULL OR t.founded <= p_to)))
      AND (p_x0 IS NULL OR ST_Intersects(coalesce(h.label_point, c.label_point),
                                         ST_MakeEnvelope(p_x0, p_y0, p_x1, p_y1, 4326)))
$$;

-- Items pages walk a level in id order: without this the planner scans the primary key and
-- filters out every other edition's and level's rows first (measured: 114k rows skipped, 28 ms,
-- for the first 250 communes of the 2025 edition).
CREATE INDEX admin_unit_level_id_idx ON admin_unit (edition_id, level, id);
