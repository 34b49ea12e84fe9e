package search_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db"
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

// BenchmarkSnapshotLoad measures a restart from the snapshot: a registry
// is indexed in full once (reported as s-full-load), the snapshot written
// (s-save, MB-snapshot), then each iteration starts a new service that
// reads it and checks it with the registry (s-ready). The registry is
// the demo's, of CNHT_BENCH_SEARCH_N profiles (20,000 by default), or an
// existing SQLite file given in CNHT_BENCH_SEARCH_DB (bench/search makes
// one with -db; a million take a quarter of an hour to make).
//
//	CNHT_BENCH_SEARCH_DB=/tmp/cnhtbench/n1m.db go test -run=XXX -bench=SnapshotLoad -benchtime=1x -timeout=1h ./internal/search/
func BenchmarkSnapshotLoad(b *testing.B) {
	reg := benchRegistry(b)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := b.TempDir()
	if v := os.Getenv("CNHT_BENCH_SNAPSHOT_DIR"); v != "" {
		dir = v
	}
	full := search.NewService(reg, logger)
	full.SetSnapshot(dir)
	start := time.Now()
	if err := full.Load(context.Background()); err != nil {
		b.Fatal(err)
	}
	fullTook := time.Since(start)
	profiles := full.Index().Len()
	if full.FromSnapshot() {
		// A snapshot left in CNHT_BENCH_SNAPSHOT_DIR by an earlier run.
		fullTook = 0
	}
	start = time.Now()
	if err := full.SaveSnapshot(context.Background()); err != nil {
		b.Fatal(err)
	}
	saveTook := time.Since(start)
	full = nil
	m, _ := filepath.Glob(filepath.Join(dir, "search-*.snapshot"))
	var size int64
	for _, p := range m {
		if st, err := os.Stat(p); err == nil {
			size = max(size, st.Size())
		}
	}
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s := search.NewService(reg, logger)
		s.SetSnapshot(dir)
		start := time.Now()
		if err := s.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		if !s.FromSnapshot() || s.Index().Len() != profiles {
			b.Fatalf("loaded %d profiles, from the snapshot: %v", s.Index().Len(), s.FromSnapshot())
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(took.Seconds(), "s-ready")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(profiles), "B/profile")
		runtime.KeepAlive(s)
	}
	b.ReportMetric(fullTook.Seconds(), "s-full-load")
	b.ReportMetric(saveTook.Seconds(), "s-save")
	b.ReportMetric(float64(size)/1e6, "MB-snapshot")
	b.ReportMetric(float64(profiles), "profiles")
}

// benchRegistry is the registry CNHT_BENCH_SEARCH_DB names, or a demo of
// CNHT_BENCH_SEARCH_N profiles.
func benchRegistry(b *testing.B) *enterprise.Service {
	u, err := units()
	if err != nil {
		b.Fatal(err)
	}
	if path := os.Getenv("CNHT_BENCH_SEARCH_DB"); path != "" {
		d, err := db.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		if _, err := d.Migrate(context.Background()); err != nil {
			b.Fatal(err)
		}
		return enterprise.NewService(d, u, enterprise.Options{})
	}
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("CNHT_BENCH_SEARCH_N")); err == nil && v > 0 {
		n = v
	}
	reg := enterprise.NewService(dbtest.SQLite(b), u, enterprise.Options{})
	reg.SetClock(func() time.Time { return now })
	if err := enterprise.LoadDemo(actor.SystemContext(context.Background()), reg, 1, n); err != nil {
		b.Fatal(err)
	}
	return reg
}
