-- The data version: bumped by every import.
SELECT version FROM data_version
