-- $1 old unit ids, $2 new unit ids (arrays of one length): the pairs an official table lists.
CREATE TEMP TABLE xw_official ON COMMIT DROP AS
    SELECT DISTINCT old_id, new_id FROM unnest($1::bigint[], $2::bigint[]) AS t(old_id, new_id)
