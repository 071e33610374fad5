-- $1 import id: its header row and which header each field was read from.
SELECT headers::text, columns::text FROM registry_import WHERE id = $1
