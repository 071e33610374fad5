-- $1 edition id: the aliases later imports apply (key, id, hamlet code or NULL for not a unit).
SELECT written_key, id, hamlet_code FROM unit_alias WHERE edition_id = $1
