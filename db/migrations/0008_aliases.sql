-- Corrections that stick: a steward resolves a row to review (to a hamlet, or "not a unit"), and
-- the names as written become an alias that later imports of the edition apply.
ALTER TABLE registry_row DROP CONSTRAINT registry_row_outcome_check;
ALTER TABLE registry_row ADD CONSTRAINT registry_row_outcome_check
    CHECK (outcome IN ('exact', 'normalised', 'fuzzy', 'alias', 'resolved', 'ambiguous', 'unknown_unit', 'not_a_unit',
                       'duplicate', 'conflict', 'out_of_scope', 'invalid'));
ALTER TABLE team DROP CONSTRAINT team_match_check;
ALTER TABLE team ADD CONSTRAINT team_match_check CHECK (match IN ('exact', 'normalised', 'fuzzy', 'alias', 'resolved'));

-- Rows a steward has settled are no longer issues (unless their fields need attention).
DROP VIEW registry_issue;
DROP INDEX registry_row_issue_idx;
CREATE INDEX registry_row_issue_idx ON registry_row (import_id, line)
    WHERE outcome NOT IN ('exact', 'normalised', 'alias', 'resolved', 'not_a_unit') OR field_issues <> '[]';
CREATE VIEW registry_issue AS
    SELECT * FROM registry_row
    WHERE outcome NOT IN ('exact', 'normalised', 'alias', 'resolved', 'not_a_unit') OR field_issues <> '[]';

CREATE TABLE unit_alias (
    id               bigserial PRIMARY KEY,
    edition_id       integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    written_key      text NOT NULL,   -- the place as written, folded: province|district|commune|commune code|hamlet
    province         text,            -- as written, for people
    district         text,
    commune          text,
    hamlet           text,
    hamlet_code      text,            -- where it is; NULL: not a unit (not a team)
    source_import_id bigint REFERENCES registry_import ON DELETE SET NULL,
    source_line      integer,
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (edition_id, written_key)
);
