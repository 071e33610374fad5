-- Snapshots of one edition on the units of another (issue 17), kept like native ones: the figures
-- of a converted snapshot are rows of `coverage` under the target edition, so every endpoint, tile
-- and export that reads coverage serves them from the same caches. A snapshot of the target's own
-- registry at the same date always wins over a conversion.
CREATE TABLE converted_snapshot (
    to_edition_id   integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    as_of           date NOT NULL,
    from_edition_id integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    build_id        bigint NOT NULL REFERENCES crosswalk_build ON DELETE CASCADE,
    method          text NOT NULL,                  -- how counts and shares were carried over
    levels          text[] NOT NULL,                -- the target's levels that have figures
    converted_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (to_edition_id, as_of),
    CHECK (from_edition_id <> to_edition_id)
);

-- Every snapshot an edition can be asked for, once per date: its own current registry snapshots
-- and the conversions onto its units. source_edition_id holds the teams (the edition itself, or
-- the one converted from).
CREATE VIEW current_snapshot AS
SELECT ri.edition_id, ri.as_of, NULL::integer AS converted_from, ri.edition_id AS source_edition_id,
       sum(ri.teams)::bigint AS teams
FROM registry_import ri WHERE ri.replaced_at IS NULL GROUP BY ri.edition_id, ri.as_of
UNION ALL
SELECT cs.to_edition_id, cs.as_of, cs.from_edition_id, cs.from_edition_id,
       (SELECT coalesce(sum(ri.teams), 0) FROM registry_import ri
        WHERE ri.edition_id = cs.from_edition_id AND ri.as_of = cs.as_of AND ri.replaced_at IS NULL)::bigint
FROM converted_snapshot cs;

-- A conversion's figures go with it, however it goes (dropped, refreshed, or with its crosswalk
-- build or an edition). No snapshot of the target's own shares its date, so they are all its.
CREATE FUNCTION converted_snapshot_gone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM coverage WHERE edition_id = OLD.to_edition_id AND as_of = OLD.as_of;
    RETURN OLD;
END
$$;
CREATE TRIGGER converted_snapshot_coverage AFTER DELETE ON converted_snapshot
FOR EACH ROW EXECUTE FUNCTION converted_snapshot_gone();

-- The conversion of (p_to, p_as_of) goes, with its figures: a snapshot of p_to's own is about to be
-- written at that date. Returns whether there was one.
CREATE FUNCTION drop_converted(p_to integer, p_as_of date) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM converted_snapshot WHERE to_edition_id = p_to AND as_of = p_as_of;
    RETURN FOUND;
END
$$;

-- The current snapshots of p_from (all, or the one of p_as_of) on p_to's units again, from the
-- hamlet placements of the current spatial crosswalk: per level family, each old hamlet with its
-- teams counted in the new unit its point fell in (converted_coverage, exact). Dates where p_to has
-- a snapshot of its own, or a conversion from a third edition, are left alone. Returns the
-- coverage rows written.
CREATE FUNCTION refresh_converted(p_from integer, p_to integer, p_as_of date DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    d date;
    lv text;
    build bigint;
    fams text[];
    n integer := 0;
    k integer;
BEGIN
    DELETE FROM converted_snapshot cs
    WHERE cs.from_edition_id = p_from AND cs.to_edition_id = p_to AND (p_as_of IS NULL OR cs.as_of = p_as_of);
    SELECT max(x.build_id), array_agg(DISTINCT x.level) INTO build, fams
    FROM (SELECT DISTINCT build_id, level FROM crosswalk_hamlet WHERE from_edition_id = p_from AND to_edition_id = p_to) x;
    IF build IS NULL THEN
        RETURN 0;
    END IF;
    FOR d IN SELECT DISTINCT ri.as_of FROM registry_import ri
             WHERE ri.edition_id = p_from AND ri.replaced_at IS NULL AND (p_as_of IS NULL OR ri.as_of = p_as_of)
               AND NOT EXISTS (SELECT 1 FROM registry_import own
                               WHERE own.edition_id = p_to AND own.as_of = ri.as_of AND own.replaced_at IS NULL)
               AND NOT EXISTS (SELECT 1 FROM converted_snapshot cs WHERE cs.to_edition_id = p_to AND cs.as_of = ri.as_of)
             ORDER BY 1 LOOP
        INSERT INTO converted_snapshot (to_edition_id, as_of, from_edition_id, build_id, method, levels)
        VALUES (p_to, d, p_from, build, 'hamlet points', fams);
        FOREACH lv IN ARRAY fams LOOP
            INSERT INTO coverage (edition_id, as_of, unit_id, level, hamlets, covered_hamlets, coverage_rate, teams, members,
                                  households, members_per_1000_households, households_supported, supported_share,
                                  ecommerce_households, ecommerce_share, cashless_households, cashless_share)
            SELECT p_to, d, c.unit_id, lv, c.hamlets, c.covered_hamlets, c.coverage_rate, c.teams, c.members, c.households,
                   1000.0 * c.members / nullif(c.households, 0), c.households_supported,
                   c.households_supported::double precision / nullif(c.households, 0), c.ecommerce_households,
                   c.ecommerce_households::double precision / nullif(c.households, 0), c.cashless_households,
                   c.cashless_households::double precision / nullif(c.households, 0)
            FROM converted_coverage(p_from, p_to, d, lv) c;
            GET DIAGNOSTICS k = ROW_COUNT;
            n := n + k;
        END LOOP;
    END LOOP;
    RETURN n;
END
$$;

-- After a write to p_edition's snapshots (all, or the one of p_as_of) or to a crosswalk touching it:
-- every conversion from or onto it again. Returns the coverage rows written.
CREATE FUNCTION refresh_conversions(p_edition integer, p_as_of date DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    pair record;
    n integer := 0;
BEGIN
    FOR pair IN SELECT DISTINCT from_edition_id, to_edition_id FROM crosswalk_hamlet
                WHERE p_edition IN (from_edition_id, to_edition_id)
                UNION
                SELECT from_edition_id, to_edition_id FROM converted_snapshot
                WHERE p_edition IN (from_edition_id, to_edition_id) LOOP
        n := n + refresh_converted(pair.from_edition_id, pair.to_edition_id, p_as_of);
    END LOOP;
    RETURN n;
END
$$;
