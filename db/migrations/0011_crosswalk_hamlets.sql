-- Figures of one edition's snapshot on the units of another (issue 17): a team moves with its
-- hamlet's point, so a snapshot of the 2009 units is counted on the 2025 communes exactly, without
-- weights. The spatial crosswalk build keeps where each old hamlet's point fell (the new unit of
-- each level family: containment, a point on a shared border to the lower unit id, a point in no new
-- unit to the nearest), replacing the previous build's.
CREATE TABLE crosswalk_hamlet (
    build_id        bigint NOT NULL REFERENCES crosswalk_build ON DELETE CASCADE,
    from_edition_id integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    to_edition_id   integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    level           text NOT NULL REFERENCES admin_level,  -- the family of the new unit
    hamlet_id       bigint NOT NULL,                        -- the old edition's hamlet
    new_unit_id     bigint NOT NULL,
    outside         boolean NOT NULL,                       -- in no new unit: given the nearest
    PRIMARY KEY (from_edition_id, to_edition_id, level, hamlet_id)
);
CREATE INDEX crosswalk_hamlet_new_idx ON crosswalk_hamlet (new_unit_id);
CREATE INDEX crosswalk_hamlet_build_idx ON crosswalk_hamlet (build_id);

-- The coverage figures of the current snapshot (p_from, p_as_of) on the units of level p_level of
-- edition p_to: every old hamlet counted in the new unit its point fell in, with its teams, members
-- and households. Hamlets and covered hamlets are the old edition's (the new edition's own hamlets
-- are other points); a unit no old hamlet fell in has 0 hamlets and no rate.
CREATE FUNCTION converted_coverage(p_from integer, p_to integer, p_as_of date, p_level text)
RETURNS TABLE (unit_id bigint, hamlets bigint, covered_hamlets bigint, coverage_rate double precision, teams bigint,
               members bigint, households bigint, households_supported bigint, ecommerce_households bigint,
               cashless_households bigint)
LANGUAGE sql STABLE SET jit = off AS $$
    WITH team_sum AS (
        SELECT t.hamlet_id, count(*) AS teams, coalesce(sum(t.members), 0) AS members,
               coalesce(sum(t.households_supported), 0) AS supported,
               coalesce(sum(t.ecommerce_households), 0) AS ecommerce,
               coalesce(sum(t.cashless_households), 0) AS cashless
        FROM team t JOIN registry_import ri ON ri.id = t.import_id
        WHERE ri.edition_id = p_from AND ri.as_of = p_as_of AND ri.replaced_at IS NULL AND t.hamlet_id IS NOT NULL
        GROUP BY t.hamlet_id
    ), rolled AS (
        SELECT x.new_unit_id, count(*) AS hamlets, count(*) FILTER (WHERE s.teams > 0) AS covered,
               coalesce(sum(s.teams), 0) AS teams, coalesce(sum(s.members), 0) AS members,
               CASE WHEN count(h.households) = count(*) THEN sum(h.households) END AS households,
               coalesce(sum(s.supported), 0) AS supported, coalesce(sum(s.ecommerce), 0) AS ecommerce,
               coalesce(sum(s.cashless), 0) AS cashless
        FROM crosswalk_hamlet x
        JOIN admin_unit h ON h.id = x.hamlet_id
        LEFT JOIN team_sum s ON s.hamlet_id = x.hamlet_id
        WHERE x.from_edition_id = p_from AND x.to_edition_id = p_to AND x.level = p_level
        GROUP BY x.new_unit_id
    )
    SELECT u.id, coalesce(r.hamlets, 0), coalesce(r.covered, 0), r.covered::double precision / nullif(r.hamlets, 0),
           coalesce(r.teams, 0), coalesce(r.members, 0), r.households, coalesce(r.supported, 0),
           coalesce(r.ecommerce, 0), coalesce(r.cashless, 0)
    FROM admin_unit u LEFT JOIN rolled r ON r.new_unit_id = u.id
    WHERE u.edition_id = p_to AND u.level = p_level
$$;
