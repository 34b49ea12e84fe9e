package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"cnht/internal/plan"
)

// chartSVG draws an indicator's course over a plan's years, server-side:
// the actual values as a line, the target as a band (a range) or a line
// (a value, a floor, a ceiling) in its year(s), and for a year not over
// the projection as a dashed line to the projected value with its
// interval. No script and no library: it prints and reads on any phone.
func chartSVG(row plan.TargetRow, years []int, today time.Time, p plan.Printer, lang string) template.HTML {
	const w, h = 340.0, 170.0
	const left, right, top, bottom = 46.0, 12.0, 12.0, 26.0
	if len(years) == 0 {
		return ""
	}
	u := row.Indicator.Unit
	type pt struct {
		year int
		v    float64
	}
	var pts []pt
	for _, a := range row.Series {
		if a.Value.Known() {
			pts = append(pts, pt{a.Year, a.Value.Float()})
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	see := func(v float64) { lo, hi = math.Min(lo, v), math.Max(hi, v) }
	for _, q := range pts {
		see(q.v)
	}
	t := row.Target
	low, high := float64(t.Low)/1000, float64(t.High)/1000
	switch t.Kind {
	case plan.Range:
		see(low)
		see(high)
	case plan.Ceiling:
		see(high)
	default:
		see(low)
		if t.Kind == plan.Floor && t.High > t.Low {
			see(high)
		}
	}
	pr := row.Headline.Projection
	if pr != nil {
		see(pr.Low)
		see(pr.High)
	}
	if math.IsInf(lo, 0) {
		return ""
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	dataLo, dataHi := lo, hi // the ticks: what the chart shows, not its margins
	pad := (hi - lo) * 0.12
	lo, hi = lo-pad, hi+pad
	if lo < 0 && u != plan.UnitPercent {
		lo = 0
	}
	x := func(year int) float64 {
		if len(years) == 1 {
			return left + (w-left-right)/2
		}
		return left + float64(year-years[0])*(w-left-right)/float64(years[len(years)-1]-years[0])
	}
	y := func(v float64) float64 { return top + (hi-v)*(h-top-bottom)/(hi-lo) }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	label := func(v float64) string {
		return html.EscapeString(plan.FormatValue(p, lang, plan.Milli(int64(math.Round(v*1000))), u))
	}
	// Axis ticks carry the number only (the unit is in the card): "950",
	// "16,5%", "26,3" (billion đồng).
	tick := func(v float64) string {
		m := int64(math.Round(v * 1000))
		switch u {
		case plan.UnitPercent:
			return html.EscapeString(plan.Milli(m).Format(lang, 1) + "%")
		case plan.UnitIndex:
			return html.EscapeString(plan.Milli(m).Format(lang, 1))
		case plan.UnitDong:
			if math.Abs(v) >= 1e9 {
				return html.EscapeString(plan.Milli(int64(math.Round(v/1e6))).Format(lang, 1))
			}
		}
		return html.EscapeString(plan.Milli(m).Format(lang, 0))
	}
	var b strings.Builder
	title := html.EscapeString(p.T("indicator." + t.Indicator))
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`, f(w), f(h), title, title)
	// Axes: the bounds of the values on the left, years below.
	fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f(left), f(top), f(left), f(h-bottom))
	fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f(left), f(h-bottom), f(w-right), f(h-bottom))
	for _, v := range []float64{dataHi, dataLo} {
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, f(left-4), f(y(v)+4), tick(v))
		fmt.Fprintf(&b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f(left), f(y(v)), f(w-right), f(y(v)))
	}
	step := 1
	if len(years) > 7 {
		step = 2
	}
	for i, yr := range years {
		if i%step == 0 || i == len(years)-1 {
			fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="middle">%d</text>`, f(x(yr)), f(h-bottom+16), yr)
		}
	}
	// The target, in its year(s).
	ty := t.Years(planOf(row, years))
	x0, x1 := x(ty[0])-10, x(ty[len(ty)-1])+10
	if len(ty) == 1 {
		x0, x1 = x(ty[0])-14, x(ty[0])+14
	}
	switch {
	case t.Kind == plan.Range:
		fmt.Fprintf(&b, `<rect class="target-band" x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`, f(x0), f(y(high)), f(x1-x0), f(math.Max(y(low)-y(high), 1)), html.EscapeString(t.Text(p, lang)))
	case t.Kind == plan.Ceiling:
		fmt.Fprintf(&b, `<line class="target-line" x1="%s" y1="%s" x2="%s" y2="%s"><title>%s</title></line>`, f(x0), f(y(high)), f(x1), f(y(high)), html.EscapeString(t.Text(p, lang)))
	default:
		fmt.Fprintf(&b, `<line class="target-line" x1="%s" y1="%s" x2="%s" y2="%s"><title>%s</title></line>`, f(x0), f(y(low)), f(x1), f(y(low)), html.EscapeString(t.Text(p, lang)))
	}
	// The actual values.
	if len(pts) > 0 {
		var line []string
		for _, q := range pts {
			line = append(line, f(x(q.year))+","+f(y(q.v)))
		}
		fmt.Fprintf(&b, `<polyline class="actual" points="%s"/>`, strings.Join(line, " "))
		for _, q := range pts {
			fmt.Fprintf(&b, `<circle class="actual-dot" cx="%s" cy="%s" r="3"><title>%d: %s</title></circle>`, f(x(q.year)), f(y(q.v)), q.year, label(q.v))
		}
	}
	// The projection from the last value to the target's year.
	if pr != nil && len(pts) > 0 {
		last := pts[len(pts)-1]
		px := x(pr.Year)
		fmt.Fprintf(&b, `<line class="projection" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f(x(last.year)), f(y(last.v)), f(px), f(y(pr.Value)))
		fmt.Fprintf(&b, `<line class="interval" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f(px), f(y(pr.Low)), f(px), f(y(pr.High)))
		fmt.Fprintf(&b, `<circle class="projected-dot" cx="%s" cy="%s" r="3.5"><title>%d: %s</title></circle>`, f(px), f(y(pr.Value)), pr.Year, label(pr.Value))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it was escaped above
}

// planOf is enough of a plan for Target.Years: its period, which the
// chart's axis ends with.
func planOf(row plan.TargetRow, years []int) plan.Plan {
	p := plan.Plan{YearTo: years[len(years)-1], YearFrom: years[len(years)-1]}
	for _, ys := range row.Years {
		p.YearFrom = min(p.YearFrom, ys.Year)
	}
	if row.Target.PerYear && len(row.Years) > 0 {
		p.YearTo = row.Years[len(row.Years)-1].Year
	}
	return p
}
