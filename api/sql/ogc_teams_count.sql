-- $1..$12 the arguments of ogc_teams (db/migrations/0005_features.sql): numberMatched.
SELECT count(*) FROM ogc_teams($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
