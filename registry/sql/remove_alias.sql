-- $1 alias id: removed (later imports no longer apply it); tells running servers.
WITH gone AS (DELETE FROM unit_alias WHERE id = $1 RETURNING id)
SELECT bump_data_version('registry') FROM gone
