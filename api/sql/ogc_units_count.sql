-- $1..$12 the arguments of ogc_units (db/migrations/0005_features.sql): numberMatched.
SELECT count(*) FROM ogc_units($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
