-- Duplicates: pairs of enterprises that may be one, queued for a person
-- to decide (the decision is kept, so a pair judged different is not
-- asked about again); and merges of two profiles into one, with what
-- moved, so that a merge can be undone.
ALTER TABLE enterprises ADD COLUMN merged_into BIGINT NOT NULL DEFAULT 0;
-- Listings and counts leave out merged profiles by id against this small
-- index, so that they still never read the wide enterprise row.
CREATE INDEX enterprises_merged ON enterprises (merged_into) WHERE merged_into <> 0;

CREATE TABLE duplicate_pairs (
    a_id BIGINT NOT NULL REFERENCES enterprises (id),
    b_id BIGINT NOT NULL REFERENCES enterprises (id),
    score INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('import', 'scan')),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'same', 'different')),
    decided_by BIGINT NOT NULL DEFAULT 0,
    decided_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (a_id, b_id),
    CHECK (a_id < b_id)
);
CREATE INDEX duplicate_pairs_status ON duplicate_pairs (status, score);
CREATE INDEX duplicate_pairs_b ON duplicate_pairs (b_id);

CREATE TABLE enterprise_merges (
    id INTEGER PRIMARY KEY,
    survivor_id BIGINT NOT NULL REFERENCES enterprises (id),
    merged_id BIGINT NOT NULL REFERENCES enterprises (id),
    moved TEXT NOT NULL,
    merged_by BIGINT NOT NULL,
    merged_at BIGINT NOT NULL,
    undone_by BIGINT NOT NULL DEFAULT 0,
    undone_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX enterprise_merges_survivor ON enterprise_merges (survivor_id, id);
CREATE INDEX enterprise_merges_merged ON enterprise_merges (merged_id, id);
