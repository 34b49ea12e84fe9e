package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/plan"
)

// indicatorYears is how many years the indicators pages show.
const indicatorYears = 5

// IndicatorView is an indicator's definition with its values, as shown.
type IndicatorView struct {
	Code, Name, How, Unit, Source string
	Public, Drill                 bool
	Values                        []string
	Inputs                        []string
}

// IndicatorsPage lists every indicator's definition and recent values.
type IndicatorsPage struct {
	Base
	Years      []int
	Indicators []IndicatorView
}

func isStaff(r *http.Request) bool {
	a := actor.From(r.Context())
	return a.Role == actor.Officer || a.Role == actor.Admin
}

// recentYears are the last indicatorYears years up to this one.
func (s *Server) recentYears() []int {
	y := s.Plans.Today().Year()
	var out []int
	for i := indicatorYears - 1; i >= 0; i-- {
		out = append(out, y-i)
	}
	return out
}

func (s *Server) indicatorView(p *i18n.Printer, lang string, in plan.Indicator, actuals []plan.Actual) IndicatorView {
	v := IndicatorView{Code: in.Code, Name: p.T("indicator." + in.Code), How: p.T("indicator." + in.Code + ".how"), Unit: p.T("ind.unit." + string(in.Unit)),
		Source: p.T("ind.source." + string(in.Source)), Public: in.Public, Drill: in.Drill}
	for _, a := range actuals {
		v.Values = append(v.Values, plan.FormatValue(p, lang, a.Value, in.Unit))
	}
	for _, c := range in.Inputs {
		if _, ok := plan.IndicatorByCode(c); ok {
			v.Inputs = append(v.Inputs, p.T("indicator."+c))
		} else {
			v.Inputs = append(v.Inputs, p.T("metric."+c))
		}
	}
	return v
}

func (s *Server) indicatorsList(w http.ResponseWriter, r *http.Request) {
	b := s.base(r, "ind.title")
	staff := isStaff(r)
	var codes []string
	for _, in := range plan.Indicators {
		if in.Public || staff {
			codes = append(codes, in.Code)
		}
	}
	years := s.recentYears()
	actuals, err := s.Plans.Actuals(r.Context(), codes, years)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	pg := IndicatorsPage{Base: b, Years: years}
	for _, code := range codes {
		in, _ := plan.IndicatorByCode(code)
		pg.Indicators = append(pg.Indicators, s.indicatorView(b.P, b.Lang, in, actuals[code]))
	}
	s.render(w, r, http.StatusOK, "indicators", pg)
}

// DrillRowView is a group of a drill-down, as shown.
type DrillRowView struct {
	Label, Value, Num, Den, Count, TraceURL string
}

// IndexRowView is a node of the production index's computation.
type IndexRowView struct {
	Depth                                    int
	Level, Code, Name, Unit                  string
	Q0, Q1, Index, Weight, WeightUsed, Firms string
}

// IndicatorPage is one indicator: its definition and values, its
// drill-down for a year, and the production index's computation.
type IndicatorPage struct {
	Base
	Ind       IndicatorView
	Years     []int
	Year      int
	Dim       string
	Dims      []plan.Dimension
	Drill     *plan.Drill
	Rows      []DrillRowView
	Total     string
	GroupsSum string
	Overlap   string
	Share     bool
	AsOf      string
	Index     []IndexRowView
	Staff     bool
	TraceAll  string
}

// DimURL is the page broken down by dim for the page's year.
func (pg IndicatorPage) DimURL(dim plan.Dimension) string {
	return indicatorURL(pg.Ind.Code, pg.Year, string(dim))
}

// YearURL is the page for a year, keeping the dimension.
func (pg IndicatorPage) YearURL(y int) string { return indicatorURL(pg.Ind.Code, y, pg.Dim) }

func indicatorURL(code string, year int, dim string) string {
	q := url.Values{"year": {strconv.Itoa(year)}}
	if dim != "" {
		q.Set("by", dim)
	}
	return "/indicators/" + url.PathEscape(code) + "?" + q.Encode()
}

