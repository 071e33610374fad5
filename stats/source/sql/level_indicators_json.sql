-- $1 edition id, $2 level: per unit, its indicators as a JSON object {"indicator@period": value}.
SELECT unit_id, json_object_agg(indicator || '@' || period, value ORDER BY indicator, period)::text
FROM indicator WHERE edition_id = $1 AND level = $2
GROUP BY unit_id
