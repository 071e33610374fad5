-- $1 edition, $2 level: indicator values per unit as `indicator@period`, in a stable order.
SELECT unit_id, indicator || '@' || period AS metric, round(value::numeric, 4)::float8
FROM indicator WHERE edition_id = $1 AND level = $2
ORDER BY indicator, period, unit_id