func traceURL(code string, year int, dim plan.Dimension, key string) string {
	q := url.Values{"year": {strconv.Itoa(year)}}
	if dim != "" {
		q.Set("by", string(dim))
		q.Set("key", key)
	}
	return "/indicators/" + url.PathEscape(code) + "/trace?" + q.Encode()
}

// groupLabel names a drill-down group in lang.
func groupLabel(p *i18n.Printer, lang string, dim plan.Dimension, key, ward string) string {
	if key == "" {
		return p.T("ind.group_unknown")
	}
	switch dim {
	case plan.BySector:
		return enterprise.KeySector(key).Name(lang)
	case plan.ByWard:
		if ward != "" {
			return ward
		}
		return key
	case plan.BySize:
		for _, c := range enterprise.SizeChoices() {
			if c.Code == key {
				return c.Name(lang)
			}
		}
	case plan.ByOwnership:
		return enterprise.Ownership(key).Name(lang)
	}
	return key
}

func (s *Server) indicatorShow(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	in, ok := plan.IndicatorByCode(code)
	if !ok || !in.Public && !isStaff(r) {
		s.notFound(w, r)
		return
	}
	b := s.base(r, "")
	p := b.P
	years := s.recentYears()
	actuals, err := s.Plans.Actuals(r.Context(), []string{code}, years)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil || year < 1990 || year > s.Plans.Today().Year() {
		year = s.Plans.Today().Year() - 1
	}
	pg := IndicatorPage{Base: b, Ind: s.indicatorView(p, b.Lang, in, actuals[code]), Years: years, Year: year, Dims: plan.Dimensions, Staff: isStaff(r)}
	pg.Title = pg.Ind.Name
	if !slices.Contains(years, year) {
		pg.Years = append([]int{year}, years...)
	}
	if in.Drill {
		dim := plan.Dimension(q.Get("by"))
		if !slices.Contains(plan.Dimensions, dim) {
			dim = plan.BySector
		}
		pg.Dim = string(dim)
		d, err := s.Plans.Drill(r.Context(), code, year, dim)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		pg.Drill = &d
		pg.Share = in.Unit == plan.UnitPercent
		pg.Total = plan.FormatValue(p, b.Lang, d.Total, in.Unit)
		if !d.AsOf.IsZero() {
			pg.AsOf = p.Date(d.AsOf)
		}
		if d.Overlap.Known() && d.Overlap.Rat().Sign() != 0 {
			pg.Overlap = plan.FormatValue(p, b.Lang, d.Overlap, in.Unit)
		}
		sum := plan.Int(0)
		known := false
		for _, row := range d.Rows {
			v := DrillRowView{Label: groupLabel(p, b.Lang, dim, row.Key, row.WardName), Value: plan.FormatValue(p, b.Lang, row.Value, in.Unit), Count: p.Int(row.Count)}
			if row.Suppressed {
				v.Value = p.T("drill.suppressed", "min", plan.MinPublicReports)
			}
			if pg.Share {
				v.Num, v.Den = plan.FormatValue(p, b.Lang, row.Num, plan.UnitEnterprises), plan.FormatValue(p, b.Lang, row.Den, plan.UnitEnterprises)
			} else if row.Value.Known() {
				sum, known = sum.Sub(plan.Int(0).Sub(row.Value)), true // sum + value
			}
			if pg.Staff && row.Traceable {
				v.TraceURL = traceURL(code, year, dim, row.Key)
			}
			pg.Rows = append(pg.Rows, v)
		}
		if known {
			pg.GroupsSum = plan.FormatValue(p, b.Lang, sum, in.Unit)
		}
		if pg.Staff {
			pg.TraceAll = traceURL(code, year, "", "")
		}
	}
	if code == plan.ProductionIndex || code == plan.ProductionGrowth {
		a, err := s.Plans.Actuals(r.Context(), []string{code}, []int{year})
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(a[code]) == 1 && a[code][0].Index != nil {
			pg.Index = indexRows(p, b.Lang, *a[code][0].Index, 0)
		}
	}
	s.render(w, r, http.StatusOK, "indicators_show", pg)
}

