package importer

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// Service keeps uploaded import files from upload to confirmation and
// runs them against the registry. Officers and admins only.
type Service struct {
	db       *db.DB
	registry *enterprise.Service
	units    *vn.Units
	limits   Limits
	now      func() time.Time
}

// NewService returns the import service.
func NewService(d *db.DB, registry *enterprise.Service, units *vn.Units, lim Limits) *Service {
	return &Service{db: d, registry: registry, units: units, limits: lim, now: time.Now}
}

// Limits are the service's file limits.
func (s *Service) Limits() Limits { return s.limits }

// Status is where an import is.
type Status string

// The states of an import.
const (
	StatusDraft  Status = "draft"  // uploaded, being previewed and corrected
	StatusQueued Status = "queued" // confirmed, its job queued or running
	StatusDone   Status = "done"   // written
	StatusFailed Status = "failed" // its job failed; nothing was written
)

// Import is an uploaded file and what the user chose for it.
type Import struct {
	ID        int64                  `json:"id"`
	Filename  string                 `json:"filename"`
	Size      int64                  `json:"size"`
	SHA256    string                 `json:"sha256"`
	Layout    string                 `json:"layout"`
	Options   Options                `json:"options"`
	Status    Status                 `json:"status"`
	JobID     int64                  `json:"job_id"`
	Result    *enterprise.ImportPlan `json:"result,omitempty"`
	CreatedBy int64                  `json:"created_by"`
	CreatedAt time.Time              `json:"created_at"`
}

func requireManager(ctx context.Context) (actor.Actor, error) {
	return actor.Require(ctx, actor.Admin, actor.Officer)
}

// layoutKey identifies a header layout: the same columns in the same
// order, however they are spelled or encoded.
func layoutKey(header []string) string {
	var b strings.Builder
	for _, h := range header {
		b.WriteString(foldHeader(RepairHeader(h)))
		b.WriteByte('|')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:16])
}

// Upload reads a file (refusing what Read refuses), and keeps it for the
// preview. A layout seen before gets the mapping the user settled on then.
func (s *Service) Upload(ctx context.Context, filename string, r io.Reader) (Import, error) {
	if _, err := requireManager(ctx); err != nil {
		return Import{}, err
	}
	data, err := ReadAll(r, s.limits)
	if err != nil {
		return Import{}, err
	}
	t, err := Open(data, s.limits)
	if err != nil {
		return Import{}, err
	}
	return s.keep(ctx, s.db, filename, data, t, StatusDraft)
}

// KeepIn stores, inside the transaction that writes it, a file the
// command line imports at once, as done (Finish adds its plan after
// commit): it is kept like an uploaded one (the import's audit entry
// names it), and a crash leaves neither the rows nor the file.
func (s *Service) KeepIn(ctx context.Context, tx *db.Tx, filename string, data []byte, t *File) (Import, error) {
	if _, err := requireManager(ctx); err != nil {
		return Import{}, err
	}
	return s.keep(ctx, tx, filename, data, t, StatusDone)
}

