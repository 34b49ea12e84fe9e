-- Uploaded import files, kept from upload to confirmation so that the
-- preview, the user's corrections and the job all read the same bytes;
-- and the column mapping last used for each header layout.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    filename TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    layout TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'queued', 'done', 'failed')),
    job_id BIGINT NOT NULL DEFAULT 0,
    result TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX imports_created ON imports (created_at);

CREATE TABLE import_layouts (
    layout TEXT PRIMARY KEY,
    options TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
