-- Indicators of one edition's units on another's (issue 17): a series (indicator, period) of the old
-- edition's units is interpolated onto the new units of the same level family through the current
-- spatial crosswalk, where the new edition has no values of its own for it. Counts are split by
-- population (census people of the old unit spread by area: crosswalk_pair.population_share);
-- shares, rates and means are population-weighted means (weights: the old unit's people in the new
-- unit; its area there when the old edition has no census figures). Stored as rows of `indicator`
-- marked converted_from, so every reader serves them unchanged; an import of the series into the
-- new edition replaces them (delete_indicator_series deletes every row of the series).
ALTER TABLE indicator ALTER COLUMN import_id DROP NOT NULL;
ALTER TABLE indicator ADD COLUMN converted_from integer REFERENCES edition ON DELETE CASCADE;
ALTER TABLE indicator ADD CONSTRAINT indicator_source_check CHECK ((import_id IS NULL) <> (converted_from IS NULL));
CREATE INDEX indicator_converted_idx ON indicator (converted_from, edition_id) WHERE converted_from IS NOT NULL;

-- Whether an indicator is a share, rate or mean (averaged) rather than a count (summed), by the
-- suffix of its name: ecommerce_household_share, coverage_rate, members_per_1000 are averaged.
CREATE FUNCTION indicator_is_mean(p_indicator text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT p_indicator ~ '(_share|_rate|_ratio|_pct|_percent|_mean|_average|_avg|_index|_per_[a-z0-9]+)$'
$$;

-- The series (p_indicator, p_period) of p_from's units of level p_level on p_to's units of that
-- level: per new unit, the interpolated value, the weight behind it (people, or m² without census
-- figures) and how many old units contributed. Pairs of the current spatial crosswalk.
CREATE FUNCTION interpolated_indicator(p_from integer, p_to integer, p_level text, p_indicator text, p_period text)
RETURNS TABLE (unit_id bigint, value double precision, weight double precision, sources bigint)
LANGUAGE sql STABLE SET jit = off AS $$
    WITH census AS (
        SELECT bool_and(u.population IS NOT NULL) AS complete FROM admin_unit u WHERE u.edition_id = p_from AND u.level = p_level
    ), part AS (
        SELECT p.new_unit_id, i.value, p.population_share,
               CASE WHEN (SELECT complete FROM census) THEN o.population * p.population_share ELSE p.intersection_m2 END AS w
        FROM crosswalk_pair p
        JOIN crosswalk_build b ON b.id = p.build_id AND b.replaced_at IS NULL
        JOIN indicator i ON i.unit_id = p.old_unit_id AND i.indicator = p_indicator AND i.period = p_period
        JOIN admin_unit o ON o.id = p.old_unit_id
        WHERE p.from_edition_id = p_from AND p.to_edition_id = p_to AND p.method = 'spatial' AND p.level = p_level
          AND i.edition_id = p_from AND i.converted_from IS NULL
    )
    SELECT new_unit_id,
           CASE WHEN indicator_is_mean(p_indicator) THEN sum(w * value) / nullif(sum(w), 0)
                ELSE sum(population_share * value) END,
           sum(w), count(*)
    FROM part GROUP BY new_unit_id
    HAVING NOT indicator_is_mean(p_indicator) OR sum(w) > 0
$$;

-- p_from's indicator series on p_to's units again: every series of a level family the current
-- spatial crosswalk pairs, except those p_to has values of its own for. Returns the rows written.
CREATE FUNCTION refresh_converted_indicators(p_from integer, p_to integer) RETURNS integer
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    s record;
    n integer := 0;
    k integer;
BEGIN
    DELETE FROM indicator WHERE edition_id = p_to AND converted_from = p_from;
    FOR s IN SELECT DISTINCT i.level, i.indicator, i.period FROM indicator i
             WHERE i.edition_id = p_from AND i.converted_from IS NULL
               AND EXISTS (SELECT 1 FROM crosswalk_pair p JOIN crosswalk_build b ON b.id = p.build_id AND b.replaced_at IS NULL
                           WHERE p.from_edition_id = p_from AND p.to_edition_id = p_to AND p.method = 'spatial' AND p.level = i.level)
               AND NOT EXISTS (SELECT 1 FROM indicator own
                               WHERE own.edition_id = p_to AND own.level = i.level AND own.indicator = i.indicator
                                 AND own.period = i.period)
             ORDER BY 1, 2, 3 LOOP
        INSERT INTO indicator (unit_id, edition_id, level, indicator, period, value, import_id, converted_from)
        SELECT x.unit_id, p_to, s.level, s.indicator, s.period, x.value, NULL, p_from
        FROM interpolated_indicator(p_from, p_to, s.level, s.indicator, s.period) x WHERE x.value IS NOT NULL;
        GET DIAGNOSTICS k = ROW_COUNT;
        n := n + k;
    END LOOP;
    RETURN n;
END
$$;

-- After an indicator import into p_edition: the conversions from and onto it again.
CREATE FUNCTION refresh_indicator_conversions(p_edition integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    pair record;
    n integer := 0;
BEGIN
    FOR pair IN SELECT DISTINCT from_edition_id, to_edition_id FROM crosswalk_build
                WHERE method = 'spatial' AND replaced_at IS NULL AND p_edition IN (from_edition_id, to_edition_id) LOOP
        n := n + refresh_converted_indicators(pair.from_edition_id, pair.to_edition_id);
    END LOOP;
    RETURN n;
END
$$;
