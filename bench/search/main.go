// Command search compares cnht's supplier search with peer engines over
// the same generated registry and the same queries, in one run: cnht's
// in-memory index, a bare roaring-bitmap reference (the floor), bleve,
// SQLite FTS5 (pure-Go driver) and PostgreSQL full text. See README.md.
//
//	cd bench/search && go run . -n 100000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// stats is what one engine measured.
type stats struct {
	name      string
	skipped   string
	build     time.Duration
	heap      int64 // bytes the built index holds in the Go heap
	sizes     []sizePart
	hits      []time.Duration // top 20 + total, by query
	facets    []time.Duration // top 20 + total + facet counts, by query
	totals    []int
	facetSums []map[string]map[string]int
	note      string
	// partial says the engine ran out of its time budget: the timings
	// are of the queries it answered before.
	partial string
}

func run() error {
	n := flag.Int("n", 100_000, "profiles to generate")
	dbPath := flag.String("db", "", "SQLite file of the generated registry: reused when it holds -n profiles, loaded when new (default: a temporary file)")
	seed := flag.Int64("seed", 1, "seed of the generated registry")
	nq := flag.Int("queries", 1000, "queries")
	qseed := flag.Uint64("qseed", 42, "seed of the queries")
	list := flag.String("engines", "bare,cnht,bleve,bleve-scorch,fts5,pg", "engines to run, in order (bare, cnht, bleve, bleve-scorch, fts5, pg)")
	indexOnly := flag.Bool("index-only", true, "also measure the heap of cnht's index built alone, without the Service's cards")
	slowest := flag.Int("slowest", 5, "list cnht's slowest queries")
	warm := flag.Int("warm", 200, "queries run untimed first, in both passes, to warm caches up")
	show := flag.Int("show", 0, "print the first queries")
	snapshot := flag.String("snapshot", "", "directory of cnht's index snapshot: cnht's Load reads it when sound (a restart) and writes it when not (default: none, the registry is indexed)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of cnht's timed passes to this file")
	budget := flag.Duration("budget", 0, "time budget of each engine's queries (warm-up and both timed passes, build excluded): an engine that runs out reports the queries it answered, marked partial (default: none)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	path := *dbPath
	if path == "" {
		dir, err := os.MkdirTemp("", "cnht-bench-search-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "cnht.db")
	}
	reg, err := openRegistry(ctx, path, *seed, *n)
	if err != nil {
		return err
	}
	defer reg.db.Close()

	start := time.Now()
	docs, err := readDocs(ctx, reg)
	if err != nil {
		return err
	}
	readTook := time.Since(start)
	logf("read %d listed profiles (SearchDocs) in %v", len(docs), readTook.Round(time.Millisecond))
	queries := makeQueries(docs, *nq, *qseed)
	filtered := 0
	sources := map[string]int{}
	for i, q := range queries {
		if q.filter != nil {
			filtered++
		}
		sources[q.source]++
		if i < *show {
			f := ""
			if q.filter != nil {
				f = fmt.Sprintf(" [%s=%s]", q.filter.facet, q.filter.value)
			}
			logf("query %d: %q%s (%s)", i, q.text(), f, q.source)
		}
	}
	logf("queries by source: %v; %d with a filter", sources, filtered)
	values := map[string]map[string]bool{}
	for _, d := range docs {
		for _, fv := range d.facets {
			if values[fv.facet] == nil {
				values[fv.facet] = map[string]bool{}
			}
			values[fv.facet][fv.value] = true
		}
	}
	var vc []string
	for _, f := range facetNames {
		vc = append(vc, fmt.Sprintf("%s %d", f, len(values[f])))
	}
	facetValues := strings.Join(vc, ", ")

	var all []*stats
	var cnhtIndexOnly string
	for _, name := range strings.Split(*list, ",") {
		var e engine
		switch strings.TrimSpace(name) {
		case "bare":
			e = &bareEngine{}
		case "cnht":
			e = &cnhtEngine{reg: reg, indexOnly: *indexOnly, snapshot: *snapshot, cpuprofile: *cpuprofile}
		case "bleve":
			e = &bleveEngine{}
		case "bleve-scorch":
			e = &bleveEngine{scorch: true}
		case "fts5":
			e = &fts5Engine{}
		case "pg":
			e = &pgEngine{}
		default:
			return fmt.Errorf("unknown engine %q", name)
		}
		st, err := measure(ctx, e, docs, queries, *warm, *budget)
		if err != nil {
			if errors.Is(err, errNoPG) {
				logf("%s skipped: %v", e.name(), err)
				all = append(all, &stats{name: e.name(), skipped: err.Error()})
				continue
			}
			return fmt.Errorf("%s: %w", e.name(), err)
		}
		if c, ok := e.(*cnhtEngine); ok {
			if c.indexOnly {
				h, took, err := c.measureIndexOnly(ctx)
				if err != nil {
					return err
				}
				cnhtIndexOnly = fmt.Sprintf("cnht index alone (search.New + Put, no cards): %d B/profile, built in %.1f s including reading the registry",
					h/uint64(max(1, len(docs))), took.Seconds())
			}
			printSlowest(queries, st, *slowest)
			c.svc = nil
		}
		all = append(all, st)
	}
	printWidest(queries, all, *slowest)
	report(os.Stdout, *n, len(docs), readTook, queries, filtered, facetValues, all, cnhtIndexOnly)
	return nil
}

// measure builds an engine, runs the first warm queries to warm it up,
// then every query twice timed: top 20 and total, then with facet counts
// too. With a budget, the queries stop when it is spent (the one running
// then is cancelled and not counted) and the stats are marked partial.
func measure(ctx context.Context, e engine, docs []doc, queries []query, warm int, budget time.Duration) (*stats, error) {
	defer e.close()
	st := &stats{name: e.name()}
	logf("%s: building…", e.name())
	before := heapNow()
	start := time.Now()
	if err := e.build(ctx, docs); err != nil {
		return nil, err
	}
	st.build = time.Since(start)
	st.heap = int64(heapNow()) - int64(before)
	if s, ok := e.(sizer); ok {
		st.sizes = s.size(ctx)
	}
	logf("%s: built in %v; warming up…", e.name(), st.build.Round(time.Millisecond))
	qctx := ctx
	if budget > 0 {
		var cancel context.CancelFunc
		qctx, cancel = context.WithTimeout(ctx, budget)
		defer cancel()
	}
	// spent reports whether the budget ran out (an error then is its
	// cancellation, not the engine's).
	spent := func() bool { return ctx.Err() == nil && qctx.Err() != nil }
	partial := func(pass string) (*stats, error) {
		st.partial = fmt.Sprintf("budget of %v spent %s: %d of %d queries timed without facet counts, %d with", budget, pass,
			len(st.hits), len(queries), len(st.facets))
		logf("%s: %s", e.name(), st.partial)
		return st, nil
	}
	for _, facets := range []bool{false, true} {
		for _, q := range queries[:min(warm, len(queries))] {
			if _, err := e.search(qctx, q, facets); err != nil {
				if spent() {
					return partial("warming up")
				}
				return nil, fmt.Errorf("query %q: %w", q.text(), err)
			}
		}
	}
	logf("%s: timing…", e.name())
	if p, ok := e.(profiler); ok {
		stop, err := p.profile()
		if err != nil {
			return nil, err
		}
		defer stop()
	}
	for _, facets := range []bool{false, true} {
		for _, q := range queries {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if spent() {
				break
			}
			t := time.Now()
			res, err := e.search(qctx, q, facets)
			d := time.Since(t)
			if err != nil {
				if spent() {
					break
				}
				return nil, fmt.Errorf("query %q: %w", q.text(), err)
			}
			if facets {
				st.facets = append(st.facets, d)
				st.facetSums = append(st.facetSums, res.facets)
			} else {
				st.hits = append(st.hits, d)
				st.totals = append(st.totals, res.total)
			}
		}
	}
	if spent() {
		partial("timing")
	}
	logf("%s: p50 %.2f ms, p99 %.2f ms; with facets p50 %.2f ms, p99 %.2f ms; build %.1f s, heap %d B/profile", e.name(),
		ms(pct(st.hits, 50)), ms(pct(st.hits, 99)), ms(pct(st.facets, 50)), ms(pct(st.facets, 99)), st.build.Seconds(), st.heap/int64(max(1, len(docs))))
	return st, nil
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func printSlowest(queries []query, st *stats, k int) {
	type qt struct {
		i int
		d time.Duration
	}
	var all []qt
	for i, d := range st.facets {
		all = append(all, qt{i, d})
	}
	sort.Slice(all, func(a, b int) bool { return all[a].d > all[b].d })
	for _, x := range all[:min(k, len(all))] {
		q := queries[x.i]
		f := ""
		if q.filter != nil {
			f = fmt.Sprintf(" [%s=%s]", q.filter.facet, q.filter.value)
		}
		logf("cnht slow: %.2f ms with facets (%.2f ms without), %q%s (%s), total %d", ms(x.d), ms(st.hits[x.i]), q.text(), f, q.source, st.totals[x.i])
	}
}

// report prints the tables, in Markdown.
func report(w *os.File, n, listed int, readTook time.Duration, queries []query, filtered int, facetValues string, all []*stats, extra string) {
	var bare, cnht *stats
	for _, s := range all {
		switch s.name {
		case "bare roaring":
			bare = s
		case "cnht":
			cnht = s
		}
	}
	fmt.Fprintf(w, "\n%d profiles generated (%d listed), %d queries (%d with a facet filter), top 20 + total; \"facets\": + counts of every value of %d facets (%s).\n",
		n, listed, len(queries), filtered, len(facetNames), facetValues)
	if bare != nil && len(bare.totals) > 0 {
		t := slices.Clone(bare.totals)
		slices.Sort(t)
		zero := 0
		for _, x := range t {
			if x == 0 {
				zero++
			}
		}
		fmt.Fprintf(w, "Matches per query (bare reference): median %d, p90 %d, max %d; %d queries match nothing.\n", t[len(t)/2], t[len(t)*9/10], t[len(t)-1], zero)
	}
	fmt.Fprintf(w, "Documents read once with SearchDocs in %.1f s (the peers' build times exclude it; cnht's Load reads the registry itself).\n\n", readTook.Seconds())
	fmt.Fprintln(w, "| engine | p50 ms | p99 ms | facets p50 ms | facets p99 ms | p50 ×bare | p50 ×cnht | facets p50 ×bare | facets p50 ×cnht |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	ratio := func(a, b *stats, facets bool) string {
		if b == nil || b.skipped != "" {
			return "–"
		}
		x, y := a.hits, b.hits
		if facets {
			x, y = a.facets, b.facets
		}
		if len(x) == 0 || pct(y, 50) == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f", float64(pct(x, 50))/float64(pct(y, 50)))
	}
	for _, s := range all {
		if s.skipped != "" {
			fmt.Fprintf(w, "| %s | skipped: %s | | | | | | | |\n", s.name, s.skipped)
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", nameOf(s),
			msCell(s.hits, 50), msCell(s.hits, 99), msCell(s.facets, 50), msCell(s.facets, 99),
			ratio(s, bare, false), ratio(s, cnht, false), ratio(s, bare, true), ratio(s, cnht, true))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| engine | build s | Go heap B/profile | on disk B/profile | totals ÷ bare (mean) | totals = bare | totals < bare | facet counts = bare |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range all {
		if s.skipped != "" {
			continue
		}
		disk := "–"
		if len(s.sizes) > 0 {
			var parts []string
			for i, p := range s.sizes {
				if i == 0 {
					parts = append(parts, fmt.Sprintf("%d", p.bytes/int64(max(1, listed))))
				} else {
					parts = append(parts, fmt.Sprintf("%s %d", p.label, p.bytes/int64(max(1, listed))))
				}
			}
			disk = strings.Join(parts, "; ")
		}
		build := fmt.Sprintf("%.1f", s.build.Seconds())
		if s.name == "cnht" {
			build += " (Load)"
		}
		agreeT, agreeF, meanR, less := "–", "–", "–", "–"
		if bare != nil && s != bare {
			sum, k, eqT, eqF, lt := 0.0, 0, 0, 0, 0
			for i := range s.totals {
				if i < len(s.facetSums) && sameFacets(s.facetSums[i], bare.facetSums[i]) {
					eqF++
				}
				if bare.totals[i] > 0 {
					sum += float64(s.totals[i]) / float64(bare.totals[i])
					k++
				}
				if s.totals[i] == bare.totals[i] {
					eqT++
				}
				if s.totals[i] < bare.totals[i] {
					lt++
				}
			}
			if k > 0 {
				meanR = fmt.Sprintf("%.3f", sum/float64(k))
			}
			agreeT = fmt.Sprintf("%.1f%%", 100*float64(eqT)/float64(len(s.totals)))
			if len(s.facetSums) > 0 {
				agreeF = fmt.Sprintf("%.1f%%", 100*float64(eqF)/float64(len(s.facetSums)))
			}
			less = fmt.Sprint(lt)
		}
		heap := fmt.Sprint(s.heap / int64(max(1, listed)))
		if len(s.sizes) > 0 {
			heap = "– (outside)"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", nameOf(s), build, heap, disk, meanR, agreeT, less, agreeF)
	}
	if extra != "" {
		fmt.Fprintf(w, "\n%s.\n", extra)
	}
	for _, s := range all {
		if s.partial != "" {
			fmt.Fprintf(w, "\n%s, partial: %s; its figures are of those queries only.\n", s.name, s.partial)
		}
	}
}

// nameOf is an engine's name in the tables, marked when partial.
func nameOf(s *stats) string {
	if s.partial != "" {
		return s.name + " (partial)"
	}
	return s.name
}

// msCell is a percentile in milliseconds, "–" of no queries.
func msCell(ds []time.Duration, p float64) string {
	if len(ds) == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", ms(pct(ds, p)))
}

// sameFacets compares facet counts, ignoring zero counts and facets with
// no value counted.
func sameFacets(a, b map[string]map[string]int) bool {
	norm := func(m map[string]map[string]int) map[string]int {
		out := map[string]int{}
		for f, vs := range m {
			for v, c := range vs {
				if c > 0 {
					out[f+"\x00"+v] = c
				}
			}
		}
		return out
	}
	x, y := norm(a), norm(b)
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		if y[k] != v {
			return false
		}
	}
	return true
}

// printWidest lists the queries where cnht finds the most beyond the bare
// reference (synonyms, syllables matched apart), to stderr.
func printWidest(queries []query, all []*stats, k int) {
	var bare, cnht *stats
	for _, s := range all {
		switch s.name {
		case "bare roaring":
			bare = s
		case "cnht":
			cnht = s
		}
	}
	if bare == nil || cnht == nil {
		return
	}
	idx := make([]int, len(queries))
	for i := range idx {
		idx[i] = i
	}
	r := func(i int) float64 { return float64(cnht.totals[i]+1) / float64(bare.totals[i]+1) }
	sort.SliceStable(idx, func(a, b int) bool { return r(idx[a]) > r(idx[b]) })
	for _, i := range idx[:min(k, len(idx))] {
		q := queries[i]
		f := ""
		if q.filter != nil {
			f = fmt.Sprintf(" [%s=%s]", q.filter.facet, q.filter.value)
		}
		logf("cnht beyond bare: %q%s: cnht %d, bare %d", q.text(), f, cnht.totals[i], bare.totals[i])
	}
}
