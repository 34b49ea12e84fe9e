package main

import (
	"context"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"cnht/internal/search"

	"github.com/RoaringBitmap/roaring/v2"
)

// result is what every engine returns for a query.
type result struct {
	total  int
	ids    []int64                   // the top 20, best first
	facets map[string]map[string]int // facet → value → count (nil unless asked)
}

// engine is one search engine under test.
type engine interface {
	name() string
	// build indexes the documents.
	build(ctx context.Context, docs []doc) error
	// search runs a query: top 20, the total, and the facet counts when
	// facets is true. A facet filtered on is counted as if its filter were
	// not applied (what a facet list shows: the other values' counts), as
	// cnht does.
	search(ctx context.Context, q query, facets bool) (result, error)
	close()
}

// profiler is an engine that can profile its timed passes: profile
// starts, the returned func stops.
type profiler interface {
	profile() (stop func(), err error)
}

// sizer is an engine whose index lives outside the Go heap (on disk or in
// a server): its size in bytes.
type sizer interface {
	size(ctx context.Context) []sizePart
}

// sizePart is a part of an index's size: the first is the whole.
type sizePart struct {
	label string
	bytes int64
}

// heapNow is the live heap after a full collection.
func heapNow() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// ---- cnht ----

// cnhtEngine is cnht's own search: the Service loads the registry itself
// (Load), and the queries go to its index directly (Index().Search), past
// the Service's result cache and its reading of standard names.
type cnhtEngine struct {
	reg       *registry
	svc       *search.Service
	indexOnly bool
	// snapshot is the directory of the index's snapshot ("": none).
	snapshot   string
	cpuprofile string
	// ixHeap is the heap of an index built alone (no cards), when measured.
	ixHeap uint64
}

func (e *cnhtEngine) name() string { return "cnht" }

func (e *cnhtEngine) build(ctx context.Context, docs []doc) error {
	e.svc = search.NewService(e.reg.svc, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if e.snapshot == "" {
		return e.svc.Load(ctx)
	}
	e.svc.SetSnapshot(e.snapshot)
	if err := e.svc.Load(ctx); err != nil {
		return err
	}
	if e.svc.FromSnapshot() {
		logf("cnht: loaded from the snapshot in %s", e.snapshot)
		return nil
	}
	return e.svc.SaveSnapshot(ctx)
}

// profile starts the CPU profile of the timed passes, when asked.
func (e *cnhtEngine) profile() (stop func(), err error) {
	if e.cpuprofile == "" {
		return func() {}, nil
	}
	f, err := os.Create(e.cpuprofile)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		logf("cnht: CPU profile of the timed passes in %s", e.cpuprofile)
	}, nil
}

// measureIndexOnly builds a second index alone from the same documents
// (what Load puts in it, without the cards the Service keeps beside it)
// and returns the heap it holds.
func (e *cnhtEngine) measureIndexOnly(ctx context.Context) (uint64, time.Duration, error) {
	before := heapNow()
	start := time.Now()
	ix := search.New(e.reg.day)
	err := readSearchDocs(ctx, e.reg, func(d search.Doc) { ix.Put(nil, d) })
	took := time.Since(start)
	after := heapNow()
	runtime.KeepAlive(ix)
	if after < before {
		return 0, took, err
	}
	return after - before, took, err
}

func (e *cnhtEngine) search(ctx context.Context, q query, facets bool) (result, error) {
	sq := search.Query{Text: q.text(), Limit: 20, Facets: facets}
	if q.filter != nil {
		sq.Filters = map[string][]string{q.filter.facet: {q.filter.value}}
	}
	res := e.svc.Index().Search(sq)
	out := result{total: res.Total}
	for _, h := range res.Hits {
		out.ids = append(out.ids, h.ID)
	}
	if facets {
		out.facets = map[string]map[string]int{}
		for f, cs := range res.Facets {
			m := map[string]int{}
			for _, c := range cs {
				if c.Count > 0 {
					m[c.Value] = c.Count
				}
			}
			out.facets[f] = m
		}
	}
	return out, nil
}

func (e *cnhtEngine) close() {}

// ---- bare reference ----

// bareEngine is the floor: roaring bitmaps of folded words and of facet
// values; a query is the AND of its words' bitmaps and of its filter; no
// ranking (the top 20 are the first 20 ids), no typos, no synonyms, no
// phrases; facet counts by AndCardinality with each value's bitmap.
type bareEngine struct {
	ids    []int64
	words  map[string]*roaring.Bitmap
	facets map[string]map[string]*roaring.Bitmap
	all    *roaring.Bitmap
}

func (e *bareEngine) name() string { return "bare roaring" }

func (e *bareEngine) build(ctx context.Context, docs []doc) error {
	e.words, e.facets, e.all = map[string]*roaring.Bitmap{}, map[string]map[string]*roaring.Bitmap{}, roaring.New()
	get := func(m map[string]*roaring.Bitmap, k string) *roaring.Bitmap {
		b := m[k]
		if b == nil {
			b = roaring.New()
			m[k] = b
		}
		return b
	}
	for n, d := range docs {
		e.ids = append(e.ids, d.id)
		e.all.Add(uint32(n))
		for _, w := range splitSpace(d.text) {
			get(e.words, w).Add(uint32(n))
		}
		for _, fv := range d.facets {
			m := e.facets[fv.facet]
			if m == nil {
				m = map[string]*roaring.Bitmap{}
				e.facets[fv.facet] = m
			}
			get(m, fv.value).Add(uint32(n))
		}
	}
	for _, b := range e.words {
		b.RunOptimize()
	}
	return nil
}

func (e *bareEngine) search(ctx context.Context, q query, facets bool) (result, error) {
	var bms []*roaring.Bitmap
	for _, w := range q.words {
		b := e.words[w]
		if b == nil {
			return result{facets: emptyFacets(facets)}, nil
		}
		bms = append(bms, b)
	}
	base := roaring.FastAnd(append(bms, bms[0])...)
	match := base
	var fb *roaring.Bitmap
	if q.filter != nil {
		fb = e.facets[q.filter.facet][q.filter.value]
		if fb == nil {
			fb = roaring.New()
		}
		match = roaring.And(base, fb)
	}
	out := result{total: int(match.GetCardinality())}
	it := match.Iterator()
	for len(out.ids) < 20 && it.HasNext() {
		out.ids = append(out.ids, e.ids[it.Next()])
	}
	if facets {
		out.facets = map[string]map[string]int{}
		for f, vals := range e.facets {
			set := match
			if q.filter != nil && q.filter.facet == f {
				set = base // a facet filtered on counts as if unfiltered
			}
			m := map[string]int{}
			for v, b := range vals {
				if c := set.AndCardinality(b); c > 0 {
					m[v] = int(c)
				}
			}
			out.facets[f] = m
		}
	}
	return out, nil
}

func (e *bareEngine) close() {}

func emptyFacets(facets bool) map[string]map[string]int {
	if !facets {
		return nil
	}
	return map[string]map[string]int{}
}

func splitSpace(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}
