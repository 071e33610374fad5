-- A snapshot (edition + as-of date) is the union of its uploads: provinces report their own teams,
-- and an upload replaces only the teams of its scope (the provinces it covers). snapshot_supply
-- says which import supplies each top-level unit (a unit without parent: the province) of a
-- snapshot; an import stays current (replaced_at IS NULL) while it supplies at least one.

DROP INDEX registry_import_current_idx;
CREATE INDEX registry_import_snapshot_idx ON registry_import (edition_id, as_of) WHERE replaced_at IS NULL;

ALTER TABLE registry_import
    -- How the scope was chosen: 'placed' (the provinces its rows were placed in), 'explicit'
    -- (--scope province:CODE), 'national' (every province of the edition).
    ADD COLUMN scope_kind   text NOT NULL DEFAULT 'national' CHECK (scope_kind IN ('placed', 'explicit', 'national')),
    ADD COLUMN scope        jsonb NOT NULL DEFAULT '[]',   -- province codes it replaced, as it landed
    ADD COLUMN withdrawn_at timestamptz,
    ADD COLUMN withdrawn_by text;

CREATE TABLE snapshot_supply (
    edition_id    integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    as_of         date NOT NULL,
    province_code text NOT NULL,   -- the top-level unit's code (codes survive boundary re-imports)
    import_id     bigint NOT NULL REFERENCES registry_import ON DELETE CASCADE,
    supplied_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (edition_id, as_of, province_code)
);
CREATE INDEX snapshot_supply_import_idx ON snapshot_supply (import_id);

-- The team's top-level unit, so that an upload or a withdrawal touches one province's teams.
ALTER TABLE team ADD COLUMN province_id bigint;
CREATE INDEX team_import_province_idx ON team (import_id, province_id);

-- Rows an explicit scope leaves out: placed, but in a province the upload does not replace.
ALTER TABLE registry_row DROP CONSTRAINT registry_row_outcome_check;
ALTER TABLE registry_row ADD CONSTRAINT registry_row_outcome_check
    CHECK (outcome IN ('exact', 'normalised', 'fuzzy', 'ambiguous', 'unknown_unit', 'duplicate', 'conflict',
                       'out_of_scope', 'invalid'));

-- The units of an edition with their top-level ancestor (levels are at most four deep).
CREATE FUNCTION unit_roots(p_edition integer) RETURNS TABLE (id bigint, root_id bigint)
LANGUAGE sql STABLE SET enable_nestloop = off AS $$
    SELECT u.id, coalesce(p3.id, p2.id, p1.id, u.id)
    FROM admin_unit u
    LEFT JOIN admin_unit p1 ON p1.id = u.parent_id
    LEFT JOIN admin_unit p2 ON p2.id = p1.parent_id
    LEFT JOIN admin_unit p3 ON p3.id = p2.parent_id
    WHERE u.edition_id = p_edition
$$;

-- Existing data: every current import was a whole snapshot, so it supplies every province.
UPDATE team t SET province_id = r.root_id
FROM registry_import ri, LATERAL unit_roots(ri.edition_id) r
WHERE ri.id = t.import_id AND r.id = coalesce(t.hamlet_id, t.commune_id);
INSERT INTO snapshot_supply (edition_id, as_of, province_code, import_id, supplied_at)
SELECT ri.edition_id, ri.as_of, u.code, ri.id, ri.imported_at
FROM registry_import ri JOIN admin_unit u ON u.edition_id = ri.edition_id AND u.parent_id IS NULL
WHERE ri.replaced_at IS NULL;
UPDATE registry_import ri SET scope = coalesce((SELECT jsonb_agg(s.province_code ORDER BY s.province_code)
                                                FROM snapshot_supply s WHERE s.import_id = ri.id), '[]');

-- The roll-ups of one snapshot, of every unit (p_roots NULL) or of the units under the given
-- top-level units only: an upload for one province leaves the others' rows as they are.
DROP FUNCTION refresh_coverage(integer, date);
CREATE FUNCTION refresh_coverage(p_edition integer, p_as_of date, p_roots bigint[] DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SET enable_nestloop = off AS $$
DECLARE
    n integer;
BEGIN
    DELETE FROM coverage c
    WHERE c.edition_id = p_edition AND c.as_of = p_as_of
      AND (p_roots IS NULL OR c.unit_id IN (SELECT r.id FROM unit_roots(p_edition) r WHERE r.root_id = ANY (p_roots)));
    WITH unit AS (
        SELECT u.id, u.parent_id, u.level, u.households FROM admin_unit u
        WHERE u.edition_id = p_edition
          AND (p_roots IS NULL OR u.id IN (SELECT r.id FROM unit_roots(p_edition) r WHERE r.root_id = ANY (p_roots)))
    ), team_sum AS (
        SELECT t.hamlet_id, count(*) AS teams, coalesce(sum(t.members), 0) AS members,
               coalesce(sum(t.households_supported), 0) AS supported,
               coalesce(sum(t.ecommerce_households), 0) AS ecommerce,
               coalesce(sum(t.cashless_households), 0) AS cashless
        FROM team t JOIN registry_import ri ON ri.id = t.import_id
        WHERE ri.edition_id = p_edition AND ri.as_of = p_as_of AND ri.replaced_at IS NULL AND t.hamlet_id IS NOT NULL
          AND (p_roots IS NULL OR t.province_id = ANY (p_roots))
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

-- After a boundary re-import: every snapshot of the edition again; teams follow their hamlet's root.
CREATE OR REPLACE FUNCTION refresh_edition_coverage(p_edition integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    snapshot date;
    n integer := 0;
BEGIN
    UPDATE team t SET province_id = r.root_id
    FROM registry_import ri, unit_roots(p_edition) r
    WHERE ri.id = t.import_id AND ri.edition_id = p_edition AND r.id = coalesce(t.hamlet_id, t.commune_id)
      AND t.province_id IS DISTINCT FROM r.root_id;
    FOR snapshot IN SELECT DISTINCT as_of FROM registry_import WHERE edition_id = p_edition AND replaced_at IS NULL LOOP
        n := n + refresh_coverage(p_edition, snapshot);
    END LOOP;
    RETURN n;
END
$$;
