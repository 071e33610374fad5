-- $1 edition, $2 level: the generalised tile shapes, before the level's new ones are stored.
DELETE FROM unit_shape WHERE edition_id = $1 AND level = $2
