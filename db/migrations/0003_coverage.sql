-- Coverage analytics: roll-ups per unit and as-of snapshot (materialised by every import that
-- changes them), indicators per unit and period, queen contiguity per edition and level.

-- Derived data, rebuilt whole per snapshot by refresh_coverage: no foreign keys (checking 114k
-- rows against edition and admin_unit cost more than computing them).
CREATE TABLE coverage (
    edition_id           integer NOT NULL,
    as_of                date NOT NULL,
    unit_id              bigint NOT NULL,
    level                text NOT NULL,
    hamlets              integer NOT NULL,   -- hamlets in the unit (the hamlet itself for a hamlet)
    covered_hamlets      integer NOT NULL,   -- of which with at least one team
    coverage_rate        double precision,   -- covered / hamlets; NULL without hamlets
    teams                integer NOT NULL,
    members              integer NOT NULL,
    households           bigint,             -- of all its hamlets (boundary data), NULL when unknown
    members_per_1000_households double precision,
    households_supported bigint NOT NULL,
    supported_share      double precision,   -- of households
    ecommerce_households bigint NOT NULL,
    ecommerce_share      double precision,
    cashless_households  bigint NOT NULL,
    cashless_share       double precision,
    PRIMARY KEY (edition_id, as_of, unit_id)
);
CREATE INDEX coverage_level_idx ON coverage (edition_id, as_of, level);
-- Imports analyse these columns in their transaction; a small sample is plenty for their few values.
ALTER TABLE coverage ALTER COLUMN edition_id SET STATISTICS 10, ALTER COLUMN as_of SET STATISTICS 10,
                     ALTER COLUMN level SET STATISTICS 10, ALTER COLUMN unit_id SET STATISTICS 10;
CREATE INDEX coverage_unit_idx ON coverage (unit_id);

-- Recompute the roll-ups of one edition's snapshot from its current import's teams. Levels are at
-- most four deep, so a hamlet's ancestors are three joins away; every join is an equi-join on the
-- whole edition, done by hashing (no nested loops: fresh tables have no statistics yet, and a
-- misestimate would make this quadratic).
CREATE FUNCTION refresh_coverage(p_edition integer, p_as_of date) RETURNS integer
LANGUAGE plpgsql SET enable_nestloop = off AS $$
DECLARE
    n integer;
BEGIN
    DELETE FROM coverage WHERE edition_id = p_edition AND as_of = p_as_of;
    WITH unit AS (
        SELECT id, parent_id, level, households FROM admin_unit WHERE edition_id = p_edition
    ), team_sum AS (
        SELECT t.hamlet_id, count(*) AS teams, coalesce(sum(t.members), 0) AS members,
               coalesce(sum(t.households_supported), 0) AS supported,
               coalesce(sum(t.ecommerce_households), 0) AS ecommerce,
               coalesce(sum(t.cashless_households), 0) AS cashless
        FROM team t JOIN registry_import ri ON ri.id = t.import_id
        WHERE ri.edition_id = p_edition AND ri.as_of = p_as_of AND ri.replaced_at IS NULL AND t.hamlet_id IS NOT NULL
        GROUP BY t.hamlet_id
    ), per_hamlet AS (
        SELECT h.id, h.households, coalesce(s.teams, 0) AS teams, coalesce(s.members, 0) AS members,
               coalesce(s.supported, 0) AS supported, coalesce(s.ecommerce, 0) AS ecommerce,
               coalesce(s.cashless, 0) AS cashless,
               ARRAY[h.id, p1.id, p2.id, p3.id] AS ancestors
        FROM unit h
        LEFT JOIN team_sum s ON s.hamlet_id = h.id
        LEFT JOIN unit p1 ON p1.id = h.parent_id
        LEFT JOIN unit p2 ON p2.id = p1.parent_id
        LEFT JOIN unit p3 ON p3.id = p2.parent_id
        WHERE h.level = 'hamlet'
    ), rolled AS (
        SELECT a.unit_id, count(*) AS hamlets, count(*) FILTER (WHERE p.teams > 0) AS covered,
               sum(p.teams) AS teams, sum(p.members) AS members,
               CASE WHEN count(p.households) = count(*) THEN sum(p.households) END AS households,
               sum(p.supported) AS supported, sum(p.ecommerce) AS ecommerce, sum(p.cashless) AS cashless
        FROM per_hamlet p, unnest(p.ancestors) AS a(unit_id)
        WHERE a.unit_id IS NOT NULL
        GROUP BY a.unit_id
    )
    INSERT INTO coverage (edition_id, as_of, unit_id, level, hamlets, covered_hamlets, coverage_rate, teams, members,
                          households, members_per_1000_households, households_supported, supported_share,
                          ecommerce_households, ecommerce_share, cashless_households, cashless_share)
    SELECT p_edition, p_as_of, u.id, u.level, coalesce(r.hamlets, 0), coalesce(r.covered, 0),
           r.covered::double precision / nullif(r.hamlets, 0), coalesce(r.teams, 0), coalesce(r.members, 0),
           r.households, 1000.0 * r.members / nullif(r.households, 0), coalesce(r.supported, 0),
           r.supported::double precision / nullif(r.households, 0), coalesce(r.ecommerce, 0),
           r.ecommerce::double precision / nullif(r.households, 0), coalesce(r.cashless, 0),
           r.cashless::double precision / nullif(r.households, 0)
    FROM unit u LEFT JOIN rolled r ON r.unit_id = u.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- Every snapshot of an edition again (after its boundaries changed).
CREATE FUNCTION refresh_edition_coverage(p_edition integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    snapshot date;
    n integer := 0;
BEGIN
    FOR snapshot IN SELECT DISTINCT as_of FROM registry_import WHERE edition_id = p_edition AND replaced_at IS NULL LOOP
        n := n + refresh_coverage(p_edition, snapshot);
    END LOOP;
    RETURN n;
END
$$;

CREATE TABLE indicator_import (
    id          bigserial PRIMARY KEY,
    edition_id  integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    file_name   text NOT NULL,
    sha256      text NOT NULL,
    rows        integer NOT NULL,
    unmatched   integer NOT NULL,   -- rows whose code names no unit of the edition
    imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE indicator (
    -- Deferred, no cascade: a boundary re-import deletes and re-inserts units with the same ids;
    -- the values of units that disappear are deleted with them (boundaries/sql/detach_removed_units.sql).
    unit_id   bigint NOT NULL REFERENCES admin_unit DEFERRABLE INITIALLY DEFERRED,
    edition_id integer NOT NULL,    -- the unit's, kept here so a level's values need no join
    level     text NOT NULL,
    indicator text NOT NULL CHECK (indicator ~ '^[a-z][a-z0-9_]{0,62}$'),
    period    text NOT NULL,        -- as written: 2023-Q4, 2023-12, 2023
    value     double precision NOT NULL,
    import_id bigint NOT NULL REFERENCES indicator_import ON DELETE CASCADE,
    PRIMARY KEY (unit_id, indicator, period)
);
CREATE INDEX indicator_level_idx ON indicator (edition_id, level, indicator, period);

-- Queen contiguity (as spdep's poly2nb(queen = TRUE): polygons with a vertex within the snap
-- distance of each other), both directions stored.
CREATE TABLE unit_neighbour (
    edition_id   integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    level        text NOT NULL,
    unit_id      bigint NOT NULL,
    neighbour_id bigint NOT NULL,
    PRIMARY KEY (edition_id, level, unit_id, neighbour_id)
);