// indexRows flattens the production index's computation tree, group
// first, each node followed by its children.
func indexRows(p *i18n.Printer, lang string, n plan.IndexNode, depth int) []IndexRowView {
	name := n.Item.NameVI
	if lang == "en" && n.Item.NameEN != "" {
		name = n.Item.NameEN
	}
	v := IndexRowView{Depth: depth, Level: p.T("ind.level." + n.Item.Level), Code: n.Item.Code, Name: name, Index: plan.FormatValue(p, lang, n.Index, plan.UnitIndex)}
	if n.Item.Level != plan.LevelGroup {
		v.Weight = p.Int(n.Item.Weight)
	}
	if n.Item.Level == plan.LevelProduct {
		v.Unit = p.T("stat.unit." + baseUnit(n.Item.Unit))
		v.Q0, v.Q1, v.Firms = p.Int(n.Q0), p.Int(n.Q1), p.Int(n.Enterprises)
	} else if n.WeightUsed > 0 {
		v.WeightUsed = p.Int(n.WeightUsed)
	}
	out := []IndexRowView{v}
	for _, c := range n.Children {
		out = append(out, indexRows(p, lang, c, depth+1)...)
	}
	return out
}

// baseUnit is the smallest unit of u's kind, which the index's
// quantities are in.
func baseUnit(u string) string {
	for _, x := range plan.UnitsLike(u) {
		return x
	}
	return u
}

// TracePage lists the records behind an indicator's value.
type TracePage struct {
	Base
	Ind   IndicatorView
	Trace plan.Trace
	Group string
	Back  string
	Rows  []TraceRowView
	Prev  string
	Next  string
	AsOf  string
}

// TraceRowView is a record, as shown.
type TraceRowView struct {
	ID                                      int64
	Name, TaxCode, Ward, Value, SubmittedAt string
	International, OnBehalf                 bool
}

func (s *Server) indicatorTrace(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	code := r.PathValue("code")
	in, ok := plan.IndicatorByCode(code)
	if !ok {
		s.notFound(w, r)
		return
	}
	q := r.URL.Query()
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil {
		year = s.Plans.Today().Year() - 1
	}
	dim := plan.Dimension(q.Get("by"))
	key := q.Get("key")
	offset, _ := strconv.Atoi(q.Get("offset"))
	tr, err := s.Plans.Trace(r.Context(), code, year, dim, key, 50, max(offset, 0))
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			err = apperr.Errorf(apperr.NotFound, "error.not_found")
		}
		s.renderError(w, r, err)
		return
	}
	b := s.base(r, "")
	p := b.P
	pg := TracePage{Base: b, Ind: s.indicatorView(p, b.Lang, in, nil), Trace: tr, Back: indicatorURL(code, year, string(dim))}
	if dim != "" {
		pg.Group = groupLabel(p, b.Lang, dim, key, "")
		if dim == plan.ByWard {
			for _, wd := range s.Registry.Wards() {
				if wd.Code == key {
					pg.Group = wd.FullName
				}
			}
		}
	}
	pg.Title = p.T("ind.trace_title", "name", pg.Ind.Name, "year", strconv.Itoa(year))
	if !tr.AsOf.IsZero() {
		pg.AsOf = p.Date(tr.AsOf)
	}
	for _, x := range tr.Rows {
		v := TraceRowView{ID: x.EnterpriseID, Name: x.Name, TaxCode: x.TaxCode, Ward: x.WardName, International: x.International, OnBehalf: x.OnBehalf}
		if tr.Reports {
			v.Value = p.Money(x.Value)
			if !x.SubmittedAt.IsZero() {
				v.SubmittedAt = p.DateTime(x.SubmittedAt)
			}
		}
		pg.Rows = append(pg.Rows, v)
	}
	link := func(off int) string {
		v := url.Values{"year": {strconv.Itoa(year)}, "offset": {strconv.Itoa(off)}}
		if dim != "" {
			v.Set("by", string(dim))
			v.Set("key", key)
		}
		return "/indicators/" + url.PathEscape(code) + "/trace?" + v.Encode()
	}
	if tr.Offset > 0 {
		pg.Prev = link(max(tr.Offset-tr.Limit, 0))
	}
	if tr.Offset+len(tr.Rows) < tr.Total {
		pg.Next = link(tr.Offset + tr.Limit)
	}
	s.render(w, r, http.StatusOK, "indicators_trace", pg)
}
