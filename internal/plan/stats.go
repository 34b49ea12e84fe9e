package plan

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strconv"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// Period is a statistics reporting period: a year, or a quarter of it.
type Period struct {
	ID      int64     `json:"id"`
	Year    int       `json:"year"`
	Quarter int       `json:"quarter"` // 0 for the year
	OpensOn time.Time `json:"opens_on"`
	DueOn   time.Time `json:"due_on"`
}

// Report states.
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
)

// Item is a quantity of one of the index basket's products.
type Item struct {
	ProductCode string `json:"product_code"`
	Unit        string `json:"unit"`
	Quantity    int64  `json:"quantity"`
	// BaseQuantity is Quantity in the smallest unit of its kind (kg,
	// pieces, sets, metres), what the index compares.
	BaseQuantity int64 `json:"base_quantity"`
}

// Report is an enterprise's statistics report for a period. Money in đồng.
type Report struct {
	ID             int64     `json:"id"`
	PeriodID       int64     `json:"period_id"`
	EnterpriseID   int64     `json:"enterprise_id"`
	Status         string    `json:"status"`
	OutputValue    int64     `json:"output_value"`
	Revenue        int64     `json:"revenue"`
	ExportTurnover int64     `json:"export_turnover"`
	Employees      int64     `json:"employees"`
	Items          []Item    `json:"items"`
	JumpConfirmed  bool      `json:"jump_confirmed"`
	OnBehalf       bool      `json:"on_behalf"`
	SubmittedBy    int64     `json:"submitted_by"`
	SubmittedAt    time.Time `json:"submitted_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// ReportInput is what a filer sends.
type ReportInput struct {
	PeriodID       int64
	EnterpriseID   int64
	OutputValue    int64
	Revenue        int64
	ExportTurnover int64
	Employees      int64
	Items          []Item
	// Submit files the report; false keeps it as a draft.
	Submit bool
	// ConfirmJump confirms values more than JumpFactor times (or less than
	// 1/JumpFactor of) last year's.
	ConfirmJump bool
}

// JumpFactor is how many times last year's value a new value may be
// before the filer must confirm it.
const JumpFactor = 5

// unitFactors gives each reportable unit its base unit and factor.
var unitFactors = map[string]struct {
	base   string
	factor int64
}{
	"kg": {"kg", 1}, "t": {"kg", 1000},
	"pcs": {"pcs", 1}, "kpcs": {"pcs", 1000}, "mpcs": {"pcs", 1_000_000},
	"set": {"set", 1}, "kset": {"set", 1000},
	"m": {"m", 1}, "km": {"m", 1000},
	"m2": {"m2", 1}, "km2": {"m2", 1_000_000},
}

// Units lists the units quantities may be reported in.
func Units() []string {
	return []string{"kg", "t", "pcs", "kpcs", "mpcs", "set", "kset", "m", "km", "m2"}
}

// UnitsLike lists the units a product's quantity may be reported in: those
// of the same kind as its basket unit.
func UnitsLike(unit string) []string {
	var out []string
	for _, u := range Units() {
		if unitFactors[u].base == unitFactors[unit].base {
			out = append(out, u)
		}
	}
	return out
}

func scanPeriod(sc interface{ Scan(...any) error }) (Period, error) {
	var p Period
	var opens, due string
	if err := sc.Scan(&p.ID, &p.Year, &p.Quarter, &opens, &due); err != nil {
		return p, err
	}
	p.OpensOn, _ = db.ParseDateString(opens)
	p.DueOn, _ = db.ParseDateString(due)
	return p, nil
}

// OpenPeriod opens a reporting period. Officers and admins.
func (s *Service) OpenPeriod(ctx context.Context, p Period) (Period, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return Period{}, err
	}
	var v apperr.Validation
	checkYear(&v, "year", p.Year)
	if p.Quarter < 0 || p.Quarter > 4 {
		v.Add("quarter", "field.range", "min", 0, "max", 4)
	}
	if p.OpensOn.IsZero() {
		v.Add("opens_on", "field.required")
	}
	if p.DueOn.IsZero() {
		v.Add("due_on", "field.required")
	} else if !p.OpensOn.IsZero() && p.DueOn.Before(p.OpensOn) {
		v.Add("due_on", "plan.due_before_open")
	}
	if err := v.Err(); err != nil {
		return Period{}, err
	}
	err := s.db.WithTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO stat_periods (year, quarter, opens_on, due_on) VALUES ($1, $2, $3, $4) RETURNING id`,
			p.Year, p.Quarter, db.DateString(p.OpensOn), db.DateString(p.DueOn)).Scan(&p.ID)
		if db.IsUniqueViolation(err) {
			var v apperr.Validation
			v.Add("year", "plan.period_exists")
			return v.Err()
		}
		if err != nil {
			return apperr.Wrap(err, "insert period")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stat_totals (period_id) VALUES ($1)`, p.ID); err != nil {
			return apperr.Wrap(err, "insert period totals")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "stat_period", EntityID: p.ID, Action: "create",
			After: audit.Fields{"year": p.Year, "quarter": p.Quarter, "opens_on": db.DateString(p.OpensOn), "due_on": db.DateString(p.DueOn)}})
	})
	return p, err
}

// Periods lists the reporting periods, latest first. Signed-in users.
func (s *Service) Periods(ctx context.Context) ([]Period, error) {
	if _, err := actor.RequireUser(ctx); err != nil {
		return nil, err
	}
	return s.allPeriods(ctx)
}

func findPeriod(ctx context.Context, q db.Querier, id int64) (Period, error) {
	p, err := scanPeriod(q.QueryRowContext(ctx, `SELECT id, year, quarter, opens_on, due_on FROM stat_periods WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.New(apperr.NotFound, "plan.period_not_found")
	}
	return p, apperr.Wrap(err, "find period")
}

