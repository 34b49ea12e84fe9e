package search_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/search"
)

// BenchmarkLoad builds the index from a demo registry of
// CNHT_BENCH_SEARCH_N profiles (20,000 by default), as a restart does, and
// reports the time it takes, the heap the index and cards hold per
// profile, and the index's own. The peers and the query latencies are in bench/search.
//
//	CNHT_BENCH_SEARCH_N=100000 go test -run=XXX -bench=Load -benchtime=1x ./internal/search/
func BenchmarkLoad(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("CNHT_BENCH_SEARCH_N")); err == nil && v > 0 {
		n = v
	}
	d := dbtest.SQLite(b)
	u, err := units()
	if err != nil {
		b.Fatal(err)
	}
	reg := enterprise.NewService(d, u, enterprise.Options{})
	reg.SetClock(func() time.Time { return now })
	if err := enterprise.LoadDemo(actor.SystemContext(context.Background()), reg, 1, n); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s := search.NewService(reg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		start := time.Now()
		if err := s.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		profiles := s.Index().Len()
		b.ReportMetric(took.Seconds(), "s-ready")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(profiles), "B/profile")
		b.ReportMetric(float64(profiles), "profiles")
		// The index alone, without the cards: built from the same documents.
		var docs []search.Doc
		if _, err := reg.SearchDocs(actor.SystemContext(context.Background()), time.Time{}, func(d enterprise.SearchDoc) error {
			if d.Listed {
				docs = append(docs, search.DocOf(d))
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix := search.New(now)
		for _, d := range docs {
			ix.Put(nil, d)
		}
		ix.Compact()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(ix.Len()), "index-B/profile")
		runtime.KeepAlive(ix)
		runtime.KeepAlive(docs)
		if path := os.Getenv("CNHT_BENCH_HEAPPROFILE"); path != "" {
			f, err := os.Create(path)
			if err == nil {
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
		runtime.KeepAlive(s)
	}
}
