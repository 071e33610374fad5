-- $1 old edition id, $2 new edition id: the previous spatial build's hamlet placements go.
DELETE FROM crosswalk_hamlet WHERE from_edition_id = $1 AND to_edition_id = $2
