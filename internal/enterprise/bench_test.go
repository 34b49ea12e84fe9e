package enterprise_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// BenchmarkRegistry measures the officers' filtered list (50 rows sorted
// by Vietnamese name) and the as-of counts on a generated registry of
// 100,000 enterprises (CNHT_BENCH_N to change), loaded once per database
// and shared by the sub-benchmarks. PostgreSQL is skipped when absent;
// CNHT_BENCH_DB=sqlite (or postgres) runs one database only. Run:
//
//	go test -run=XXX -bench=. ./internal/enterprise/
//
// Besides ns/op each reports p99-ms, the 99th percentile of the
// iterations' times.
func BenchmarkRegistry(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("CNHT_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		if only := os.Getenv("CNHT_BENCH_DB"); only != "" && only != dialect {
			continue
		}
		b.Run(dialect+"/n="+strconv.Itoa(n), func(b *testing.B) {
			var d *db.DB
			if dialect == "sqlite" {
				d = dbtest.SQLite(b)
			} else {
				d = dbtest.Postgres(b)
			}
			u, err := vn.LoadUnits()
			if err != nil {
				b.Fatal(err)
			}
			s := enterprise.NewService(d, u, enterprise.Options{})
			s.SetClock(func() time.Time { return now })
			ctx := actor.SystemContext(context.Background())
			start := time.Now()
			if err := enterprise.LoadDemo(ctx, s, 1, n); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d enterprises loaded in %v", dialect, n, time.Since(start).Round(time.Millisecond))
			officer := actor.NewContext(context.Background(), actor.Actor{UserID: 2, OrgID: 1, Role: actor.Officer, Email: "canbo@sct.hanoi.gov.vn"})
			// The busiest wards first: the filters an officer would use.
			counts, err := s.CountAsOf(officer, time.Time{}, enterprise.Filter{})
			if err != nil {
				b.Fatal(err)
			}
			var wards []string
			for _, w := range counts.ByWard[:min(10, len(counts.ByWard))] {
				wards = append(wards, w.WardCode)
			}
			sizes := []string{string(vn.SizeSmall), string(vn.SizeMedium), string(vn.SizeLarge), string(vn.SizeMicro)}
			sectors := []enterprise.KeySector{enterprise.SectorComponents, enterprise.SectorHighTech, enterprise.SectorTextile}

			timed(b, "list/sector+ward", func(i int) error {
				p, err := s.FindEnterprises(officer, enterprise.Filter{KeySector: sectors[i%3], WardCode: wards[i%len(wards)], Limit: 50})
				if err == nil && i == 0 && len(p.Items) == 0 {
					b.Fatal("empty page")
				}
				return err
			})
			timed(b, "list/sector+size", func(i int) error {
				_, err := s.FindEnterprises(officer, enterprise.Filter{KeySector: sectors[i%3], Size: sizes[i%len(sizes)], Limit: 50})
				return err
			})
			timed(b, "list/text", func(i int) error {
				_, err := s.FindEnterprises(officer, enterprise.Filter{Text: []string{"dong anh", "thang long", "chinh xac", "nhua"}[i%4], Limit: 50})
				return err
			})
			for _, day := range []struct {
				name string
				t    time.Time
			}{{"today", time.Time{}}, {"2023-12-31", date(2023, 12, 31)}} {
				timed(b, "count/"+day.name, func(i int) error {
					_, err := s.CountAsOf(officer, day.t, enterprise.Filter{})
					return err
				})
			}
			timed(b, "count/sector-filter", func(i int) error {
				_, err := s.CountAsOf(officer, date(2024, 12, 31), enterprise.Filter{KeySector: sectors[i%3]})
				return err
			})
			timed(b, "profile", func(i int) error {
				_, err := s.FindEnterprise(officer, int64(1+i*7919%n))
				return err
			})
		})
	}
}

// timed runs fn as a sub-benchmark and reports the 99th percentile of its
// iterations' times.
func timed(b *testing.B, name string, fn func(i int) error) {
	b.Run(name, func(b *testing.B) {
		times := make([]time.Duration, 0, b.N)
		i := 0
		for b.Loop() {
			t0 := time.Now()
			if err := fn(i); err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(t0))
			i++
		}
		slices.Sort(times)
		if len(times) > 0 {
			p99 := times[min(len(times)-1, len(times)*99/100)]
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		}
	})
}
