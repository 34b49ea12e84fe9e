package plan

import "math"

// Point is one year's value on a trend.
type Point struct {
	Year  int
	Value float64
}

// Projection is where a trend leads by a year, with an 80 % prediction
// interval.
type Projection struct {
	Year       int     `json:"year"`
	Value      float64 `json:"value"`
	Low        float64 `json:"low"`
	High       float64 `json:"high"`
	Points     int     `json:"points"`
	Confidence int     `json:"confidence"` // percent
}

// t80 are Student's t quantiles for a two-sided 80 % interval by degrees of
// freedom (1..10); beyond 10 the normal 1.282 is near enough.
var t80 = []float64{0, 3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372}

// Project fits a straight line by least squares to the last (at most five)
// points and extends it to year, with an 80 % prediction interval from the
// residuals. With two points the line passes through both and the interval
// is as wide as the change between them; with one point the projection is
// that value and the interval is unknown (Low = High = Value, Points = 1).
// ok is false with no points.
func Project(points []Point, year int) (Projection, bool) {
	if len(points) > 5 {
		points = points[len(points)-5:]
	}
	n := len(points)
	if n == 0 {
		return Projection{}, false
	}
	out := Projection{Year: year, Points: n, Confidence: 80}
	if n == 1 {
		v := points[0].Value
		out.Value, out.Low, out.High = v, v, v
		return out, true
	}
	var sx, sy float64
	for _, p := range points {
		sx += float64(p.Year)
		sy += p.Value
	}
	mx, my := sx/float64(n), sy/float64(n)
	var sxx, sxy float64
	for _, p := range points {
		dx := float64(p.Year) - mx
		sxx += dx * dx
		sxy += dx * (p.Value - my)
	}
	slope := 0.0
	if sxx > 0 {
		slope = sxy / sxx
	}
	at := func(y float64) float64 { return my + slope*(y-mx) }
	out.Value = at(float64(year))
	var half float64
	if n == 2 {
		half = math.Abs(points[1].Value - points[0].Value)
	} else {
		var sse float64
		for _, p := range points {
			r := p.Value - at(float64(p.Year))
			sse += r * r
		}
		df := n - 2
		s := math.Sqrt(sse / float64(df))
		t := 1.282
		if df < len(t80) {
			t = t80[df]
		}
		dx := float64(year) - mx
		half = t * s * math.Sqrt(1+1/float64(n)+dx*dx/sxx)
	}
	out.Low, out.High = out.Value-half, out.Value+half
	return out, true
}
