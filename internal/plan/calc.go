package plan

import (
	"context"
	"slices"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/enterprise"
)

// Input is one of the numbers an indicator's value was computed from.
type Input struct {
	// Code is an indicator or metric code.
	Code  string `json:"code"`
	Value Value  `json:"-"`
	// Figure is the entered figure the input is, when it is one (its
	// source, date and revision).
	Figure *Figure `json:"figure,omitempty"`
}

// Actual is an indicator's value for a year with what it was computed
// from.
type Actual struct {
	Indicator string `json:"indicator"`
	Year      int    `json:"year"`
	Value     Value  `json:"-"`
	// AsOf is the day registry counts were taken (the year's last day, or
	// today for the current year).
	AsOf time.Time `json:"as_of,omitzero"`
	// Partial is true for a year not over yet, and for a year whose
	// statistics reports are not due yet (report-based indicators).
	Partial bool `json:"partial"`
	// Reports is how many submitted reports the value sums (report-based
	// indicators).
	Reports int64   `json:"reports,omitempty"`
	Inputs  []Input `json:"inputs,omitempty"`
	// Index is the production index's computation (index indicators).
	Index *IndexNode `json:"index,omitempty"`
}

// periodTotals are the sums of a year's submitted yearly reports.
type periodTotals struct {
	Reports, Output, Revenue, Export, Employees int64
}

// calc computes indicators for a set of years, reading each input once.
type calc struct {
	s       *Service
	today   time.Time
	counts  map[int]enterprise.Count
	asOf    map[int]time.Time
	totals  map[int]periodTotals
	due     map[int]time.Time // the yearly period's due date, by year
	figures map[string]map[int]Figure
	index   map[int]*IndexNode
}

