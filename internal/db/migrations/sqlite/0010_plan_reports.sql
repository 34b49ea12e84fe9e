-- Yearly implementation reports generated for plans (DOCX, PDF and the
-- XLSX annex of their figures), kept for download.
CREATE TABLE plan_reports (
    id INTEGER PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('vi', 'en')),
    filename TEXT NOT NULL,
    docx BLOB NOT NULL,
    pdf BLOB NOT NULL,
    xlsx BLOB NOT NULL,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX plan_reports_plan ON plan_reports (plan_id, id);
