package rest

import (
	"net/http"
	"strconv"
	"time"

	"cnht/internal/plan"
)

// Plans, targets and indicators as JSON. Numbers that are not whole
// (shares, indices) and amounts too large for a JSON reader's doubles are
// written as decimal strings with '.' ("16.523", "26000000000"); a value
// without data is null, never 0.

// planSummaryJSON is a plan in a list.
type planSummaryJSON struct {
	ID           int64          `json:"id"`
	Programme    plan.Programme `json:"programme"`
	DocNumber    string         `json:"doc_number"`
	DocDate      *string        `json:"doc_date"`
	Title        string         `json:"title"`
	YearFrom     int            `json:"year_from"`
	YearTo       int            `json:"year_to"`
	Status       plan.Status    `json:"status"`
	Budget       *string        `json:"budget"`
	BudgetApprox bool           `json:"budget_approx"`
	URL          string         `json:"url"`
}

func planSummary(p plan.Plan) planSummaryJSON {
	out := planSummaryJSON{ID: p.ID, Programme: p.Programme, DocNumber: p.DocNumber, Title: p.Title, YearFrom: p.YearFrom, YearTo: p.YearTo,
		Status: p.Status, BudgetApprox: p.BudgetApprox, URL: "/api/v1/plans/" + strconv.FormatInt(p.ID, 10)}
	if !p.DocDate.IsZero() {
		d := p.DocDate.Format(time.DateOnly)
		out.DocDate = &d
	}
	if p.Budget > 0 {
		b := strconv.FormatInt(p.Budget, 10)
		out.Budget = &b
	}
	return out
}

// valueJSON writes a value in its unit: whole numbers without decimals,
// shares and indices with three; nil for no data.
func valueJSON(v plan.Value, u plan.Unit) *string {
	if !v.Known() {
		return nil
	}
	places := 0
	if u == plan.UnitPercent || u == plan.UnitIndex {
		places = 3
	}
	s := v.Decimal(places)
	return &s
}

func milliJSON(m int64) string { return plan.Milli(m).Decimal(3) }

type inputJSON struct {
	Code       string  `json:"code"`
	Value      *string `json:"value"`
	Source     string  `json:"source,omitempty"`
	SourceDate string  `json:"source_date,omitempty"`
	Revision   string  `json:"revision,omitempty"`
}

type actualJSON struct {
	Year    int         `json:"year"`
	Value   *string     `json:"value"`
	AsOf    *string     `json:"as_of,omitempty"`
	Partial bool        `json:"partial"`
	Reports int64       `json:"reports,omitempty"`
	Inputs  []inputJSON `json:"inputs,omitempty"`
}

func actual(a plan.Actual, u plan.Unit) actualJSON {
	out := actualJSON{Year: a.Year, Value: valueJSON(a.Value, u), Partial: a.Partial, Reports: a.Reports}
	if !a.AsOf.IsZero() {
		d := a.AsOf.Format(time.DateOnly)
		out.AsOf = &d
	}
	for _, in := range a.Inputs {
		iu := u
		if m, ok := plan.MetricByCode(in.Code); ok {
			iu = m.Unit
		} else if ind, ok := plan.IndicatorByCode(in.Code); ok {
			iu = ind.Unit
		}
		ij := inputJSON{Code: in.Code, Value: valueJSON(in.Value, iu)}
		if f := in.Figure; f != nil {
			ij.Source, ij.Revision = f.Source, f.Revision
			if !f.SourceDate.IsZero() {
				ij.SourceDate = f.SourceDate.Format(time.DateOnly)
			}
		}
		out.Inputs = append(out.Inputs, ij)
	}
	return out
}

type projectionJSON struct {
	Year       int    `json:"year"`
	Value      string `json:"value"`
	Low        string `json:"low"`
	High       string `json:"high"`
	Confidence int    `json:"confidence"`
	Points     int    `json:"points"`
}

type yearStateJSON struct {
	Year       int             `json:"year"`
	State      plan.State      `json:"state"`
	Actual     actualJSON      `json:"actual"`
	Projection *projectionJSON `json:"projection,omitempty"`
}

type targetJSON struct {
	ID           int64           `json:"id"`
	Indicator    string          `json:"indicator"`
	Year         int             `json:"year"`
	PerYear      bool            `json:"per_year"`
	Kind         plan.Kind       `json:"kind"`
	Low          *string         `json:"low"`
	High         *string         `json:"high"`
	Approx       bool            `json:"approx"`
	Baseline     *string         `json:"baseline"`
	BaselineYear *int            `json:"baseline_year"`
	Note         string          `json:"note"`
	Text         string          `json:"text"`
	State        plan.State      `json:"state"`
	Headline     yearStateJSON   `json:"headline"`
	Years        []yearStateJSON `json:"years"`
	Series       []actualJSON    `json:"series"`
}

