-- Team registries: one import per file, every row of it with its outcome, the teams it placed,
-- and their contacts (personal data) in a table that no public endpoint reads.

CREATE TABLE registry_import (
    id           bigserial PRIMARY KEY,
    edition_id   integer NOT NULL REFERENCES edition ON DELETE CASCADE,
    as_of        date NOT NULL,
    file_name    text NOT NULL,
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes        bigint NOT NULL,
    sheet        text,
    encoding     text NOT NULL,
    headers      jsonb NOT NULL,   -- the file's header row, in order
    columns      jsonb NOT NULL,   -- field → header it was read from
    row_count    integer NOT NULL DEFAULT 0,
    counts       jsonb NOT NULL DEFAULT '{}',  -- outcome → rows
    teams        integer NOT NULL DEFAULT 0,
    rows_with_field_issues integer NOT NULL DEFAULT 0,
    imported_by  text,
    imported_at  timestamptz NOT NULL DEFAULT now(),
    -- A later import of the same edition and as-of date replaces this one's teams; its report stays.
    replaced_by  bigint REFERENCES registry_import ON DELETE SET NULL,
    replaced_at  timestamptz
);
-- One current snapshot per edition and as-of date.
CREATE UNIQUE INDEX registry_import_current_idx ON registry_import (edition_id, as_of) WHERE replaced_at IS NULL;

CREATE TABLE registry_row (
    import_id    bigint NOT NULL REFERENCES registry_import ON DELETE CASCADE,
    line         integer NOT NULL CHECK (line > 0),   -- position among the data rows, from 1
    row_no       text,                                -- the STT column when the file has one
    outcome      text NOT NULL CHECK (outcome IN ('exact', 'normalised', 'fuzzy', 'ambiguous', 'unknown_unit',
                                                  'duplicate', 'conflict', 'invalid')),
    hamlet_code  text,                                -- where it was placed (codes survive boundary re-imports)
    commune_code text,
    reason       text,
    candidates   jsonb NOT NULL DEFAULT '[]',
    field_issues jsonb NOT NULL DEFAULT '[]',
    cells        jsonb NOT NULL,                      -- the row as read: holds personal data, never public
    PRIMARY KEY (import_id, line)
);
CREATE INDEX registry_row_issue_idx ON registry_row (import_id, line)
    WHERE outcome NOT IN ('exact', 'normalised') OR field_issues <> '[]';

-- Rows that did not match cleanly (or whose fields need attention): what a data steward reviews.
CREATE VIEW registry_issue AS
    SELECT * FROM registry_row WHERE outcome NOT IN ('exact', 'normalised') OR field_issues <> '[]';

CREATE TABLE team (
    id                   bigserial PRIMARY KEY,
    import_id            bigint NOT NULL REFERENCES registry_import ON DELETE CASCADE,
    line                 integer NOT NULL,
    -- Deferred like admin_unit.parent_id: a boundary re-import deletes and re-inserts units with
    -- the same ids; units that disappear have their teams detached (NULL) in the same transaction.
    hamlet_id            bigint REFERENCES admin_unit DEFERRABLE INITIALLY DEFERRED,
    commune_id           bigint REFERENCES admin_unit DEFERRABLE INITIALLY DEFERRED,
    match                text NOT NULL CHECK (match IN ('exact', 'normalised', 'fuzzy')),
    name                 text,
    members              integer CHECK (members >= 0),
    founded              date,
    households           integer CHECK (households >= 0),
    households_supported integer CHECK (households_supported >= 0),
    ecommerce_households integer CHECK (ecommerce_households >= 0),
    cashless_households  integer CHECK (cashless_households >= 0),
    note                 text,
    UNIQUE (import_id, line),
    FOREIGN KEY (import_id, line) REFERENCES registry_row (import_id, line) ON DELETE CASCADE
);
CREATE INDEX team_hamlet_idx ON team (hamlet_id);
CREATE INDEX team_commune_idx ON team (commune_id);

-- Personal data: stored for the registry's owners, never read by a public endpoint.
CREATE TABLE team_contact (
    team_id bigint PRIMARY KEY REFERENCES team ON DELETE CASCADE,
    leader  text,
    phone   text
);
