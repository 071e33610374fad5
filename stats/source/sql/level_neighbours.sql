-- $1 edition id, $2 level: queen contiguity pairs (both directions).
SELECT unit_id, neighbour_id FROM unit_neighbour WHERE edition_id = $1 AND level = $2
