-- $1 seed: an irregular province outline near Lạng Sơn, the same for the same seed.
SELECT encode(ST_AsBinary(ST_Multi(ST_Buffer(ST_ConcaveHull(
           ST_GeneratePoints(ST_Buffer(ST_SetSRID(ST_MakePoint(106.6, 21.7), 4326), 0.45, 32), 80, $1),
           0.5), 0.02, 4))), 'hex')
