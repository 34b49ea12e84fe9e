package app_test

import (
	"context"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/plan"
)

// planFix holds what the plan routes need: the demo's 2023 plan (with a
// document attached), a generated report of it, and targets to change.
type planFix struct {
	e      *env
	plan   int64
	report int64
}

func planFixture(t *testing.T, e *env) *planFix {
	t.Helper()
	ctx := actor.SystemContext(context.Background())
	fx := &planFix{e: e, plan: demoPlanID(t, e, "02/KH-UBND")}
	if err := e.app.Plans.SetPlanFile(ctx, fx.plan, "02-KH-UBND.pdf", []byte("%PDF-1.4\n% kế hoạch\n")); err != nil {
		t.Fatal(err)
	}
	f, err := e.app.Plans.RunReport(ctx, fx.plan, e.app.Web.Bundle.Printer("vi"), "vi", plan.Letterhead{ParentBody: "UBND THÀNH PHỐ HÀ NỘI", Office: "Sở Công Thương Hà Nội", Place: "Hà Nội", DocSymbol: "SCT"}, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	fx.report = f.ID
	return fx
}

// newTarget adds a target to the fixture's plan.
func (fx *planFix) newTarget(t *testing.T) int64 {
	t.Helper()
	tg, err := fx.e.app.Plans.SaveTarget(actor.SystemContext(context.Background()), plan.Target{PlanID: fx.plan, Indicator: plan.Enterprises, Year: 2023, Kind: plan.Floor, Low: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return tg.ID
}

// demoPlanID finds a demo plan by its document number.
func demoPlanID(t *testing.T, e *env, number string) int64 {
	t.Helper()
	ps, err := e.app.Plans.Plans(actor.SystemContext(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.DocNumber == number {
			return p.ID
		}
	}
	t.Fatalf("no demo plan %s", number)
	return 0
}
