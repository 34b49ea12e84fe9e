package plan

import (
	"context"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// Filing states: where an enterprise expected to report for a period
// stands.
const (
	FilingSubmitted  = "submitted"
	FilingDraft      = "draft"
	FilingNotStarted = "not_started"
	// FilingLate: not submitted, and the due date has passed (a draft may
	// have been started: Filing.HasDraft).
	FilingLate = "late"
)

// FilingStates lists the states in the order pages show them.
var FilingStates = []string{FilingLate, FilingNotStarted, FilingDraft, FilingSubmitted}

// Filing is one enterprise's filing for a period.
type Filing struct {
	EnterpriseID int64  `json:"enterprise_id"`
	TaxCode      string `json:"tax_code"`
	Name         string `json:"name"`
	State        string `json:"state"`
	// HasDraft is true when a report was started and not submitted.
	HasDraft    bool      `json:"has_draft"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	// SubmittedBy is the user who submitted (0 when loaded in bulk), and
	// SubmittedByName that user's name.
	SubmittedBy     int64     `json:"submitted_by,omitempty"`
	SubmittedByName string    `json:"submitted_by_name,omitempty"`
	OnBehalf        bool      `json:"on_behalf"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
}

// FilingFilter narrows a period's filings.
type FilingFilter struct {
	// State is one of FilingStates, or "" for all.
	State string
	// Text matches the name (ignoring case and diacritics, every word) or
	// a tax-code prefix.
	Text   string
	Limit  int
	Offset int
}

// FilingCounts counts a period's expected filers by state.
type FilingCounts struct {
	Expected   int `json:"expected"`
	Submitted  int `json:"submitted"`
	Draft      int `json:"draft"`
	NotStarted int `json:"not_started"`
	Late       int `json:"late"`
}

// Of returns the count of a state.
func (c FilingCounts) Of(state string) int {
	switch state {
	case FilingSubmitted:
		return c.Submitted
	case FilingDraft:
		return c.Draft
	case FilingNotStarted:
		return c.NotStarted
	case FilingLate:
		return c.Late
	}
	return c.Expected
}

// FilingPage is one page of a period's filings.
type FilingPage struct {
	Period Period       `json:"period"`
	Items  []Filing     `json:"items"`
	Counts FilingCounts `json:"counts"`
	// Total is the number of filings matching the filter.
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// PeriodEnd is the last day of a period (the year's, or the quarter's).
func PeriodEnd(p Period) time.Time {
	if p.Quarter == 0 {
		return time.Date(p.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(p.Year, time.Month(3*p.Quarter)+1, 0, 0, 0, 0, 0, time.UTC)
}

// Late reports whether the period's due date has passed on day today.
func (p Period) Late(today time.Time) bool { return today.After(p.DueOn) }

// expectedDay is the day the registry is read to know who must report for
// p: the period's end, or today while the period runs.
func (s *Service) expectedDay(p Period) time.Time {
	d, today := PeriodEnd(p), s.Today()
	if d.After(today) {
		d = today
	}
	return d
}

// filingsFrom is the set of enterprises expected to report for a period
// ($1 the period, $2 the day the registry is read): those active in the
// registry that day (as the registry's counts count them, merged profiles
// left out) and those that filed anyway, with their report if any. One
// pass with a LEFT JOIN, so that 100,000 enterprises are one query.
const filingsFrom = ` FROM enterprises e
	LEFT JOIN stat_reports r ON r.enterprise_id = e.id AND r.period_id = $1
	WHERE e.merged_into = 0 AND (r.id IS NOT NULL OR EXISTS (SELECT 1 FROM enterprise_status s WHERE s.enterprise_id = e.id
		AND s.status = 'active' AND s.from_on <= $2 AND s.to_on > $2))`

// stateSQL is the filing state as SQL, late when the period is past due.
func stateSQL(late bool) string {
	if late {
		return `CASE WHEN r.status = 'submitted' THEN 'submitted' ELSE 'late' END`
	}
	return `CASE WHEN r.status = 'submitted' THEN 'submitted' WHEN r.status = 'draft' THEN 'draft' ELSE 'not_started' END`
}

// textSQL adds the conditions of a name or tax-code search, as the
// registry's list does (folded words, or a tax-code prefix).
func textSQL(text string, args *[]any) string {
	t := vn.Fold(text)
	if t == "" {
		return ""
	}
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + itoa(len(*args))
	}
	escape := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r == ' ' || r == '-' || r == '.' {
			return -1
		}
		return 'x'
	}, t)
	if len(digits) >= 2 && !strings.Contains(digits, "x") {
		return ` AND (e.tax_code LIKE ` + arg(digits+`%`) + ` OR e.search_fold LIKE ` + arg(`%`+escape(t)+`%`) + ` ESCAPE '\')`
	}
	var b strings.Builder
	for _, w := range strings.Fields(t) {
		b.WriteString(` AND e.search_fold LIKE ` + arg(`%`+escape(w)+`%`) + ` ESCAPE '\'`)
	}
	return b.String()
}

// Filings lists, for a period, every enterprise expected to report with
// the state of its filing, and counts them by state (the counts follow
// the text search, not the state filter). Officers and admins.
func (s *Service) Filings(ctx context.Context, periodID int64, f FilingFilter) (FilingPage, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return FilingPage{}, err
	}
	p, err := findPeriod(ctx, s.db, periodID)
	if err != nil {
		return FilingPage{}, err
	}
	if f.State != "" && !contains(FilingStates, f.State) {
		var v apperr.Validation
		v.Add("state", "field.choose")
		return FilingPage{}, v.Err()
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	out := FilingPage{Period: p, Limit: f.Limit, Offset: f.Offset}
	late := p.Late(s.Today())
	state := stateSQL(late)
	args := []any{p.ID, db.DateString(s.expectedDay(p))}
	where := filingsFrom + textSQL(f.Text, &args)
	out.Counts, err = s.filingCounts(ctx, state, where, args)
	if err != nil {
		return out, err
	}
	out.Total = out.Counts.Of(f.State)
	if f.State != "" {
		args = append(args, f.State)
		where += ` AND ` + state + ` = $` + itoa(len(args))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.tax_code, e.name, `+state+`, COALESCE(r.status, ''), COALESCE(r.submitted_at, 0), COALESCE(r.submitted_by, 0),
		COALESCE(u.name, ''), COALESCE(r.on_behalf, FALSE), COALESCE(r.updated_at, 0)`+
		strings.Replace(where, `WHERE`, `LEFT JOIN users u ON u.id = r.submitted_by WHERE`, 1)+
		` ORDER BY e.name_key, e.id LIMIT `+itoa(f.Limit)+` OFFSET `+itoa(f.Offset), args...)
	if err != nil {
		return out, apperr.Wrap(err, "list filings")
	}
	defer rows.Close()
	for rows.Next() {
		var x Filing
		var status string
		var sub, upd int64
		if err := rows.Scan(&x.EnterpriseID, &x.TaxCode, &x.Name, &x.State, &status, &sub, &x.SubmittedBy, &x.SubmittedByName, &x.OnBehalf, &upd); err != nil {
			return out, apperr.Wrap(err, "scan filing")
		}
		x.HasDraft = status == ReportDraft
		if sub != 0 && status == ReportSubmitted {
			x.SubmittedAt = db.FromMicros(sub)
		}
		if upd != 0 {
			x.UpdatedAt = db.FromMicros(upd)
		}
		out.Items = append(out.Items, x)
	}
	return out, apperr.Wrap(rows.Err(), "list filings")
}

func (s *Service) filingCounts(ctx context.Context, state, where string, args []any) (FilingCounts, error) {
	var c FilingCounts
	rows, err := s.db.QueryContext(ctx, `SELECT st, COUNT(*) FROM (SELECT `+state+` AS st`+where+`) x GROUP BY st`, args...)
	if err != nil {
		return c, apperr.Wrap(err, "count filings")
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return c, apperr.Wrap(err, "scan filing count")
		}
		c.Expected += n
		switch st {
		case FilingSubmitted:
			c.Submitted = n
		case FilingDraft:
			c.Draft = n
		case FilingNotStarted:
			c.NotStarted = n
		case FilingLate:
			c.Late = n
		}
	}
	return c, apperr.Wrap(rows.Err(), "count filings")
}

// PeriodSummary is a period with its filings counted.
type PeriodSummary struct {
	Period Period       `json:"period"`
	Counts FilingCounts `json:"counts"`
	Late   bool         `json:"late"`
}

// PeriodSummaries lists the periods, latest first, each with its filings
// counted by state. Officers and admins.
func (s *Service) PeriodSummaries(ctx context.Context) ([]PeriodSummary, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return nil, err
	}
	periods, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	out := make([]PeriodSummary, 0, len(periods))
	for _, p := range periods {
		late := p.Late(today)
		c, err := s.filingCounts(ctx, stateSQL(late), filingsFrom, []any{p.ID, db.DateString(s.expectedDay(p))})
		if err != nil {
			return nil, err
		}
		out = append(out, PeriodSummary{Period: p, Counts: c, Late: late})
	}
	return out, nil
}

// MyFiling is a period as an enterprise's member sees it.
type MyFiling struct {
	Period         Period    `json:"period"`
	EnterpriseID   int64     `json:"enterprise_id"`
	EnterpriseName string    `json:"enterprise_name"`
	State          string    `json:"state"`
	HasDraft       bool      `json:"has_draft"`
	SubmittedAt    time.Time `json:"submitted_at,omitzero"`
	OnBehalf       bool      `json:"on_behalf"`
}

// MyFilings lists, for the caller's enterprise (or enterprises), the
// periods it is expected to report for, latest first, with the state of
// each filing and its due date. Enterprise members; none for an
// organisation that holds no enterprise.
func (s *Service) MyFilings(ctx context.Context) ([]MyFiling, error) {
	a, err := actor.Require(ctx, actor.Enterprise)
	if err != nil {
		return nil, err
	}
	if a.OrgID == 0 {
		return nil, nil
	}
	periods, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	var out []MyFiling
	for _, p := range periods {
		late := p.Late(today)
		rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.name, `+stateSQL(late)+`, COALESCE(r.status, ''), COALESCE(r.submitted_at, 0), COALESCE(r.on_behalf, FALSE)`+
			filingsFrom+` AND e.org_id = $3 ORDER BY e.name_key, e.id`, p.ID, db.DateString(s.expectedDay(p)), a.OrgID)
		if err != nil {
			return nil, apperr.Wrap(err, "my filings")
		}
		for rows.Next() {
			m := MyFiling{Period: p}
			var status string
			var sub int64
			if err := rows.Scan(&m.EnterpriseID, &m.EnterpriseName, &m.State, &status, &sub, &m.OnBehalf); err != nil {
				rows.Close()
				return nil, apperr.Wrap(err, "scan my filing")
			}
			m.HasDraft = status == ReportDraft
			if sub != 0 && status == ReportSubmitted {
				m.SubmittedAt = db.FromMicros(sub)
			}
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, apperr.Wrap(err, "my filings")
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ReportForm is what the form of an enterprise's report for a period
// shows.
type ReportForm struct {
	Period       Period `json:"period"`
	EnterpriseID int64  `json:"enterprise_id"`
	Name         string `json:"name"`
	TaxCode      string `json:"tax_code"`
	// OnBehalf is true when the caller files on the enterprise's behalf
	// (an officer or admin).
	OnBehalf bool `json:"on_behalf"`
	// Report is the report filed so far, nil when none was started.
	Report *Report `json:"report,omitempty"`
	// Previous is the enterprise's submitted report for the same period a
	// year before, shown beside each field for reference; nil when none.
	Previous *Report `json:"previous,omitempty"`
	// Products are the index basket's products quantities may be given
	// for, with their units.
	Products []IndexItem `json:"products"`
}

// ReportForm returns what the form of an enterprise's report for a
// period needs. The enterprise's own members, officers and admins;
// another enterprise's is not found.
func (s *Service) ReportForm(ctx context.Context, periodID, enterpriseID int64) (ReportForm, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return ReportForm{}, err
	}
	f := ReportForm{EnterpriseID: enterpriseID}
	if f.OnBehalf, err = mayFile(ctx, s.db, a, enterpriseID); err != nil {
		return f, err
	}
	if f.Period, err = findPeriod(ctx, s.db, periodID); err != nil {
		return f, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT name, tax_code FROM enterprises WHERE id = $1`, enterpriseID).Scan(&f.Name, &f.TaxCode); err != nil {
		return f, apperr.Wrap(err, "find enterprise")
	}
	if r, err := findReport(ctx, s.db, periodID, enterpriseID); err == nil {
		f.Report = &r
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return f, err
	}
	if r, err := previousReport(ctx, s.db, f.Period, enterpriseID); err == nil {
		f.Previous = &r
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return f, err
	}
	basket, err := basketFor(ctx, s.db, f.Period.Year)
	if err != nil {
		return f, err
	}
	for _, it := range basket {
		if it.Level == LevelProduct {
			f.Products = append(f.Products, it)
		}
	}
	return f, nil
}