// FindPeriodByID returns a period. Signed-in users.
func (s *Service) FindPeriodByID(ctx context.Context, id int64) (Period, error) {
	if _, err := actor.RequireUser(ctx); err != nil {
		return Period{}, err
	}
	return findPeriod(ctx, s.db, id)
}

// mayFile checks that the caller may file for the enterprise: its own
// members, or officers and admins (on its behalf). It returns whether the
// filing is on the enterprise's behalf.
func mayFile(ctx context.Context, q db.Querier, a actor.Actor, enterpriseID int64) (onBehalf bool, err error) {
	var orgID int64
	err = q.QueryRowContext(ctx, `SELECT COALESCE(org_id, 0) FROM enterprises WHERE id = $1`, enterpriseID).Scan(&orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, apperr.New(apperr.NotFound, "enterprise.not_found")
	}
	if err != nil {
		return false, apperr.Wrap(err, "find enterprise")
	}
	if isManager(a) {
		return !(a.Role == actor.Enterprise), nil
	}
	if a.Role == actor.Enterprise && a.OrgID != 0 && orgID == a.OrgID {
		return false, nil
	}
	// Another enterprise's report is not found, not forbidden: its
	// existence is not the caller's business.
	return false, apperr.New(apperr.NotFound, "plan.report_not_found")
}

const selectReport = `SELECT id, period_id, enterprise_id, status, output_value, revenue, export_turnover, employees, jump_confirmed, on_behalf,
	submitted_by, submitted_at, updated_at FROM stat_reports`

func scanReport(sc interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var sub, upd int64
	err := sc.Scan(&r.ID, &r.PeriodID, &r.EnterpriseID, &r.Status, &r.OutputValue, &r.Revenue, &r.ExportTurnover, &r.Employees, &r.JumpConfirmed, &r.OnBehalf,
		&r.SubmittedBy, &sub, &upd)
	if sub != 0 {
		r.SubmittedAt = db.FromMicros(sub)
	}
	r.UpdatedAt = db.FromMicros(upd)
	return r, err
}

