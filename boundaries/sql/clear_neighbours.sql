-- $1 edition id, $2 level: forget the level's contiguity before computing it again.
DELETE FROM unit_neighbour WHERE edition_id = $1 AND level = $2
