-- Files made by export jobs (lists too large to stream in one request),
-- kept a week for their creator to download.
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    filename TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    content BLOB NOT NULL,
    size BIGINT NOT NULL,
    row_count BIGINT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX exports_created ON exports (created_at);
