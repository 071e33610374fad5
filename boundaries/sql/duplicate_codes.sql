-- Codes that appear more than once in the staged rows, with the rows that carry them.
SELECT code, string_agg(row_no::text, ', ' ORDER BY row_no) AS rows
FROM unit_staging
GROUP BY code
HAVING count(*) > 1
ORDER BY min(row_no)
LIMIT 5
