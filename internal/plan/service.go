package plan

import (
	"context"
	"database/sql"
	"errors"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// Service is the plans capability. Its methods take the caller from ctx,
// check permission, and run each change in one transaction with its audit
// entry.
type Service struct {
	db       *db.DB
	registry *enterprise.Service
	now      func() time.Time
	// maxFile bounds a plan's attached document.
	maxFile int64
	// notifier and reportLink send reminders to file (reminder.go).
	notifier   Notifier
	reportLink func(periodID, enterpriseID int64) string
}

// NewService returns the plans capability over d, reading the registry
// through registry.
func NewService(d *db.DB, registry *enterprise.Service) *Service {
	return &Service{db: d, registry: registry, now: time.Now, maxFile: registry.MaxUploadBytes()}
}

// Registry is the registry the indicators count.
func (s *Service) Registry() *enterprise.Service { return s.registry }

// SetClock replaces the clock, for tests.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Today is the current day where cnht runs (the registry's calendar).
func (s *Service) Today() time.Time { return s.registry.Today() }

// managers are the roles that keep plans, targets and figures.
var managers = []actor.Role{actor.Officer, actor.Admin}

func isManager(a actor.Actor) bool { return a.System || slices.Contains(managers, a.Role) }

const (
	maxTitle  = 500
	maxNumber = 50
	maxNotes  = 4000
	maxNote   = 500
	maxSource = 300
)

func checkText(v *apperr.Validation, field, s string, max int, required bool) string {
	s = strings.TrimSpace(vn.NFC(s))
	switch {
	case s == "" && required:
		v.Add(field, "field.required")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "field.too_long", "max", max)
	}
	return s
}

func checkYear(v *apperr.Validation, field string, y int) {
	if y < 1990 || y > 2100 {
		v.Add(field, "field.range", "min", "1990", "max", "2100") // years: never "2.100"
	}
}

// validatePlan checks p and normalises its text.
func validatePlan(p *Plan) error {
	var v apperr.Validation
	if !slices.Contains(Programmes, p.Programme) {
		v.Add("programme", "field.choose")
	}
	if !slices.Contains(Statuses, p.Status) {
		v.Add("status", "field.choose")
	}
	p.DocNumber = checkText(&v, "doc_number", p.DocNumber, maxNumber, false)
	p.Title = checkText(&v, "title", p.Title, maxTitle, true)
	p.Notes = checkText(&v, "notes", p.Notes, maxNotes, false)
	checkYear(&v, "year_from", p.YearFrom)
	checkYear(&v, "year_to", p.YearTo)
	if !v.Has("year_from") && !v.Has("year_to") && p.YearTo < p.YearFrom {
		v.Add("year_to", "plan.year_to_before_from")
	}
	if p.Budget < 0 {
		v.Add("budget", "field.not_negative")
	}
	return v.Err()
}

func planFields(p Plan) audit.Fields {
	return audit.Fields{"programme": string(p.Programme), "doc_number": p.DocNumber, "doc_date": db.DateString(p.DocDate), "title": p.Title,
		"year_from": p.YearFrom, "year_to": p.YearTo, "status": string(p.Status), "budget": p.Budget, "budget_approx": p.BudgetApprox, "notes": p.Notes}
}

// CreatePlan records a new plan. Officers and admins.
func (s *Service) CreatePlan(ctx context.Context, p Plan) (Plan, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return Plan{}, err
	}
	if err := validatePlan(&p); err != nil {
		return Plan{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	p.CreatedAt, p.UpdatedAt = now, now
	err := s.db.WithTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO plans (programme, doc_number, doc_date, title, year_from, year_to, status, budget, budget_approx, notes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			p.Programme, p.DocNumber, db.DateString(p.DocDate), p.Title, p.YearFrom, p.YearTo, p.Status, p.Budget, p.BudgetApprox, p.Notes, db.Micros(now)).Scan(&p.ID)
		if err != nil {
			return apperr.Wrap(err, "insert plan")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "plan", EntityID: p.ID, Action: "create", After: planFields(p)})
	})
	return p, err
}