func loadItems(ctx context.Context, q db.Querier, reportID int64) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT product_code, unit, quantity, base_quantity FROM stat_report_items WHERE report_id = $1 ORDER BY product_code`, reportID)
	if err != nil {
		return nil, apperr.Wrap(err, "report items")
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ProductCode, &it.Unit, &it.Quantity, &it.BaseQuantity); err != nil {
			return nil, apperr.Wrap(err, "scan item")
		}
		out = append(out, it)
	}
	return out, apperr.Wrap(rows.Err(), "report items")
}

// findReport returns the report of an enterprise for a period, NotFound
// when there is none.
func findReport(ctx context.Context, q db.Querier, periodID, enterpriseID int64) (Report, error) {
	r, err := scanReport(q.QueryRowContext(ctx, selectReport+` WHERE period_id = $1 AND enterprise_id = $2`, periodID, enterpriseID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.New(apperr.NotFound, "plan.report_not_found")
	}
	if err != nil {
		return r, apperr.Wrap(err, "find report")
	}
	r.Items, err = loadItems(ctx, q, r.ID)
	return r, err
}

// FindReport returns an enterprise's report for a period: the enterprise's
// own members, officers and admins. NotFound when none was started.
func (s *Service) FindReport(ctx context.Context, periodID, enterpriseID int64) (Report, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Report{}, err
	}
	if _, err := mayFile(ctx, s.db, a, enterpriseID); err != nil {
		return Report{}, err
	}
	return findReport(ctx, s.db, periodID, enterpriseID)
}

// PreviousReport is the enterprise's submitted report for the same
// period of the year before, NotFound when there is none.
func previousReport(ctx context.Context, q db.Querier, p Period, enterpriseID int64) (Report, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM stat_periods WHERE year = $1 AND quarter = $2`, p.Year-1, p.Quarter).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Report{}, apperr.New(apperr.NotFound, "plan.report_not_found")
	}
	if err != nil {
		return Report{}, apperr.Wrap(err, "previous period")
	}
	r, err := findReport(ctx, q, id, enterpriseID)
	if err == nil && r.Status != ReportSubmitted {
		return Report{}, apperr.New(apperr.NotFound, "plan.report_not_found")
	}
	return r, err
}

// jumped reports whether now is more than JumpFactor times was, either
// way (both non-zero).
func jumped(was, now int64) bool {
	if was <= 0 || now <= 0 {
		return false
	}
	return now > JumpFactor*was || was > JumpFactor*now
}

