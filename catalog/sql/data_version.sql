-- The data version: bumped by every import (and NOTIFYd on covermap_data: db/change_listener.*).
SELECT version FROM data_version
