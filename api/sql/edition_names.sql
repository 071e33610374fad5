SELECT string_agg(name, ', ' ORDER BY valid_from DESC NULLS LAST, id DESC) FROM edition