// SaveReport keeps an enterprise's report for a period, as a draft or
// submitted. An enterprise's own members file for it; officers and admins
// may file on its behalf (the report says so). Values more than
// JumpFactor times last year's (or less than a fifth) are refused, naming
// the field, until ConfirmJump is set. Submitting keeps the period's
// totals and the production index's matched quantities in the same
// transaction.
func (s *Service) SaveReport(ctx context.Context, in ReportInput) (Report, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Report{}, err
	}
	var out Report
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		onBehalf, err := mayFile(ctx, tx, a, in.EnterpriseID)
		if err != nil {
			return err
		}
		// One filing of an enterprise at a time: the totals and the
		// index's matched quantities move by what the report was before,
		// which two filings at once (a double click, or this year's and
		// next year's) would both read. SQLite's writers are serial
		// already; PostgreSQL locks the enterprise's row.
		if tx.Dialect() == db.Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT id FROM enterprises WHERE id = $1 FOR UPDATE`, in.EnterpriseID); err != nil {
				return apperr.Wrap(err, "lock enterprise")
			}
		}
		p, err := findPeriod(ctx, tx, in.PeriodID)
		if err != nil {
			return err
		}
		basket, err := basketFor(ctx, tx, p.Year)
		if err != nil {
			return err
		}
		items, err := validateReport(&in, basket)
		if err != nil {
			return err
		}
		if prev, err := previousReport(ctx, tx, p, in.EnterpriseID); err == nil && !in.ConfirmJump {
			var v apperr.Validation
			check := func(field string, was, now int64) {
				if jumped(was, now) {
					v.Add(field, "plan.jump", "factor", JumpFactor)
				}
			}
			check("output_value", prev.OutputValue, in.OutputValue)
			check("revenue", prev.Revenue, in.Revenue)
			check("export_turnover", prev.ExportTurnover, in.ExportTurnover)
			check("employees", prev.Employees, in.Employees)
			prevQ := map[string]int64{}
			for _, it := range prev.Items {
				prevQ[it.ProductCode] = it.BaseQuantity
			}
			for i, it := range items {
				check("items."+itoa(i)+".quantity", prevQ[it.ProductCode], it.BaseQuantity)
			}
			if err := v.Err(); err != nil {
				return err
			}
		} else if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		old, err := findReport(ctx, tx, in.PeriodID, in.EnterpriseID)
		exists := err == nil
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		r := Report{ID: old.ID, PeriodID: in.PeriodID, EnterpriseID: in.EnterpriseID, Status: ReportDraft, OutputValue: in.OutputValue, Revenue: in.Revenue,
			ExportTurnover: in.ExportTurnover, Employees: in.Employees, Items: items, JumpConfirmed: in.ConfirmJump, OnBehalf: onBehalf, UpdatedAt: now,
			SubmittedBy: old.SubmittedBy, SubmittedAt: old.SubmittedAt}
		if in.Submit {
			r.Status, r.SubmittedBy, r.SubmittedAt = ReportSubmitted, a.UserID, now
		} else if old.Status == ReportSubmitted {
			// A submitted report stays submitted: changes to it are filed
			// again, not taken back to a draft.
			var v apperr.Validation
			v.Add("submit", "plan.report_already_submitted")
			return v.Err()
		}
		if exists {
			_, err = tx.ExecContext(ctx, `UPDATE stat_reports SET status = $2, output_value = $3, revenue = $4, export_turnover = $5, employees = $6,
				jump_confirmed = $7, on_behalf = $8, submitted_by = $9, submitted_at = $10, updated_at = $11 WHERE id = $1`,
				r.ID, r.Status, r.OutputValue, r.Revenue, r.ExportTurnover, r.Employees, r.JumpConfirmed, r.OnBehalf, r.SubmittedBy, micros(r.SubmittedAt), db.Micros(now))
			if err == nil {
				_, err = tx.ExecContext(ctx, `DELETE FROM stat_report_items WHERE report_id = $1`, r.ID)
			}
		} else {
			err = tx.QueryRowContext(ctx, `INSERT INTO stat_reports (period_id, enterprise_id, status, output_value, revenue, export_turnover, employees,
				jump_confirmed, on_behalf, submitted_by, submitted_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
				r.PeriodID, r.EnterpriseID, r.Status, r.OutputValue, r.Revenue, r.ExportTurnover, r.Employees, r.JumpConfirmed, r.OnBehalf, r.SubmittedBy,
				micros(r.SubmittedAt), db.Micros(now)).Scan(&r.ID)
		}
		if err != nil {
			return apperr.Wrap(err, "save report")
		}
		for _, it := range items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO stat_report_items (report_id, product_code, unit, quantity, base_quantity) VALUES ($1, $2, $3, $4, $5)`,
				r.ID, it.ProductCode, it.Unit, it.Quantity, it.BaseQuantity); err != nil {
				return apperr.Wrap(err, "save report item")
			}
		}
		var was *Report
		if exists && old.Status == ReportSubmitted {
			was = &old
		}
		var is *Report
		if r.Status == ReportSubmitted {
			is = &r
		}
		if err := applyTotals(ctx, tx, p, was, is); err != nil {
			return err
		}
		action := "save"
		if in.Submit {
			action = "submit"
		}
		before := audit.Fields(nil)
		if exists {
			before = reportFields(old)
		}
		out = r
		return audit.Record(ctx, tx, audit.Change{Entity: "stat_report", EntityID: r.ID, Action: action, Before: before, After: reportFields(r)})
	})
	return out, err
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return db.Micros(t)
}

func reportFields(r Report) audit.Fields {
	f := audit.Fields{"period_id": r.PeriodID, "enterprise_id": r.EnterpriseID, "status": r.Status, "output_value": r.OutputValue, "revenue": r.Revenue,
		"export_turnover": r.ExportTurnover, "employees": r.Employees, "on_behalf": r.OnBehalf, "jump_confirmed": r.JumpConfirmed}
	for _, it := range r.Items {
		f["item."+it.ProductCode] = itoa64(it.Quantity) + " " + it.Unit
	}
	return f
}

// validateReport checks the input and returns its items with base
// quantities, in product order.
func validateReport(in *ReportInput, basket []IndexItem) ([]Item, error) {
	var v apperr.Validation
	for _, f := range []struct {
		name string
		n    int64
	}{{"output_value", in.OutputValue}, {"revenue", in.Revenue}, {"export_turnover", in.ExportTurnover}, {"employees", in.Employees}} {
		if f.n < 0 {
			v.Add(f.name, "field.not_negative")
		}
	}
	if in.ExportTurnover > in.Revenue && in.Revenue >= 0 {
		v.Add("export_turnover", "plan.export_over_revenue")
	}
	products := map[string]IndexItem{}
	for _, it := range basket {
		if it.Level == LevelProduct {
			products[it.Code] = it
		}
	}
	seen := map[string]bool{}
	var items []Item
	for i, it := range in.Items {
		field := "items." + itoa(i)
		if it.ProductCode == "" && it.Quantity == 0 {
			continue // an empty row of the form
		}
		prod, ok := products[it.ProductCode]
		switch {
		case !ok:
			v.Add(field+".product_code", "field.choose")
			continue
		case seen[it.ProductCode]:
			v.Add(field+".product_code", "plan.item_repeated")
			continue
		}
		seen[it.ProductCode] = true
		u, ok := unitFactors[it.Unit]
		if !ok || u.base != unitFactors[prod.Unit].base {
			v.Add(field+".unit", "plan.unit_mismatch", "unit", prod.Unit)
			continue
		}
		if it.Quantity <= 0 {
			v.Add(field+".quantity", "plan.quantity_positive")
			continue
		}
		if it.Quantity > (1<<62)/u.factor {
			v.Add(field+".quantity", "field.too_large", "max", (1<<62)/u.factor)
			continue
		}
		it.BaseQuantity = it.Quantity * u.factor
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b Item) int {
		if a.ProductCode < b.ProductCode {
			return -1
		}
		return 1
	})
	return items, v.Err()
}

// applyTotals moves a period's totals and the index's matched quantities
// from the report as it was (nil: not submitted) to the report as it is
// (nil: not submitted).
func applyTotals(ctx context.Context, tx *db.Tx, p Period, was, is *Report) error {
	delta := func(r *Report, sign int64) error {
		if r == nil {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE stat_totals SET reports = reports + $2, output_value = output_value + $3, revenue = revenue + $4,
			export_turnover = export_turnover + $5, employees = employees + $6 WHERE period_id = $1`,
			p.ID, sign, sign*r.OutputValue, sign*r.Revenue, sign*r.ExportTurnover, sign*r.Employees)
		return apperr.Wrap(err, "period totals")
	}
	if err := delta(was, -1); err != nil {
		return err
	}
	if err := delta(is, 1); err != nil {
		return err
	}
	if p.Quarter != 0 {
		return nil
	}
	enterpriseID := int64(0)
	if was != nil {
		enterpriseID = was.EnterpriseID
	} else if is != nil {
		enterpriseID = is.EnterpriseID
	} else {
		return nil
	}
	quantities := func(r *Report) map[string]int64 {
		m := map[string]int64{}
		if r != nil {
			for _, it := range r.Items {
				m[it.ProductCode] = it.BaseQuantity
			}
		}
		return m
	}
	old, cur := quantities(was), quantities(is)
	prev, err := submittedQuantities(ctx, tx, enterpriseID, p.Year-1)
	if err != nil {
		return err
	}
	next, err := submittedQuantities(ctx, tx, enterpriseID, p.Year+1)
	if err != nil {
		return err
	}
	pair := func(year int, code string, q0, q1, n int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO stat_pairs (year, product_code, q0, q1, enterprises) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (year, product_code) DO UPDATE SET q0 = stat_pairs.q0 + excluded.q0, q1 = stat_pairs.q1 + excluded.q1,
			enterprises = stat_pairs.enterprises + excluded.enterprises`, year, code, q0, q1, n)
		return apperr.Wrap(err, "index quantities")
	}
	for _, code := range slices.Sorted(maps.Keys(old)) {
		if q0, ok := prev[code]; ok {
			if err := pair(p.Year, code, -q0, -old[code], -1); err != nil {
				return err
			}
		}
		if q1, ok := next[code]; ok {
			if err := pair(p.Year+1, code, -old[code], -q1, -1); err != nil {
				return err
			}
		}
	}
	for _, code := range slices.Sorted(maps.Keys(cur)) {
		if q0, ok := prev[code]; ok {
			if err := pair(p.Year, code, q0, cur[code], 1); err != nil {
				return err
			}
		}
		if q1, ok := next[code]; ok {
			if err := pair(p.Year+1, code, cur[code], q1, 1); err != nil {
				return err
			}
		}
	}
	return nil
}

// submittedQuantities returns the base quantities of an enterprise's
// submitted yearly report for year (empty when none).
func submittedQuantities(ctx context.Context, tx *db.Tx, enterpriseID int64, year int) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.product_code, i.base_quantity FROM stat_report_items i JOIN stat_reports r ON r.id = i.report_id
		JOIN stat_periods p ON p.id = r.period_id WHERE r.enterprise_id = $1 AND p.year = $2 AND p.quarter = 0 AND r.status = 'submitted'`, enterpriseID, year)
	if err != nil {
		return nil, apperr.Wrap(err, "report quantities")
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var code string
		var q int64
		if err := rows.Scan(&code, &q); err != nil {
			return nil, apperr.Wrap(err, "scan quantity")
		}
		out[code] = q
	}
	return out, apperr.Wrap(rows.Err(), "report quantities")
}