// newCalc loads what the indicators of codes need for years.
func (s *Service) newCalc(ctx context.Context, codes []string, years []int) (*calc, error) {
	c := &calc{s: s, today: s.Today(), counts: map[int]enterprise.Count{}, asOf: map[int]time.Time{}, totals: map[int]periodTotals{}, due: map[int]time.Time{}, index: map[int]*IndexNode{}}
	need := map[Source]bool{}
	needIndex := false
	for _, code := range codes {
		in, ok := IndicatorByCode(code)
		if !ok {
			return nil, apperr.New(apperr.NotFound, "plan.indicator_not_found")
		}
		need[in.Source] = true
		if code == ProductionIndex || code == ProductionGrowth {
			needIndex = true
		}
	}
	if need[SourceRegistry] {
		first, err := s.registry.FirstJoinedOn(ctx)
		if err != nil {
			return nil, err
		}
		var days []time.Time
		var ys []int
		for _, y := range years {
			d := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
			if first.IsZero() || d.Before(first) {
				continue // before the registry began: no data, not zero
			}
			if d.After(c.today) {
				if y != c.today.Year() {
					continue
				}
				d = c.today
			}
			days = append(days, d)
			ys = append(ys, y)
		}
		counts, err := s.registry.TotalsAsOf(ctx, days, enterprise.Filter{})
		if err != nil {
			return nil, err
		}
		for i, y := range ys {
			c.counts[y], c.asOf[y] = counts[i], days[i]
		}
	}
	if need[SourceReports] || need[SourceMixed] {
		rows, err := s.db.QueryContext(ctx, `SELECT p.year, p.due_on, t.reports, t.output_value, t.revenue, t.export_turnover, t.employees
			FROM stat_totals t JOIN stat_periods p ON p.id = t.period_id WHERE p.quarter = 0`)
		if err != nil {
			return nil, apperr.Wrap(err, "report totals")
		}
		for rows.Next() {
			var y int
			var due string
			var t periodTotals
			if err := rows.Scan(&y, &due, &t.Reports, &t.Output, &t.Revenue, &t.Export, &t.Employees); err != nil {
				rows.Close()
				return nil, apperr.Wrap(err, "scan totals")
			}
			c.totals[y] = t
			if d, err := db.ParseDateString(due); err == nil {
				c.due[y] = d
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, apperr.Wrap(err, "report totals")
		}
	}
	if need[SourceFigures] || need[SourceMixed] {
		all, err := s.figures(ctx, s.db)
		if err != nil {
			return nil, err
		}
		c.figures = currentFigures(all)
	}
	if needIndex && len(years) > 0 {
		if err := c.loadIndex(ctx, years); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// loadIndex computes the production index of every year (previous year =
// 100) from the matched quantities, read in one query, and each year's
// basket.
func (c *calc) loadIndex(ctx context.Context, years []int) error {
	rows, err := c.s.db.QueryContext(ctx, `SELECT year, product_code, q0, q1, enterprises FROM stat_pairs WHERE year >= $1 AND year <= $2 AND enterprises > 0`,
		slices.Min(years), slices.Max(years))
	if err != nil {
		return apperr.Wrap(err, "index quantities")
	}
	q := map[int]map[string]Quantities{}
	for rows.Next() {
		var y int
		var code string
		var x Quantities
		if err := rows.Scan(&y, &code, &x.Q0, &x.Q1, &x.Enterprises); err != nil {
			rows.Close()
			return apperr.Wrap(err, "scan index quantities")
		}
		if q[y] == nil {
			q[y] = map[string]Quantities{}
		}
		q[y][code] = x
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "index quantities")
	}
	baskets := map[int][]IndexItem{} // by base year
	for _, y := range years {
		base, err := baseYearFor(ctx, c.s.db, y)
		if err != nil {
			return err
		}
		b, ok := baskets[base]
		if !ok {
			if b, err = loadBasket(ctx, c.s.db, base); err != nil {
				return err
			}
			baskets[base] = b
		}
		if len(b) == 0 {
			continue
		}
		n := ComputeIndex(b, q[y])
		c.index[y] = &n
	}
	return nil
}

func (c *calc) figure(metric string, year int) (Value, *Figure) {
	f, ok := c.figures[metric][year]
	if !ok {
		return NoData, nil
	}
	m, _ := MetricByCode(metric)
	if m.Milli {
		return Milli(f.Value), &f
	}
	return Int(f.Value), &f
}

// reportSum returns a report total of year, no data when nobody reported.
func (c *calc) reportSum(year int, pick func(periodTotals) int64) (Value, int64) {
	t, ok := c.totals[year]
	if !ok || t.Reports == 0 {
		return NoData, 0
	}
	return Int(pick(t)), t.Reports
}

// actual computes one indicator for one year.
func (c *calc) actual(code string, year int) Actual {
	a := Actual{Indicator: code, Year: year, Partial: year >= c.today.Year()}
	// A year of reports is not over before its reports are due: until
	// then its sums hold only those filed early.
	if in, _ := IndicatorByCode(code); in.Source == SourceReports || in.Source == SourceMixed {
		if due, ok := c.due[year]; ok && !c.today.After(due) {
			a.Partial = true
		}
	}
	fig := func(metric string) Value {
		v, f := c.figure(metric, year)
		a.Inputs = append(a.Inputs, Input{Code: metric, Value: v, Figure: f})
		return v
	}
	sum := func(inCode string, pick func(periodTotals) int64) Value {
		v, n := c.reportSum(year, pick)
		a.Reports = n
		a.Inputs = append(a.Inputs, Input{Code: inCode, Value: v})
		return v
	}
	count, counted := c.counts[year]
	if counted {
		a.AsOf = c.asOf[year]
	}
	switch code {
	case Enterprises:
		if counted {
			a.Value = Int(count.Active)
		}
	case IntlEnterprises:
		if counted {
			a.Value = Int(count.International)
		}
	case IntlShare:
		if counted {
			num, den := Int(count.International), Int(count.Active)
			a.Inputs = []Input{{Code: IntlEnterprises, Value: num}, {Code: Enterprises, Value: den}}
			a.Value = Share(num, den)
		}
	case Output:
		a.Value = sum(Output, func(t periodTotals) int64 { return t.Output })
		a.Inputs = nil
	case Export:
		a.Value = sum(Export, func(t periodTotals) int64 { return t.Export })
		a.Inputs = nil
	case OutputShare:
		num := sum(Output, func(t periodTotals) int64 { return t.Output })
		a.Value = Share(num, fig(MetricManufacturingOutput))
	case ExportShare:
		num := sum(Export, func(t periodTotals) int64 { return t.Export })
		a.Value = Share(num, fig(MetricExports))
	case ProductionIndex, ProductionGrowth:
		if n := c.index[year]; n != nil {
			a.Index = n
			a.Value = n.Index
			if code == ProductionGrowth {
				a.Inputs = []Input{{Code: ProductionIndex, Value: n.Index}}
				a.Value = n.Index.Sub(Int(100))
			}
		}
	case KeyProducts:
		a.Value = fig(MetricKeyProducts)
	case KeyProductOutputShare:
		a.Value = Share(fig(MetricKeyProductOutput), fig(MetricIndustrialOutput))
	case KeyProductExportShare:
		a.Value = Share(fig(MetricKeyProductExport), fig(MetricExports))
	case SupportInstances:
		a.Value = fig(MetricSupportInstances)
	case BudgetUsed:
		a.Value = fig(MetricBudgetUsed)
	}
	return a
}

// Actuals computes indicators for years: by indicator code, one Actual per
// year in the order of years. Years after the current one are left out.
// Everyone may compute public indicators; the others are for officers and
// admins.
func (s *Service) Actuals(ctx context.Context, codes []string, years []int) (map[string][]Actual, error) {
	if err := s.mayRead(ctx, codes); err != nil {
		return nil, err
	}
	thisYear := s.Today().Year()
	years = slices.DeleteFunc(slices.Clone(years), func(y int) bool { return y > thisYear })
	c, err := s.newCalc(ctx, codes, years)
	if err != nil {
		return nil, err
	}
	out := map[string][]Actual{}
	for _, code := range codes {
		for _, y := range years {
			out[code] = append(out[code], c.actual(code, y))
		}
	}
	return out, nil
}

// MayRead reports whether the caller may see an indicator: everyone the
// public ones, officers and admins all.
func (s *Service) MayRead(ctx context.Context, code string) bool {
	return s.mayRead(ctx, []string{code}) == nil
}

// mayRead refuses a non-public indicator to anyone but officers and
// admins.
func (s *Service) mayRead(ctx context.Context, codes []string) error {
	for _, code := range codes {
		in, ok := IndicatorByCode(code)
		if !ok {
			return apperr.New(apperr.NotFound, "plan.indicator_not_found")
		}
		if !in.Public && !isManagerCtx(ctx) {
			return apperr.New(apperr.NotFound, "plan.indicator_not_found")
		}
	}
	return nil
}