// UpdatePlan changes a plan's own fields (not its targets or file).
// Officers and admins.
func (s *Service) UpdatePlan(ctx context.Context, p Plan) (Plan, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return Plan{}, err
	}
	if err := validatePlan(&p); err != nil {
		return Plan{}, err
	}
	err := s.db.WithTx(ctx, func(tx *db.Tx) error {
		old, err := findPlan(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		p.CreatedAt = old.CreatedAt
		p.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
		// A shorter period must still hold the targets' years; yearly
		// targets follow its end.
		var outside int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM targets WHERE plan_id = $1 AND NOT per_year AND (year < $2 OR year > $3)`,
			p.ID, p.YearFrom, p.YearTo).Scan(&outside); err != nil {
			return apperr.Wrap(err, "check targets")
		}
		if outside > 0 {
			var v apperr.Validation
			v.Add("year_to", "plan.targets_outside_period", "n", outside)
			return v.Err()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE targets SET year = $2 WHERE plan_id = $1 AND per_year`, p.ID, p.YearTo); err != nil {
			return apperr.Wrap(err, "yearly targets")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET programme = $2, doc_number = $3, doc_date = $4, title = $5, year_from = $6, year_to = $7, status = $8,
			budget = $9, budget_approx = $10, notes = $11, updated_at = $12 WHERE id = $1`,
			p.ID, p.Programme, p.DocNumber, db.DateString(p.DocDate), p.Title, p.YearFrom, p.YearTo, p.Status, p.Budget, p.BudgetApprox, p.Notes, db.Micros(p.UpdatedAt)); err != nil {
			return apperr.Wrap(err, "update plan")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "plan", EntityID: p.ID, Action: "update", Before: planFields(old), After: planFields(p)})
	})
	return p, err
}

const selectPlan = `SELECT p.id, p.programme, p.doc_number, p.doc_date, p.title, p.year_from, p.year_to, p.status, p.budget, p.budget_approx, p.notes,
	p.created_at, p.updated_at, COALESCE(f.name, '') FROM plans p LEFT JOIN plan_files f ON f.plan_id = p.id`

func scanPlan(sc interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var docDate string
	var created, updated int64
	err := sc.Scan(&p.ID, &p.Programme, &p.DocNumber, &docDate, &p.Title, &p.YearFrom, &p.YearTo, &p.Status, &p.Budget, &p.BudgetApprox, &p.Notes,
		&created, &updated, &p.FileName)
	if err != nil {
		return p, err
	}
	p.DocDate, _ = db.ParseDateString(docDate)
	p.CreatedAt, p.UpdatedAt = db.FromMicros(created), db.FromMicros(updated)
	p.HasFile = p.FileName != ""
	return p, nil
}

func findPlan(ctx context.Context, q db.Querier, id int64) (Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, selectPlan+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.New(apperr.NotFound, "plan.not_found")
	}
	return p, apperr.Wrap(err, "find plan")
}

// FindPlanByID returns a plan with its targets. Drafts are for officers
// and admins only; other plans are public (they are the city's published
// documents).
func (s *Service) FindPlanByID(ctx context.Context, id int64) (Plan, error) {
	a := actor.From(ctx)
	p, err := findPlan(ctx, s.db, id)
	if err != nil {
		return p, err
	}
	if p.Status == StatusDraft && !isManager(a) {
		return Plan{}, apperr.New(apperr.NotFound, "plan.not_found")
	}
	p.Targets, err = s.targets(ctx, s.db, id)
	return p, err
}

// Plans lists the plans, latest period first (drafts only for officers and
// admins). Everyone.
func (s *Service) Plans(ctx context.Context) ([]Plan, error) {
	a := actor.From(ctx)
	q := selectPlan
	if !isManager(a) {
		q += ` WHERE p.status <> 'draft'`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY p.year_to DESC, p.year_from DESC, p.id DESC`)
	if err != nil {
		return nil, apperr.Wrap(err, "list plans")
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan plan")
		}
		out = append(out, p)
	}
	return out, apperr.Wrap(rows.Err(), "list plans")
}

// CurrentPlan is the plan a dashboard opens on: the supporting-industry
// plan in force whose period covers this year, else the latest
// supporting-industry plan, else the latest plan. NotFound with no plans.
func (s *Service) CurrentPlan(ctx context.Context) (Plan, error) {
	plans, err := s.Plans(ctx)
	if err != nil {
		return Plan{}, err
	}
	year := s.Today().Year()
	pick := func(ok func(Plan) bool) (Plan, bool) {
		for _, p := range plans {
			if ok(p) {
				return p, true
			}
		}
		return Plan{}, false
	}
	for _, ok := range []func(Plan) bool{
		func(p Plan) bool {
			return p.Programme == ProgrammeCNHT && p.Status == StatusInForce && p.YearFrom <= year && year <= p.YearTo
		},
		func(p Plan) bool { return p.Programme == ProgrammeCNHT && p.Status != StatusDraft },
		func(p Plan) bool { return p.Status != StatusDraft },
	} {
		if p, found := pick(ok); found {
			return s.FindPlanByID(ctx, p.ID)
		}
	}
	return Plan{}, apperr.New(apperr.NotFound, "plan.not_found")
}