// RebuildTotals recomputes every period's totals and the index's matched
// quantities from the submitted reports, in one transaction: after a bulk
// load of reports, and the check that the totals kept with each
// submission are right. Admins.
func (s *Service) RebuildTotals(ctx context.Context) error {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error { return rebuildTotals(ctx, tx) })
}

func rebuildTotals(ctx context.Context, tx *db.Tx) error {
	for _, q := range []string{
		`DELETE FROM stat_totals`,
		`INSERT INTO stat_totals (period_id, reports, output_value, revenue, export_turnover, employees)
			SELECT p.id, COUNT(r.id), COALESCE(SUM(r.output_value), 0), COALESCE(SUM(r.revenue), 0), COALESCE(SUM(r.export_turnover), 0), COALESCE(SUM(r.employees), 0)
			FROM stat_periods p LEFT JOIN stat_reports r ON r.period_id = p.id AND r.status = 'submitted' GROUP BY p.id`,
		`DELETE FROM stat_pairs`,
		`INSERT INTO stat_pairs (year, product_code, q0, q1, enterprises)
			SELECT p1.year, i1.product_code, SUM(i0.base_quantity), SUM(i1.base_quantity), COUNT(*)
			FROM stat_report_items i1 JOIN stat_reports r1 ON r1.id = i1.report_id AND r1.status = 'submitted'
			JOIN stat_periods p1 ON p1.id = r1.period_id AND p1.quarter = 0
			JOIN stat_periods p0 ON p0.year = p1.year - 1 AND p0.quarter = 0
			JOIN stat_reports r0 ON r0.period_id = p0.id AND r0.enterprise_id = r1.enterprise_id AND r0.status = 'submitted'
			JOIN stat_report_items i0 ON i0.report_id = r0.id AND i0.product_code = i1.product_code
			GROUP BY p1.year, i1.product_code`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return apperr.Wrap(err, "rebuild totals")
		}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