// planJSON is a plan with its targets against their actual values.
type planJSON struct {
	planSummaryJSON
	Notes      string          `json:"notes"`
	Today      string          `json:"today"`
	Public     bool            `json:"public"`
	Years      []int           `json:"years"`
	Targets    []targetJSON    `json:"targets"`
	Indicators []indicatorJSON `json:"indicators"`
}

type indicatorJSON struct {
	plan.Indicator
	Name string `json:"name"`
	How  string `json:"how"`
}

func (a *API) indicatorJSON(lang string, in plan.Indicator) indicatorJSON {
	p := a.Bundle.Printer(lang)
	return indicatorJSON{Indicator: in, Name: p.T("indicator." + in.Code), How: p.T("indicator." + in.Code + ".how")}
}

func yearState(ys plan.YearState, u plan.Unit) yearStateJSON {
	out := yearStateJSON{Year: ys.Year, State: ys.State, Actual: actual(ys.Actual, u)}
	if pr := ys.Projection; pr != nil {
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
		out.Projection = &projectionJSON{Year: pr.Year, Value: f(pr.Value), Low: f(pr.Low), High: f(pr.High), Confidence: pr.Confidence, Points: pr.Points}
	}
	return out
}

// langParam reads the only query parameter of the plan routes, lang (vi
// or en; by default the caller's language). It answers 422 itself.
func (a *API) langParam(w http.ResponseWriter, r *http.Request) (string, bool) {
	q := newQuery(r, []string{"lang"})
	lang := q.code("lang", func(s string) bool { return s == "vi" || s == "en" })
	if err := q.v.Err(); err != nil {
		a.fail(w, r, err)
		return "", false
	}
	if lang == "" {
		lang = a.Lang(r)
	}
	return lang, true
}

// listPlans: GET /api/v1/plans. Everyone (drafts for officers and admins).
func (a *API) listPlans(w http.ResponseWriter, r *http.Request) {
	if !a.noQuery(w, r) {
		return
	}
	ps, err := a.Plans.Plans(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := make([]planSummaryJSON, 0, len(ps))
	for _, p := range ps {
		items = append(items, planSummary(p))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// getPlan: GET /api/v1/plans/{id}: the plan, its targets with their actual
// values, states and projections, and the definitions of the indicators
// they use. The public sees public indicators only.
func (a *API) getPlan(w http.ResponseWriter, r *http.Request) {
	lang, ok := a.langParam(w, r)
	if !ok {
		return
	}
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.Plans.Dashboard(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	p := a.Bundle.Printer(lang)
	out := planJSON{planSummaryJSON: planSummary(d.Plan), Notes: d.Plan.Notes, Today: d.Today.Format(time.DateOnly), Public: d.Public, Years: d.Years,
		Targets: []targetJSON{}, Indicators: []indicatorJSON{}}
	seen := map[string]bool{}
	for _, row := range d.Rows {
		t, u := row.Target, row.Indicator.Unit
		tj := targetJSON{ID: t.ID, Indicator: t.Indicator, Year: t.Year, PerYear: t.PerYear, Kind: t.Kind, Approx: t.Approx, Note: t.Note,
			Text: t.Text(p, lang), State: row.Headline.State, Headline: yearState(row.Headline, u)}
		if t.Kind != plan.Ceiling {
			s := milliJSON(t.Low)
			tj.Low = &s
		}
		if t.Kind == plan.Range || t.Kind == plan.Ceiling || t.Kind == plan.Floor && t.High > t.Low {
			s := milliJSON(t.High)
			tj.High = &s
		}
		if t.BaselineYear != 0 {
			s, y := milliJSON(t.Baseline), t.BaselineYear
			tj.Baseline, tj.BaselineYear = &s, &y
		}
		for _, ys := range row.Years {
			tj.Years = append(tj.Years, yearState(ys, u))
		}
		for _, s := range row.Series {
			tj.Series = append(tj.Series, actual(s, u))
		}
		out.Targets = append(out.Targets, tj)
		if !seen[t.Indicator] {
			seen[t.Indicator] = true
			out.Indicators = append(out.Indicators, a.indicatorJSON(lang, row.Indicator))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// listIndicators: GET /api/v1/indicators: every indicator's definition
// (the public sees the public ones).
func (a *API) listIndicators(w http.ResponseWriter, r *http.Request) {
	lang, ok := a.langParam(w, r)
	if !ok {
		return
	}
	var items []indicatorJSON
	for _, in := range plan.Indicators {
		if !a.Plans.MayRead(r.Context(), in.Code) {
			continue
		}
		items = append(items, a.indicatorJSON(lang, in))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}