// planFileTypes are the documents a plan may carry, by extension, with
// the bytes their content starts with (a renamed file is refused).
var planFileTypes = map[string]struct{ ctype, magic string }{
	".pdf":  {"application/pdf", "%PDF-"},
	".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04"},
	".jpg":  {"image/jpeg", "\xff\xd8\xff"},
	".jpeg": {"image/jpeg", "\xff\xd8\xff"},
	".png":  {"image/png", "\x89PNG"},
}

// SetPlanFile attaches the plan's legal document (a PDF, DOCX or a scan
// as JPEG or PNG), replacing any before. Officers and admins.
func (s *Service) SetPlanFile(ctx context.Context, planID int64, name string, content []byte) error {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return err
	}
	var v apperr.Validation
	name = checkText(&v, "file", name, 200, true)
	if int64(len(content)) > s.maxFile {
		v.Add("file", "field.file_too_large", "max", s.maxFile>>20)
	}
	ft, known := planFileTypes[strings.ToLower(path.Ext(name))]
	switch {
	case len(content) == 0:
		v.Add("file", "field.required")
	case !known || !strings.HasPrefix(string(content), ft.magic):
		v.Add("file", "plan.file_type")
	}
	if err := v.Err(); err != nil {
		return err
	}
	contentType := ft.ctype
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		if _, err := findPlan(ctx, tx, planID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_files WHERE plan_id = $1`, planID); err != nil {
			return apperr.Wrap(err, "replace plan file")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_files (plan_id, name, content_type, size, content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			planID, name, contentType, len(content), content, db.Micros(s.now())); err != nil {
			return apperr.Wrap(err, "save plan file")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "plan", EntityID: planID, Action: "attach", After: audit.Fields{"file": name, "size": len(content)}})
	})
}

// PlanFile returns a plan's attached document. As FindPlanByID.
func (s *Service) PlanFile(ctx context.Context, planID int64) (name, contentType string, content []byte, err error) {
	if _, err = s.FindPlanByID(ctx, planID); err != nil {
		return
	}
	err = s.db.QueryRowContext(ctx, `SELECT name, content_type, content FROM plan_files WHERE plan_id = $1`, planID).Scan(&name, &contentType, &content)
	if errors.Is(err, sql.ErrNoRows) {
		err = apperr.New(apperr.NotFound, "plan.file_not_found")
	}
	return name, contentType, content, apperr.Wrap(err, "plan file")
}

func (s *Service) targets(ctx context.Context, q db.Querier, planID int64) ([]Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, plan_id, indicator, year, per_year, kind, low, high, approx, baseline, baseline_year, note, position
		FROM targets WHERE plan_id = $1 ORDER BY position, id`, planID)
	if err != nil {
		return nil, apperr.Wrap(err, "list targets")
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.ID, &t.PlanID, &t.Indicator, &t.Year, &t.PerYear, &t.Kind, &t.Low, &t.High, &t.Approx, &t.Baseline, &t.BaselineYear, &t.Note, &t.Position); err != nil {
			return nil, apperr.Wrap(err, "scan target")
		}
		out = append(out, t)
	}
	return out, apperr.Wrap(rows.Err(), "list targets")
}

func targetFields(t Target) audit.Fields {
	return audit.Fields{"plan_id": t.PlanID, "indicator": t.Indicator, "year": t.Year, "per_year": t.PerYear, "kind": string(t.Kind),
		"low": t.Low, "high": t.High, "approx": t.Approx, "baseline": t.Baseline, "baseline_year": t.BaselineYear, "note": t.Note, "position": t.Position}
}

