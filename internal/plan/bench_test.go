package plan_test

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
	"cnht/internal/plan"
	"cnht/internal/vn"
)

// BenchmarkDashboard computes the whole dashboard of a plan with a target
// on every indicator (14), over a nine-year axis, on a generated registry
// of 100,000 enterprises (CNHT_BENCH_N to change) that have been in the
// programme for ten years and filed ten years of yearly reports (about
// 920,000 reports with 2–3 product quantities each), with city figures
// for every year. CNHT_BENCH_DB=sqlite (or postgres) runs one database.
//
//	go test -run=XXX -bench=Dashboard -benchtime=20x ./internal/plan/
//
// Besides ns/op it reports p99-ms, the 99th percentile of the
// iterations' times.
func BenchmarkDashboard(b *testing.B) {
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
			s, planID := benchData(b, d, n)
			officer := actor.NewContext(context.Background(), actor.Actor{UserID: 2, OrgID: 1, Role: actor.Officer, Email: "canbo@sct.hanoi.gov.vn"})
			dash, err := s.Dashboard(officer, planID)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range dash.Rows {
				if !r.Headline.Actual.Value.Known() && r.Headline.Projection == nil {
					b.Fatalf("%s has no value: the data set is not whole", r.Target.Indicator)
				}
			}
			// warm: nothing changed since the last view. changed: one
			// enterprise gained a certificate before every view (the
			// registry's counts follow it by reading that enterprise
			// again). fresh: a new service every view, as after a restart
			// or on another instance, which counts the whole registry.
			std := intlStandard(b, s)
			var ids []int64
			for _, mode := range []string{"warm", "changed", "fresh"} {
				b.Run(mode, func(b *testing.B) {
					var times []time.Duration
					i := 0
					for b.Loop() {
						svc := s
						switch mode {
						case "changed":
							b.StopTimer()
							if ids == nil {
								ids = someEnterprises(b, s)
							}
							i++
							if _, err := s.Registry().AddCertification(officer, ids[i%len(ids)], enterprise.CertificationInput{StandardID: std,
								Number: "B-" + strconv.Itoa(i), Body: "QUACERT", IssuedOn: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), ExpiresOn: time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
								b.Fatal(err)
							}
							b.StartTimer()
						case "fresh":
							svc = plan.NewService(d, enterprise.NewService(d, s.Registry().Units(), enterprise.Options{}))
							svc.Registry().SetClock(benchClock)
							svc.SetClock(benchClock)
						}
						t0 := time.Now()
						if _, err := svc.Dashboard(officer, planID); err != nil {
							b.Fatal(err)
						}
						times = append(times, time.Since(t0))
					}
					slices.Sort(times)
					b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
				})
			}
		})
	}
}

func benchClock() time.Time { return time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC) }

// intlStandard is a standard counted as international (ISO 9001).
func intlStandard(b *testing.B, s *plan.Service) int64 {
	sts, err := s.Registry().Standards(actor.SystemContext(context.Background()), true)
	if err != nil {
		b.Fatal(err)
	}
	for _, st := range sts {
		if st.International {
			return st.ID
		}
	}
	b.Fatal("no international standard")
	return 0
}

// someEnterprises lists a hundred enterprises of the registry.
func someEnterprises(b *testing.B, s *plan.Service) []int64 {
	p, err := s.Registry().FindEnterprises(actor.SystemContext(context.Background()), enterprise.Filter{Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for _, it := range p.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// benchData loads n demo enterprises, moves their joining back to 2015 so
// that all of them report for ten years, generates the reports and city
// figures, and makes a plan 2021–2025 with a target on every indicator.
func benchData(b *testing.B, d *db.DB, n int) (*plan.Service, int64) {
	b.Helper()
	u, err := vn.LoadUnits()
	if err != nil {
		b.Fatal(err)
	}
	clock := benchClock
	reg := enterprise.NewService(d, u, enterprise.Options{})
	reg.SetClock(clock)
	s := plan.NewService(d, reg)
	s.SetClock(clock)
	ctx := actor.SystemContext(context.Background())
	t0 := time.Now()
	if err := enterprise.LoadDemo(ctx, reg, 1, n); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE enterprise_status SET from_on = '2015-01-05' WHERE from_on = (SELECT joined_on FROM enterprises e WHERE e.id = enterprise_status.enterprise_id)`,
		`UPDATE enterprises SET joined_on = '2015-01-05'`,
	} {
		if _, err := d.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: %d enterprises in %v", d.Dialect(), n, time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	if err := plan.LoadDemoYears(ctx, s, 1, 2016, 2025); err != nil {
		b.Fatal(err)
	}
	var reports, items int
	_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM stat_reports`).Scan(&reports)
	_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM stat_report_items`).Scan(&items)
	b.Logf("%s: %d reports with %d quantities and the city figures in %v", d.Dialect(), reports, items, time.Since(t0).Round(time.Millisecond))
	p, err := s.CreatePlan(ctx, plan.Plan{Programme: plan.ProgrammeCNHT, DocNumber: "01/KH-BENCH", Title: "Every indicator", YearFrom: 2021, YearTo: 2025, Status: plan.StatusClosed})
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range plan.Indicators {
		if _, err := s.SaveTarget(ctx, plan.Target{PlanID: p.ID, Indicator: in.Code, Year: 2025, Kind: plan.Floor, Low: 1}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := d.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return s, p.ID
}