func (s *Service) keep(ctx context.Context, q db.Querier, filename string, data []byte, t *File, status Status) (Import, error) {
	a := actor.From(ctx)
	im := Import{Filename: cleanName(filename), Size: int64(len(data)), Layout: layoutKey(t.Header), Status: status, CreatedBy: a.UserID, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	var saved string
	err := q.QueryRowContext(ctx, `SELECT options FROM import_layouts WHERE layout = $1`, im.Layout).Scan(&saved)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return Import{}, apperr.Wrap(err, "find layout")
	case status == StatusDraft:
		_ = json.Unmarshal([]byte(saved), &im.Options)
		if len(im.Options.Mapping) != len(t.Header) {
			im.Options = Options{}
		}
	}
	opts, _ := json.Marshal(im.Options)
	sum := sha256.Sum256(data)
	im.SHA256 = hex.EncodeToString(sum[:])
	content, err := packContent(data)
	if err != nil {
		return Import{}, apperr.Wrap(err, "compress import")
	}
	err = q.QueryRowContext(ctx, `INSERT INTO imports (filename, size, sha256, content, layout, options, status, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		im.Filename, im.Size, im.SHA256, content, im.Layout, string(opts), string(status), im.CreatedBy, db.Micros(im.CreatedAt)).Scan(&im.ID)
	if err != nil {
		return Import{}, apperr.Wrap(err, "store import")
	}
	return im, nil
}

func cleanName(name string) string {
	name = vn.NFC(strings.TrimSpace(name))
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	if name == "" {
		name = "import"
	}
	return name
}

const importCols = `id, filename, size, sha256, layout, options, status, job_id, result, created_by, created_at`

func scanImport(sc interface{ Scan(...any) error }, extra ...any) (Import, error) {
	var im Import
	var opts, status, result string
	var created int64
	err := sc.Scan(append([]any{&im.ID, &im.Filename, &im.Size, &im.SHA256, &im.Layout, &opts, &status, &im.JobID, &result, &im.CreatedBy, &created}, extra...)...)
	if err != nil {
		return im, err
	}
	im.Status, im.CreatedAt = Status(status), db.FromMicros(created)
	_ = json.Unmarshal([]byte(opts), &im.Options)
	if result != "" {
		var p enterprise.ImportPlan
		if json.Unmarshal([]byte(result), &p) == nil {
			im.Result = &p
		}
	}
	return im, nil
}

func (s *Service) load(ctx context.Context, q db.Querier, id int64) (Import, []byte, error) {
	var data []byte
	im, err := scanImport(q.QueryRowContext(ctx, `SELECT `+importCols+`, content FROM imports WHERE id = $1`, id), &data)
	if errors.Is(err, sql.ErrNoRows) {
		return im, nil, apperr.New(apperr.NotFound, "import.not_found")
	}
	if err != nil {
		return im, nil, apperr.Wrap(err, "load import")
	}
	if im.Size > s.limits.MaxBytes {
		// A file the command line imported, larger than an upload may be.
		return im, nil, apperr.Errorf(apperr.Invalid, "import.too_large", "max_mb", s.limits.MaxBytes>>20)
	}
	if data, err = unpackContent(data, im.Size); err != nil {
		return im, nil, apperr.Wrap(err, "load import")
	}
	return im, data, nil
}

// A kept file of packMin bytes or more is stored gzip-compressed: a CSV
// of a million rows shrinks about eightfold, and the database driver
// copies what it stores twice in memory. Its recorded size and gzip's
// magic bytes say it is packed (an upload is a spreadsheet, a zip, or
// text; a smaller one is stored as it is, whatever it begins with).
const packMin = 1 << 20

var gzipMagic = []byte{0x1f, 0x8b}

func packContent(data []byte) ([]byte, error) {
	if len(data) < packMin {
		return data, nil
	}
	var b bytes.Buffer
	b.Grow(len(data) / 4)
	w, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// unpackContent reads a kept file of size bytes back: packed when it is
// at least packMin bytes and begins with gzip's magic (a smaller upload
// never is, whatever it begins with), and never read past its size.
func unpackContent(stored []byte, size int64) ([]byte, error) {
	if size < packMin || !bytes.HasPrefix(stored, gzipMagic) {
		return stored, nil
	}
	r, err := gzip.NewReader(bytes.NewReader(stored))
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, size+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) != size {
		return nil, fmt.Errorf("kept file holds %d bytes, not %d", len(data), size)
	}
	return data, nil
}

// Recent lists the latest imports, newest first.
func (s *Service) Recent(ctx context.Context, limit int) ([]Import, error) {
	if _, err := requireManager(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+importCols+` FROM imports ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "list imports")
	}
	defer rows.Close()
	var out []Import
	for rows.Next() {
		im, err := scanImport(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan import")
		}
		out = append(out, im)
	}
	return out, apperr.Wrap(rows.Err(), "list imports")
}

// Preview is an import as the user checks it before confirming: what was
// found in each column and what each row will do.
type Preview struct {
	Import Import
	Result Result // the columns; the rows were planned as they were read
	Plan   enterprise.ImportPlan
	File   *File // to read the rows again (the refused ones, for a download)
}

func (s *Service) converter() Converter {
	return Converter{Units: s.units, Province: s.registry.ProvinceCode(), Today: s.registry.Today()}
}

// Preview reads the stored file with the import's options and plans it
// against the registry, writing nothing.
func (s *Service) Preview(ctx context.Context, id int64) (Preview, error) {
	if _, err := requireManager(ctx); err != nil {
		return Preview{}, err
	}
	im, data, err := s.load(ctx, s.db, id)
	if err != nil {
		return Preview{}, err
	}
	f, err := Open(data, s.limits)
	if err != nil {
		return Preview{}, err
	}
	res, rows := s.converter().Stream(f, im.Options)
	if len(res.Missing) == 0 {
		// Planned as read, so that a preview of a large file holds its
		// plan, not its rows; the columns' repair counts fill in on the way.
		plan, err := s.registry.PlanImport(ctx, rows)
		if err != nil {
			return Preview{}, err
		}
		return Preview{Import: im, Result: res, Plan: plan, File: f}, nil
	}
	return Preview{Import: im, Result: res, File: f}, nil
}

// SetOptions records the user's corrections (column mapping, encodings)
// for a draft import, and remembers them for files of the same layout.
func (s *Service) SetOptions(ctx context.Context, id int64, opt Options) error {
	if _, err := requireManager(ctx); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		im, data, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if im.Status != StatusDraft {
			return apperr.New(apperr.Conflict, "import.not_draft")
		}
		t, err := Open(data, s.limits)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if opt.Mapping != nil && len(opt.Mapping) != len(t.Header) {
			v.Add("mapping", "field.choose")
		}
		seen := map[Field]bool{}
		for _, f := range opt.Mapping {
			if f == FieldIgnore {
				continue
			}
			if !validField(f) {
				v.Add("mapping", "field.choose")
				break
			}
			if seen[f] {
				v.Add("mapping", "import.field_twice")
				break
			}
			seen[f] = true
		}
		for col, e := range opt.Encodings {
			if col < 0 || col >= len(t.Header) || (e != vn.EncodingUnicode && e != vn.EncodingTCVN3 && e != vn.EncodingVNI) {
				v.Add("encodings", "field.choose")
				break
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		b, _ := json.Marshal(opt)
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET options = $1 WHERE id = $2`, string(b), id); err != nil {
			return apperr.Wrap(err, "save options")
		}
		layout, _ := json.Marshal(Options{Mapping: opt.Mapping})
		now := db.Micros(s.now())
		if _, err := tx.ExecContext(ctx, `DELETE FROM import_layouts WHERE layout = $1`, im.Layout); err != nil {
			return apperr.Wrap(err, "save layout")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO import_layouts (layout, options, updated_at) VALUES ($1, $2, $3)`, im.Layout, string(layout), now)
		return apperr.Wrap(err, "save layout")
	})
}

