package plan_test

import (
	"context"
	"math/big"
	"testing"

	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/plan"
)

func TestDrillAndTrace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.fileAll()
		sum := func(dr plan.Drill) string {
			s := new(big.Rat)
			for _, r := range dr.Rows {
				if r.Value.Known() {
					s.Add(s, r.Value.Rat())
				}
			}
			if dr.Overlap.Known() {
				s.Sub(s, dr.Overlap.Rat())
			}
			return s.FloatString(0)
		}
		// Output 2024 (26 bn) by every dimension adds up to the total.
		for _, dim := range plan.Dimensions {
			dr := must(e.s.Drill(e.pub, plan.Output, 2024, dim))
			if dr.Total.Decimal(0) != "26000000000" || sum(dr) != "26000000000" {
				t.Errorf("output 2024 by %s: total %s, groups %s (%+v)", dim, dr.Total.Decimal(0), sum(dr), dr.Rows)
			}
		}
		dr := must(e.s.Drill(e.pub, plan.Output, 2024, plan.BySector))
		if len(dr.Rows) != 1 || dr.Rows[0].Key != string(enterprise.SectorComponents) || dr.Rows[0].Count != 3 || !dr.Overlapping {
			t.Errorf("output by sector = %+v", dr.Rows)
		}
		dr = must(e.s.Drill(e.officer, plan.Export, 2023, plan.ByOwnership))
		if len(dr.Rows) != 1 || dr.Rows[0].Key != string(enterprise.OwnershipPrivate) || dr.Rows[0].Value.Decimal(0) != "4000000000" {
			t.Errorf("exports 2023 by ownership = %+v", dr.Rows)
		}
		// Two reports would tell two enterprises' exports: the public does
		// not get the sum (nor a trace).
		dr = must(e.s.Drill(e.pub, plan.Export, 2023, plan.ByOwnership))
		if len(dr.Rows) != 1 || dr.Rows[0].Value.Known() || !dr.Rows[0].Suppressed || dr.Rows[0].Traceable {
			t.Errorf("public exports 2023 by ownership = %+v", dr.Rows)
		}
		// Registry counts: 2024 has E1, E2, E3, one international (E3).
		dr = must(e.s.Drill(e.pub, plan.Enterprises, 2024, plan.ByWard))
		if dr.Total.Decimal(0) != "3" || len(dr.Rows) != 1 || dr.Rows[0].Value.Decimal(0) != "3" || dr.Rows[0].WardName == "" {
			t.Errorf("enterprises 2024 by ward = %+v", dr.Rows)
		}
		dr = must(e.s.Drill(e.pub, plan.IntlShare, 2024, plan.ByOwnership))
		if len(dr.Rows) != 1 || dr.Rows[0].Value.Decimal(3) != "33.333" || dr.Rows[0].Num.Decimal(0) != "1" || dr.Rows[0].Den.Decimal(0) != "3" {
			t.Errorf("intl share 2024 by ownership = %+v", dr.Rows)
		}
		dr = must(e.s.Drill(e.pub, plan.IntlEnterprises, 2022, plan.BySize))
		if sum(dr) != "2" || dr.Total.Decimal(0) != "2" {
			t.Errorf("intl 2022 by size: %s of %s", sum(dr), dr.Total.Decimal(0))
		}
		// Indicators that do not drill, and unknown dimensions, are refused.
		if _, err := e.s.Drill(e.pub, plan.OutputShare, 2024, plan.BySector); err == nil {
			t.Error("output share drilled")
		}
		if _, err := e.s.Drill(e.pub, plan.Output, 2024, "colour"); err == nil {
			t.Error("drilled by colour")
		}

		// Traces: the reports behind output 2024, largest first.
		tr := must(e.s.Trace(e.officer, plan.Output, 2024, plan.BySector, string(enterprise.SectorComponents), 10, 0))
		if tr.Total != 3 || len(tr.Rows) != 3 || tr.Rows[0].EnterpriseID != e.e1 || tr.Rows[1].EnterpriseID != e.e3 || !tr.Rows[1].OnBehalf || tr.Rows[1].Value != 8*bn {
			t.Errorf("output trace = %+v", tr.Rows)
		}
		tr = must(e.s.Trace(e.officer, plan.Output, 2024, "", "", 1, 1))
		if tr.Total != 3 || len(tr.Rows) != 1 || tr.Rows[0].EnterpriseID != e.e3 {
			t.Errorf("output trace page 2 = %+v", tr.Rows)
		}
		// The enterprises counted in 2023 (E4 closed in July), and those
		// meeting international standards at the end of 2024 (E1's
		// certificate expired in June).
		tr = must(e.s.Trace(e.officer, plan.Enterprises, 2023, "", "", 10, 0))
		if tr.Total != 2 || len(tr.Rows) != 2 || tr.Reports {
			t.Errorf("enterprises 2023 trace = %+v", tr.Rows)
		}
		ids := map[int64]bool{}
		for _, r := range tr.Rows {
			ids[r.EnterpriseID] = true
		}
		if !ids[e.e1] || !ids[e.e2] {
			t.Errorf("enterprises 2023 traced to %v", ids)
		}
		tr = must(e.s.Trace(e.officer, plan.IntlEnterprises, 2024, plan.BySector, string(enterprise.SectorComponents), 10, 0))
		if tr.Total != 1 || tr.Rows[0].EnterpriseID != e.e3 || !tr.Rows[0].International {
			t.Errorf("intl 2024 trace = %+v", tr.Rows)
		}
		// Only officers and admins trace.
		for name, ctx := range map[string]context.Context{"enterprise": e.entA, "buyer": e.buyer, "public": e.pub} {
			if _, err := e.s.Trace(ctx, plan.Output, 2024, "", "", 10, 0); err == nil {
				t.Errorf("%s traced output", name)
			}
		}
	})
}
