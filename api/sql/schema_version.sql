SELECT coalesce(max(version), 0) FROM covermap_schema
