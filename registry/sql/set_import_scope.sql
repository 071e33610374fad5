-- $1 import id, $2 scope kind, $3 province codes (jsonb): how the upload's scope was chosen.
UPDATE registry_import SET scope_kind = $2, scope = $3::jsonb WHERE id = $1
