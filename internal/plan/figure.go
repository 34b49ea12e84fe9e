package plan

import (
	"context"
	"slices"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// Revision statuses of a figure.
const (
	Preliminary = "preliminary"
	Revised     = "revised"
)

// Figure is a value officers entered for a metric and year, with where it
// came from. Entering a metric's year again adds a revision: the latest is
// the current value and the earlier ones are kept.
type Figure struct {
	ID     int64  `json:"id"`
	Metric string `json:"metric"`
	Year   int    `json:"year"`
	// Value is in the metric's unit (thousandths when Metric.Milli).
	Value      int64     `json:"value"`
	Source     string    `json:"source"`
	SourceDate time.Time `json:"source_date"`
	Revision   string    `json:"revision"`
	EnteredBy  int64     `json:"entered_by"`
	EnteredAt  time.Time `json:"entered_at"`
}

// RecordFigure enters a figure (a new revision when the metric's year has
// one). Officers and admins.
func (s *Service) RecordFigure(ctx context.Context, f Figure) (Figure, error) {
	a, err := actor.Require(ctx, managers...)
	if err != nil {
		return Figure{}, err
	}
	var v apperr.Validation
	m, ok := MetricByCode(f.Metric)
	if !ok {
		v.Add("metric", "field.choose")
	}
	checkYear(&v, "year", f.Year)
	if f.Value < 0 {
		v.Add("value", "field.not_negative")
	}
	f.Source = checkText(&v, "source", f.Source, maxSource, true)
	if !slices.Contains([]string{Preliminary, Revised}, f.Revision) {
		v.Add("revision", "field.choose")
	}
	if ok && !m.Statistics {
		f.Revision = Revised // the programme's own records have no preliminary figures
		v.Drop("revision", "field.choose")
	}
	if err := v.Err(); err != nil {
		return Figure{}, err
	}
	f.EnteredBy = a.UserID
	f.EnteredAt = s.now().UTC().Truncate(time.Microsecond)
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO city_figures (metric, year, value, source, source_date, revision, entered_by, entered_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			f.Metric, f.Year, f.Value, f.Source, db.DateString(f.SourceDate), f.Revision, f.EnteredBy, db.Micros(f.EnteredAt)).Scan(&f.ID)
		if err != nil {
			return apperr.Wrap(err, "insert figure")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "city_figure", EntityID: f.ID, Action: "create",
			After: audit.Fields{"metric": f.Metric, "year": f.Year, "value": f.Value, "source": f.Source, "source_date": db.DateString(f.SourceDate), "revision": f.Revision}})
	})
	return f, err
}

// Figures returns every figure entered, revisions included, by metric,
// year and entry (oldest first). Everyone sees the statistics office's
// published figures and those behind public indicators; the others (the
// budget used) are for officers and admins.
func (s *Service) Figures(ctx context.Context) ([]Figure, error) {
	all, err := s.figures(ctx, s.db)
	if err != nil || isManagerCtx(ctx) {
		return all, err
	}
	out := all[:0]
	for _, f := range all {
		if MetricPublic(f.Metric) {
			out = append(out, f)
		}
	}
	return out, nil
}

// MetricPublic reports whether the public may see a metric's figures:
// the statistics office's, and those a public indicator is computed from.
func MetricPublic(code string) bool {
	m, ok := MetricByCode(code)
	if !ok {
		return false
	}
	if m.Statistics {
		return true
	}
	for _, in := range Indicators {
		if in.Public && slices.Contains(in.Inputs, code) {
			return true
		}
	}
	return false
}

func (s *Service) figures(ctx context.Context, q db.Querier) ([]Figure, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, metric, year, value, source, source_date, revision, entered_by, entered_at FROM city_figures ORDER BY metric, year, id`)
	if err != nil {
		return nil, apperr.Wrap(err, "list figures")
	}
	defer rows.Close()
	var out []Figure
	for rows.Next() {
		var f Figure
		var sd string
		var at int64
		if err := rows.Scan(&f.ID, &f.Metric, &f.Year, &f.Value, &f.Source, &sd, &f.Revision, &f.EnteredBy, &at); err != nil {
			return nil, apperr.Wrap(err, "scan figure")
		}
		f.SourceDate, _ = db.ParseDateString(sd)
		f.EnteredAt = db.FromMicros(at)
		out = append(out, f)
	}
	return out, apperr.Wrap(rows.Err(), "list figures")
}

// currentFigures returns the latest figure of every metric and year.
func currentFigures(all []Figure) map[string]map[int]Figure {
	out := map[string]map[int]Figure{}
	for _, f := range all { // oldest first: later revisions overwrite
		if out[f.Metric] == nil {
			out[f.Metric] = map[int]Figure{}
		}
		out[f.Metric][f.Year] = f
	}
	return out
}