func validField(f Field) bool {
	for _, x := range Fields() {
		if x == f {
			return true
		}
	}
	return false
}

// MarkQueued marks a draft import queued and then queues its job with
// enqueue, recording the job; a second confirmation of the same import is
// a Conflict, so that a double click imports once. The import is marked
// before its job exists, since the job may run at once; if queuing fails
// it is a draft again.
func (s *Service) MarkQueued(ctx context.Context, id int64, enqueue func() (jobID int64, err error)) error {
	if _, err := requireManager(ctx); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE imports SET status = 'queued' WHERE id = $1 AND status = 'draft'`, id)
	if err != nil {
		return apperr.Wrap(err, "queue import")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "import.not_draft")
	}
	jobID, err := enqueue()
	if err != nil {
		_, _ = s.db.ExecContext(context.WithoutCancel(ctx), `UPDATE imports SET status = 'draft' WHERE id = $1 AND status = 'queued'`, id)
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE imports SET job_id = $1 WHERE id = $2`, jobID, id)
	return apperr.Wrap(err, "queue import")
}

// CheckDraft reports whether an import may still be confirmed.
func (s *Service) CheckDraft(ctx context.Context, id int64) error {
	if _, err := requireManager(ctx); err != nil {
		return err
	}
	im, _, err := s.load(ctx, s.db, id)
	if err != nil {
		return err
	}
	if im.Status != StatusDraft {
		return apperr.New(apperr.Conflict, "import.not_draft")
	}
	p, err := s.Preview(ctx, id)
	if err != nil {
		return err
	}
	if len(p.Result.Missing) > 0 {
		return apperr.New(apperr.Invalid, "import.missing_required")
	}
	return nil
}

// Run writes a confirmed import, all or nothing, reporting progress: the
// job's handler. The file is read once to count and sample it, then again
// row by row as the rows are checked and written.
func (s *Service) Run(ctx context.Context, id int64, progress func(percent int, message string)) (enterprise.ImportPlan, error) {
	if _, err := requireManager(ctx); err != nil {
		return enterprise.ImportPlan{}, err
	}
	im, data, err := s.load(ctx, s.db, id)
	if err != nil {
		return enterprise.ImportPlan{}, err
	}
	if im.Status == StatusDone && im.Result != nil {
		return *im.Result, nil
	}
	if im.Status != StatusQueued {
		// Only a confirmed import is written (a job naming a draft is not
		// a confirmation).
		return enterprise.ImportPlan{}, apperr.New(apperr.Conflict, "import.not_queued")
	}
	progress(5, "read")
	f, err := Open(data, s.limits)
	if err != nil {
		return enterprise.ImportPlan{}, s.fail(ctx, id, err)
	}
	res, rows := s.converter().Stream(f, im.Options)
	if len(res.Missing) > 0 {
		return enterprise.ImportPlan{}, s.fail(ctx, id, apperr.New(apperr.Invalid, "import.missing_required"))
	}
	progress(10, "check")
	src := enterprise.ImportSource{ID: im.ID, Filename: im.Filename, SHA256: im.SHA256, Rows: f.Count}
	plan, err := s.registry.ApplyImport(ctx, src, rows, func(done int) {
		progress(10+90*done/max(f.Count, 1), strconv.Itoa(done)+"/"+strconv.Itoa(f.Count))
	})
	if err != nil {
		if apperr.CodeOf(err) != apperr.Internal {
			return plan, s.fail(ctx, id, err)
		}
		return plan, err
	}
	if err := s.Finish(ctx, id, plan); err != nil {
		return plan, err
	}
	progress(100, "done")
	return plan, nil
}

// Finish records a written import's plan and marks it done.
func (s *Service) Finish(ctx context.Context, id int64, plan enterprise.ImportPlan) error {
	b, _ := json.Marshal(plan)
	if _, err := s.db.ExecContext(ctx, `UPDATE imports SET status = 'done', result = $1 WHERE id = $2`, string(b), id); err != nil {
		return apperr.Wrap(err, "record import")
	}
	return nil
}

// fail marks an import failed and returns err.
func (s *Service) fail(ctx context.Context, id int64, err error) error {
	_, _ = s.db.ExecContext(ctx, `UPDATE imports SET status = 'failed' WHERE id = $1`, id)
	return err
}
