package plan

import (
	"context"
	"slices"
	"time"

	"cnht/internal/apperr"
)

// State is how a target stands.
type State string

// The target states. A year that is over is met or missed; a year still
// running is on track or at risk by where the trend so far leads.
const (
	Met     State = "met"
	Missed  State = "missed"
	OnTrack State = "on_track"
	AtRisk  State = "at_risk"
	NoState State = "no_data"
)

// YearState is a target's state in one year.
type YearState struct {
	Year   int    `json:"year"`
	Actual Actual `json:"actual"`
	State  State  `json:"state"`
	// Projection is where the trend leads by Year, for a year not over.
	Projection *Projection `json:"projection,omitempty"`
}

// TargetRow is one target of a dashboard with its indicator's series.
type TargetRow struct {
	Target    Target    `json:"target"`
	Indicator Indicator `json:"indicator"`
	// Headline is the state the row shows: the target's year, or for a
	// yearly target the last year of the period that has begun, with the
	// state of all its years (overall).
	Headline YearState `json:"headline"`
	// Years are the states of a yearly target in each year of the period
	// that has begun (one entry for other targets).
	Years []YearState `json:"years"`
	// Series is the indicator in every year of the dashboard's axis up to
	// this year.
	Series []Actual `json:"series"`
}

// Dashboard is a plan's targets against actual values.
type Dashboard struct {
	Plan  Plan      `json:"plan"`
	Today time.Time `json:"today"`
	// Years is the axis of the trend charts: a few years before the
	// period, through its end.
	Years []int       `json:"years"`
	Rows  []TargetRow `json:"rows"`
	// Public is true when non-public indicators were left out.
	Public bool `json:"public"`
}

// yearsBefore is how many years before a plan's period its charts show.
const yearsBefore = 4

// Dashboard computes a plan's dashboard. Everyone; the public (and every
// role but officers and admins) sees public indicators only.
func (s *Service) Dashboard(ctx context.Context, planID int64) (Dashboard, error) {
	p, err := s.FindPlanByID(ctx, planID)
	if err != nil {
		return Dashboard{}, err
	}
	today := s.Today()
	d := Dashboard{Plan: p, Today: today, Public: !isManagerCtx(ctx)}
	for y := p.YearFrom - yearsBefore; y <= p.YearTo; y++ {
		d.Years = append(d.Years, y)
	}
	var codes []string
	var targets []Target
	for _, t := range p.Targets {
		in, _ := IndicatorByCode(t.Indicator)
		if d.Public && !in.Public {
			continue
		}
		targets = append(targets, t)
		if !slices.Contains(codes, t.Indicator) {
			codes = append(codes, t.Indicator)
		}
	}
	actuals, err := s.Actuals(ctx, codes, d.Years)
	if err != nil {
		return Dashboard{}, err
	}
	for _, t := range targets {
		in, _ := IndicatorByCode(t.Indicator)
		row := TargetRow{Target: t, Indicator: in, Series: actuals[t.Indicator]}
		for _, y := range t.Years(p) {
			if t.PerYear && y > today.Year() {
				break
			}
			row.Years = append(row.Years, evaluate(t, y, row.Series, today))
		}
		if len(row.Years) == 0 { // a yearly target of a period not begun
			row.Years = append(row.Years, evaluate(t, p.YearFrom, row.Series, today))
		}
		row.Headline = row.Years[len(row.Years)-1]
		if t.PerYear {
			// "Above 12% a year" is met when every year is.
			row.Headline.State = overall(row.Years)
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// overall states a yearly target over its years: missed if any year
// was, at risk if any year is, no data if a year has none, on track
// while a year runs, met when every year was.
func overall(ys []YearState) State {
	for _, st := range []State{Missed, AtRisk, NoState, OnTrack} {
		for _, y := range ys {
			if y.State == st {
				return st
			}
		}
	}
	return Met
}

// evaluate states target t in year from the indicator's series.
func evaluate(t Target, year int, series []Actual, today time.Time) YearState {
	ys := YearState{Year: year, Actual: Actual{Indicator: t.Indicator, Year: year}, State: NoState}
	for _, a := range series {
		if a.Year == year {
			ys.Actual = a
		}
	}
	if year < today.Year() && !ys.Actual.Partial {
		if ys.Actual.Value.Known() {
			ys.State = Missed
			if t.Met(ys.Actual.Value) {
				ys.State = Met
			}
		}
		return ys
	}
	// The year is not over, or its reports are not all in: project the
	// trend of the years that are (and of this year's value so far for
	// registry counts, which are true today rather than partial sums).
	var pts []Point
	for _, a := range series {
		if !a.Value.Known() || a.Year > today.Year() {
			continue
		}
		in, _ := IndicatorByCode(a.Indicator)
		if a.Partial && !(in.Source == SourceRegistry && a.Year == today.Year()) {
			continue
		}
		pts = append(pts, Point{Year: a.Year, Value: a.Value.Float()})
	}
	pr, ok := Project(pts, year)
	if !ok {
		return ys
	}
	ys.Projection = &pr
	ys.State = AtRisk
	if t.Met(floatValue(pr.Value)) {
		ys.State = OnTrack
	}
	return ys
}

// floatValue turns a projection into a Value to compare with a target
// (to the thousandth, the targets' own precision).
func floatValue(f float64) Value {
	m := f * 1000
	if m >= 0 {
		m += 0.5
	} else {
		m -= 0.5
	}
	return Milli(int64(m))
}

// WarmUp computes the current plan's dashboard, so that the registry's
// counts behind it are kept before anyone asks (the first count reads the
// whole registry). It reports how long that took.
func (s *Service) WarmUp(ctx context.Context) (time.Duration, error) {
	t0 := time.Now()
	p, err := s.CurrentPlan(ctx)
	if apperr.CodeOf(err) == apperr.NotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	_, err = s.Dashboard(ctx, p.ID)
	return time.Since(t0), err
}