// validateTarget checks t against its plan.
func validateTarget(t *Target, p Plan) error {
	var v apperr.Validation
	if _, ok := IndicatorByCode(t.Indicator); !ok {
		v.Add("indicator", "field.choose")
	}
	if !slices.Contains(Kinds, t.Kind) {
		v.Add("kind", "field.choose")
	}
	if t.PerYear {
		t.Year = p.YearTo
	}
	if t.Year < p.YearFrom || t.Year > p.YearTo {
		v.Add("year", "field.range", "min", strconv.Itoa(p.YearFrom), "max", strconv.Itoa(p.YearTo))
	}
	switch t.Kind {
	case Exact:
		t.High = 0
	case Floor:
		// A floor stated as a range ("above 11–12%") keeps its upper
		// figure for display; it is met from the lower one.
		if t.High <= t.Low {
			t.High = 0
		}
	case Ceiling:
		t.Low = 0
	case Range:
		if t.High < t.Low {
			v.Add("high", "plan.range_inverted")
		}
	}
	if t.BaselineYear != 0 {
		checkYear(&v, "baseline_year", t.BaselineYear)
	} else {
		t.Baseline = 0
	}
	t.Note = checkText(&v, "note", t.Note, maxNote, false)
	return v.Err()
}

// SaveTarget adds a target to its plan (ID 0) or changes one. Officers and
// admins.
func (s *Service) SaveTarget(ctx context.Context, t Target) (Target, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return Target{}, err
	}
	err := s.db.WithTx(ctx, func(tx *db.Tx) error {
		if t.ID != 0 && t.PlanID == 0 {
			old, err := s.findTarget(ctx, tx, t.ID)
			if err != nil {
				return err
			}
			t.PlanID = old.PlanID
		}
		p, err := findPlan(ctx, tx, t.PlanID)
		if err != nil {
			return err
		}
		if err := validateTarget(&t, p); err != nil {
			return err
		}
		if t.ID == 0 {
			if t.Position == 0 {
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM targets WHERE plan_id = $1`, t.PlanID).Scan(&t.Position); err != nil {
					return apperr.Wrap(err, "target position")
				}
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO targets (plan_id, indicator, year, per_year, kind, low, high, approx, baseline, baseline_year, note, position)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
				t.PlanID, t.Indicator, t.Year, t.PerYear, t.Kind, t.Low, t.High, t.Approx, t.Baseline, t.BaselineYear, t.Note, t.Position).Scan(&t.ID)
			if err != nil {
				return apperr.Wrap(err, "insert target")
			}
			return audit.Record(ctx, tx, audit.Change{Entity: "target", EntityID: t.ID, Action: "create", After: targetFields(t)})
		}
		old, err := s.findTarget(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		if old.PlanID != t.PlanID {
			return apperr.New(apperr.NotFound, "plan.target_not_found")
		}
		if t.Position == 0 {
			t.Position = old.Position
		}
		if _, err := tx.ExecContext(ctx, `UPDATE targets SET indicator = $2, year = $3, per_year = $4, kind = $5, low = $6, high = $7, approx = $8, baseline = $9,
			baseline_year = $10, note = $11, position = $12 WHERE id = $1`,
			t.ID, t.Indicator, t.Year, t.PerYear, t.Kind, t.Low, t.High, t.Approx, t.Baseline, t.BaselineYear, t.Note, t.Position); err != nil {
			return apperr.Wrap(err, "update target")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "target", EntityID: t.ID, Action: "update", Before: targetFields(old), After: targetFields(t)})
	})
	return t, err
}

func (s *Service) findTarget(ctx context.Context, q db.Querier, id int64) (Target, error) {
	var t Target
	err := q.QueryRowContext(ctx, `SELECT id, plan_id, indicator, year, per_year, kind, low, high, approx, baseline, baseline_year, note, position FROM targets WHERE id = $1`, id).
		Scan(&t.ID, &t.PlanID, &t.Indicator, &t.Year, &t.PerYear, &t.Kind, &t.Low, &t.High, &t.Approx, &t.Baseline, &t.BaselineYear, &t.Note, &t.Position)
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.New(apperr.NotFound, "plan.target_not_found")
	}
	return t, apperr.Wrap(err, "find target")
}

// FindTarget returns a target. Officers and admins (the public reads
// targets through their plan).
func (s *Service) FindTarget(ctx context.Context, id int64) (Target, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return Target{}, err
	}
	return s.findTarget(ctx, s.db, id)
}

// DeleteTarget removes a target. Officers and admins.
func (s *Service) DeleteTarget(ctx context.Context, id int64) error {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		old, err := s.findTarget(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM targets WHERE id = $1`, id); err != nil {
			return apperr.Wrap(err, "delete target")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "target", EntityID: id, Action: "delete", Before: targetFields(old)})
	})
}

func isManagerCtx(ctx context.Context) bool { return isManager(actor.From(ctx)) }
