package importer

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/enterprise"
)

// ExportFile is a file an export job made, kept for download.
type ExportFile struct {
	ID        int64     `json:"id"`
	Filename  string    `json:"filename"`
	Format    string    `json:"format"`
	Size      int64     `json:"size"`
	Rows      int       `json:"rows"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// exportKeep is how long an export job's file is kept.
const exportKeep = 7 * 24 * time.Hour

// NewWriter returns the writer of an export format, "xlsx" or "csv".
func NewWriter(format string, w *bytes.Buffer, cols []Field, header func(Field) string) (RowWriter, error) {
	if format == "xlsx" {
		return NewXLSXWriter(w, cols, header)
	}
	return NewCSVWriter(w, cols, header)
}

// RunExport writes the enterprises f selects, every field, as a file of
// format ("xlsx" or "csv") named name, and keeps it a week for its creator
// to download (OpenExport): the job behind exports of lists too large for
// one request. progress is told how many rows are done of how many.
// Officers and admins only.
func (s *Service) RunExport(ctx context.Context, format string, f enterprise.Filter, name string, header func(Field) string, progress func(done, total int)) (ExportFile, error) {
	a, err := requireManager(ctx)
	if err != nil {
		return ExportFile{}, err
	}
	if format != "xlsx" && format != "csv" {
		var v apperr.Validation
		v.Add("format", "field.choose")
		return ExportFile{}, v.Err()
	}
	count := f
	count.Limit, count.Offset = 1, 0
	page, err := s.registry.FindEnterprises(ctx, count)
	if err != nil {
		return ExportFile{}, err
	}
	var buf bytes.Buffer
	rw, err := NewWriter(format, &buf, ExportColumns(true), header)
	if err != nil {
		return ExportFile{}, apperr.Wrap(err, "start export")
	}
	n := 0
	err = s.registry.Export(ctx, f, func(it enterprise.ExportItem) error {
		n++
		if n%1000 == 0 {
			progress(n, page.Total)
		}
		return rw.Write(it)
	})
	if err != nil {
		return ExportFile{}, err
	}
	if err := rw.Close(); err != nil {
		return ExportFile{}, apperr.Wrap(err, "finish export")
	}
	now := s.now().UTC()
	out := ExportFile{Filename: name + "." + format, Format: format, Size: int64(buf.Len()), Rows: n, CreatedBy: a.UserID, CreatedAt: now}
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM exports WHERE created_at < $1`, db.Micros(now.Add(-exportKeep))); err != nil {
			return apperr.Wrap(err, "drop old exports")
		}
		return apperr.Wrap(tx.QueryRowContext(ctx, `INSERT INTO exports (filename, format, content, size, row_count, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, out.Filename, format, buf.Bytes(), out.Size, n, a.UserID, db.Micros(now)).Scan(&out.ID), "keep export")
	})
	progress(page.Total, page.Total)
	return out, err
}

// OpenExport returns an export job's file: to its creator, or an admin.
func (s *Service) OpenExport(ctx context.Context, id int64) (ExportFile, []byte, error) {
	a, err := requireManager(ctx)
	if err != nil {
		return ExportFile{}, nil, err
	}
	var f ExportFile
	var content []byte
	var created int64
	err = s.db.QueryRowContext(ctx, `SELECT id, filename, format, size, row_count, created_by, created_at, content FROM exports WHERE id = $1`, id).
		Scan(&f.ID, &f.Filename, &f.Format, &f.Size, &f.Rows, &f.CreatedBy, &created, &content)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil, apperr.New(apperr.NotFound, "export.not_found")
	}
	if err != nil {
		return f, nil, apperr.Wrap(err, "find export")
	}
	if f.CreatedBy != a.UserID && a.Role != actor.Admin && !a.System {
		// Another officer's file is as if it did not exist.
		return ExportFile{}, nil, apperr.New(apperr.NotFound, "export.not_found")
	}
	f.CreatedAt = db.FromMicros(created)
	return f, content, nil
}
