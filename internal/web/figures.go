package web

import (
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/i18n"
	"cnht/internal/plan"
	"cnht/internal/vn"
)

// FigureEntry is one entered value of a metric's year, as shown.
type FigureEntry struct {
	Value, Revision, Source, SourceDate, EnteredAt string
}

// FigureCell is a metric's year: its current value and the revisions
// before it.
type FigureCell struct {
	Current FigureEntry
	Has     bool
	Earlier []FigureEntry
}

// FigureRow is a year of the figures table.
type FigureRow struct {
	Year  int
	Cells []FigureCell
}

// FigureMetric is a column of the figures table.
type FigureMetric struct {
	Code, Name, Unit string
	Statistics       bool
}

// FiguresPage is the city figures by year and metric, with where each
// came from and its revisions; officers and admins enter new ones.
type FiguresPage struct {
	Base
	Metrics  []FigureMetric
	Rows     []FigureRow
	CanEnter bool
}

func (s *Server) figuresPage(w http.ResponseWriter, r *http.Request) {
	s.renderFigures(w, r, http.StatusOK, s.base(r, "fig.title"))
}

func (s *Server) renderFigures(w http.ResponseWriter, r *http.Request, status int, b Base) {
	all, err := s.Plans.Figures(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := b.P
	pg := FiguresPage{Base: b, CanEnter: b.Role == actor.Officer || b.Role == actor.Admin}
	col := map[string]int{}
	for _, m := range plan.Metrics {
		if !pg.CanEnter && !plan.MetricPublic(m.Code) {
			continue // not published (the budget used)
		}
		col[m.Code] = len(pg.Metrics)
		pg.Metrics = append(pg.Metrics, FigureMetric{Code: m.Code, Name: p.T("metric." + m.Code), Unit: p.T("fig.unit." + string(m.Unit)), Statistics: m.Statistics})
	}
	byYear := map[int][]FigureCell{}
	for _, f := range all { // oldest first: a later entry is the current one
		m, ok := plan.MetricByCode(f.Metric)
		if _, shown := col[f.Metric]; !ok || !shown {
			continue
		}
		cells := byYear[f.Year]
		if cells == nil {
			cells = make([]FigureCell, len(pg.Metrics))
			byYear[f.Year] = cells
		}
		c := &cells[col[f.Metric]]
		if c.Has {
			c.Earlier = append([]FigureEntry{c.Current}, c.Earlier...)
		}
		c.Current, c.Has = figureEntry(p, b.Lang, m, f), true
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	slices.Sort(years)
	slices.Reverse(years)
	for _, y := range years {
		pg.Rows = append(pg.Rows, FigureRow{Year: y, Cells: byYear[y]})
	}
	s.render(w, r, status, "figures", pg)
}

func figureEntry(p *i18n.Printer, lang string, m plan.Metric, f plan.Figure) FigureEntry {
	var v string
	if m.Milli {
		v = plan.FormatMilli(p, lang, f.Value, m.Unit)
	} else {
		v = plan.FormatValue(p, lang, plan.Int(f.Value), m.Unit)
	}
	return FigureEntry{Value: v, Revision: p.T("fig.revision." + f.Revision), Source: f.Source, SourceDate: p.Date(f.SourceDate), EnteredAt: p.DateTime(f.EnteredAt)}
}

// figureCreate enters a figure (a revision when its metric's year has
// one).
func (s *Server) figureCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	var v apperr.Validation
	f := plan.Figure{Metric: r.PostFormValue("metric"), Source: r.PostFormValue("source"), Revision: r.PostFormValue("revision")}
	m, known := plan.MetricByCode(f.Metric)
	if y, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year"))); err == nil {
		f.Year = y
	} else {
		v.Add("year", "field.range", "min", 1990, "max", 2100)
	}
	raw := strings.TrimSpace(r.PostFormValue("value"))
	switch {
	case raw == "":
		v.Add("value", "field.required")
	case known && m.Milli:
		n, ok := thousandths(raw)
		if !ok {
			v.Add("value", "fig.bad_decimal")
		}
		f.Value = n
	default:
		n, err := vn.ParseInt(raw)
		if err != nil {
			v.Add("value", "fig.bad_integer")
		}
		f.Value = n
	}
	if d := strings.TrimSpace(r.PostFormValue("source_date")); d != "" {
		t, err := vn.ParseDate(d)
		if err != nil {
			v.Add("source_date", "field.date")
		}
		f.SourceDate = t
	}
	err := v.Err()
	if err == nil {
		_, err = s.Plans.RecordFigure(r.Context(), f)
	}
	if err != nil {
		s.formError(w, r, err, func(b Base) {
			b.Form = r.PostForm
			s.renderFigures(w, r, apperr.HTTPStatus(err), b)
		}, "fig.title")
		return
	}
	s.flash(w, r, "fig.saved")
	http.Redirect(w, r, "/figures", http.StatusSeeOther)
}

// thousandths reads a decimal typed the Vietnamese way ("108,2",
// "1.234,5") as thousandths; at most three decimals.
func thousandths(s string) (int64, bool) {
	intPart, frac, _ := strings.Cut(s, ",")
	n, err := vn.ParseInt(intPart)
	if err != nil || len(frac) > 3 || n < 0 {
		return 0, false
	}
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	r, ok := new(big.Rat).SetString(strconv.FormatInt(n, 10) + "." + frac + "0")
	if !ok {
		return 0, false
	}
	r.Mul(r, big.NewRat(1000, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}
