// Package metrics keeps cnht's counters and writes them in the Prometheus
// text format at /metrics. It is small on purpose: a few counters and one
// latency histogram do not justify the Prometheus client library.
package metrics

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// buckets are the latency histogram's upper bounds, in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type series struct {
	count   map[int]int64 // by status
	buckets []int64
	sum     float64
	n       int64
}

// Registry holds the counters of one process.
type Registry struct {
	mu     sync.Mutex
	routes map[string]*series
	gauges []gauge
	start  time.Time
}

type gauge struct {
	name, help string
	fn         func() int64
}

// New returns an empty registry.
func New() *Registry { return &Registry{routes: map[string]*series{}, start: time.Now()} }

// Gauge adds a value read when metrics are written.
func (m *Registry) Gauge(name, help string, fn func() int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gauges = append(m.gauges, gauge{name, help, fn})
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(c int) {
	if r.status == 0 {
		r.status = c
	}
	r.ResponseWriter.WriteHeader(c)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Instrument counts a route's requests by status and times them.
func (m *Registry) Instrument(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = 200
		}
		m.Observe(route, rec.status, time.Since(start))
	})
}

// Observe records one request.
func (m *Registry) Observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.routes[route]
	if s == nil {
		s = &series{count: map[int]int64{}, buckets: make([]int64, len(buckets))}
		m.routes[route] = s
	}
	s.count[status]++
	sec := d.Seconds()
	for i, b := range buckets {
		if sec <= b {
			s.buckets[i]++
		}
	}
	s.sum += sec
	s.n++
}

// WriteTo writes every metric in the Prometheus text format.
func (m *Registry) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cw := &countWriter{w: w}
	routes := make([]string, 0, len(m.routes))
	for r := range m.routes {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	fmt.Fprintln(cw, "# HELP cnht_http_requests_total HTTP requests by route and status.")
	fmt.Fprintln(cw, "# TYPE cnht_http_requests_total counter")
	for _, r := range routes {
		s := m.routes[r]
		codes := make([]int, 0, len(s.count))
		for c := range s.count {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		for _, c := range codes {
			fmt.Fprintf(cw, "cnht_http_requests_total{route=%q,status=\"%d\"} %d\n", r, c, s.count[c])
		}
	}
	fmt.Fprintln(cw, "# HELP cnht_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(cw, "# TYPE cnht_http_request_duration_seconds histogram")
	for _, r := range routes {
		s := m.routes[r]
		for i, b := range buckets {
			fmt.Fprintf(cw, "cnht_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(b, 'g', -1, 64), s.buckets[i])
		}
		fmt.Fprintf(cw, "cnht_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, s.n)
		fmt.Fprintf(cw, "cnht_http_request_duration_seconds_sum{route=%q} %g\n", r, s.sum)
		fmt.Fprintf(cw, "cnht_http_request_duration_seconds_count{route=%q} %d\n", r, s.n)
	}
	for _, g := range m.gauges {
		fmt.Fprintf(cw, "# HELP %s %s\n# TYPE %s gauge\n%s %d\n", g.name, g.help, g.name, g.name, g.fn())
	}
	fmt.Fprintf(cw, "# HELP cnht_uptime_seconds Seconds since the process started.\n# TYPE cnht_uptime_seconds gauge\ncnht_uptime_seconds %d\n", int64(time.Since(m.start).Seconds()))
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	c.err = err
	return n, err
}
