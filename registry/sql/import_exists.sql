-- $1 import id: its header row, if it exists.
SELECT headers::text FROM registry_import WHERE id = $1
