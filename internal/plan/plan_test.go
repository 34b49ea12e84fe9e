package plan_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/plan"
	"cnht/internal/vn"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var units = sync.OnceValues(vn.LoadUnits)

// now is the tests' clock: 10 March 2026 in Hanoi.
var now = time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type env struct {
	t                  *testing.T
	reg                *enterprise.Service
	s                  *plan.Service
	sys, officer, pub  context.Context
	buyer              context.Context
	entA, entB         context.Context
	orgA, orgB         int64
	e1, e2, e3, e4     int64
	p2023, p2024       plan.Period
	standardIntl       int64
	standardNotCounted int64
}

func taxCode(t *testing.T, seq int) string {
	for k := 0; k < 7; k++ {
		p := fmt.Sprintf("01%07d", seq+k)
		if c, ok := vn.TaxCheckDigit(p); ok {
			return p + string(c)
		}
	}
	t.Fatal("no tax code")
	return ""
}

// must returns v, failing the test (by a panic, which names the line)
// on an error.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// newEnv builds the hand-made data set the indicator tests work out by
// hand:
//
//	E1 joined 01/05/2022, ISO 9001 valid 01/01/2022–30/06/2024
//	E2 joined 10/01/2023, no certificate
//	E3 joined 01/03/2024, ISO 9001 valid 01/01/2024–01/01/2027
//	E4 joined 01/01/2021, closed 01/07/2023, ISO 9001 valid 2021–2030
//
// Year ends: 2022 {E1, E4} 2 active, 2 international; 2023 {E1, E2} 2 and 1;
// 2024 {E1, E2, E3} 3 and 1 (E1's certificate expired in June).
func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	u, err := units()
	if err != nil {
		t.Fatal(err)
	}
	reg := enterprise.NewService(d, u, enterprise.Options{})
	reg.SetClock(func() time.Time { return now })
	s := plan.NewService(d, reg)
	s.SetClock(func() time.Time { return now })
	acc := account.NewService(d)
	sys := actor.SystemContext(context.Background())
	org := func(kind account.OrgKind, name string) int64 {
		return must(acc.CreateOrganisation(sys, account.NewOrganisation{Kind: kind, Name: name})).ID
	}
	office := org(account.KindOffice, "Sở Công Thương")
	e := &env{t: t, reg: reg, s: s, sys: sys, pub: context.Background()}
	e.orgA = org(account.KindEnterprise, "Công ty A")
	e.orgB = org(account.KindEnterprise, "Công ty B")
	as := func(id int64, role actor.Role, org int64) context.Context {
		return actor.NewContext(context.Background(), actor.Actor{UserID: id, OrgID: org, Role: role, Email: fmt.Sprint(id, "@x.vn")})
	}
	e.officer = as(2, actor.Officer, office)
	e.buyer = as(3, actor.Buyer, org(account.KindBuyer, "Buyer"))
	e.entA = as(4, actor.Enterprise, e.orgA)
	e.entB = as(5, actor.Enterprise, e.orgB)
	for _, st := range must(reg.Standards(sys, true)) {
		switch {
		case st.Code == "iso9001":
			e.standardIntl = st.ID
		case !st.International:
			e.standardNotCounted = st.ID
		}
	}
	mk := func(seq int, name string, joined time.Time) int64 {
		p := enterprise.Profile{TaxCode: taxCode(t, seq), Name: name, WardCode: "00454", Ownership: enterprise.OwnershipPrivate,
			KeySectors: []enterprise.KeySector{enterprise.SectorComponents}}
		return must(reg.Create(e.officer, enterprise.NewEnterprise{Profile: p, JoinedOn: joined})).Public.ID
	}
	cert := func(id int64, std int64, from, to time.Time) {
		must(reg.AddCertification(e.officer, id, enterprise.CertificationInput{StandardID: std, Number: fmt.Sprint("C", id, from.Year()), Body: "SGS",
			IssuedOn: from, ExpiresOn: to}))
	}
	e.e1 = mk(1000, "Công ty TNHH Cơ khí Một", day(2022, 5, 1))
	e.e2 = mk(2000, "Công ty TNHH Nhựa Hai", day(2023, 1, 10))
	e.e3 = mk(3000, "Công ty CP Linh kiện Ba", day(2024, 3, 1))
	e.e4 = mk(4000, "Công ty TNHH Khuôn Bốn", day(2021, 1, 1))
	cert(e.e1, e.standardIntl, day(2022, 1, 1), day(2024, 6, 30))
	cert(e.e3, e.standardIntl, day(2024, 1, 1), day(2027, 1, 1))
	cert(e.e4, e.standardIntl, day(2021, 1, 1), day(2030, 1, 1))
	if e.standardNotCounted != 0 { // a national standard does not count
		cert(e.e2, e.standardNotCounted, day(2023, 1, 1), day(2030, 1, 1))
	}
	if err := reg.SetStatus(e.officer, e.e4, enterprise.StatusClosed, day(2023, 7, 1), "giải thể"); err != nil {
		t.Fatal(err)
	}
	if err := reg.AssignOrganisation(e.officer, e.e1, e.orgA); err != nil {
		t.Fatal(err)
	}
	if err := reg.AssignOrganisation(e.officer, e.e2, e.orgB); err != nil {
		t.Fatal(err)
	}
	// The basket: group G; industry 2930 (value added 300) with p1
	// (pieces, 600) and p2 (tonnes, 400); industry 2599 (700) with p3 (kg).
	if err := s.SetBasket(sys, 2020, []plan.IndexItem{
		{Code: "G", Level: plan.LevelGroup, NameVI: "CNHT", NameEN: "Supporting industry"},
		{Code: "2930", Parent: "G", Level: plan.LevelIndustry, NameVI: "Phụ tùng ô tô", NameEN: "Motor vehicle parts", Weight: 300},
		{Code: "2599", Parent: "G", Level: plan.LevelIndustry, NameVI: "Sản phẩm kim loại", NameEN: "Metal products", Weight: 700},
		{Code: "p1", Parent: "2930", Level: plan.LevelProduct, NameVI: "Bánh răng", NameEN: "Gears", Unit: "pcs", Weight: 600},
		{Code: "p2", Parent: "2930", Level: plan.LevelProduct, NameVI: "Trục thép", NameEN: "Steel shafts", Unit: "t", Weight: 400},
		{Code: "p3", Parent: "2599", Level: plan.LevelProduct, NameVI: "Bu lông", NameEN: "Bolts", Unit: "kg", Weight: 100},
	}); err != nil {
		t.Fatal(err)
	}
	e.p2023 = must(s.OpenPeriod(e.officer, plan.Period{Year: 2023, OpensOn: day(2024, 1, 1), DueOn: day(2024, 4, 15)}))
	e.p2024 = must(s.OpenPeriod(e.officer, plan.Period{Year: 2024, OpensOn: day(2025, 1, 1), DueOn: day(2025, 4, 15)}))
	return e
}

const bn = 1_000_000_000

func (e *env) file(ctx context.Context, p plan.Period, ent int64, out, rev, exp, emp int64, submit bool, items ...plan.Item) plan.Report {
	e.t.Helper()
	r, err := e.s.SaveReport(ctx, plan.ReportInput{PeriodID: p.ID, EnterpriseID: ent, OutputValue: out, Revenue: rev, ExportTurnover: exp, Employees: emp, Items: items, Submit: submit})
	if err != nil {
		e.t.Fatalf("file %d/%d: %v", p.Year, ent, err)
	}
	return r
}

// fileAll files the reports of the data set:
//
//	2023: E1 output 10 bn, export 3 bn, p1 1,000 pcs, p2 2 t; E2 5 bn, 1 bn, p3 500 kg
//	2024: E1 12 bn, 4 bn, p1 1,150 pcs, p2 1,800 kg; E2 6 bn, 1 bn, p3 600 kg;
//	      E3 8 bn, 2 bn, p1 5,000 pcs (not in 2023: out of the index)
func (e *env) fileAll() {
	e.file(e.entA, e.p2023, e.e1, 10*bn, 12*bn, 3*bn, 50, true, plan.Item{ProductCode: "p1", Unit: "pcs", Quantity: 1000}, plan.Item{ProductCode: "p2", Unit: "t", Quantity: 2})
	e.file(e.entB, e.p2023, e.e2, 5*bn, 6*bn, 1*bn, 20, true, plan.Item{ProductCode: "p3", Unit: "kg", Quantity: 500})
	e.file(e.entA, e.p2024, e.e1, 12*bn, 14*bn, 4*bn, 55, true, plan.Item{ProductCode: "p1", Unit: "kpcs", Quantity: 1}, plan.Item{ProductCode: "p2", Unit: "kg", Quantity: 1800})
	// The kpcs row above is 1,000 pieces; corrected to 1,150 by filing again.
	e.file(e.entA, e.p2024, e.e1, 12*bn, 14*bn, 4*bn, 55, true, plan.Item{ProductCode: "p1", Unit: "pcs", Quantity: 1150}, plan.Item{ProductCode: "p2", Unit: "kg", Quantity: 1800})
	e.file(e.entB, e.p2024, e.e2, 6*bn, 7*bn, 1*bn, 22, true, plan.Item{ProductCode: "p3", Unit: "kg", Quantity: 600})
	e.file(e.officer, e.p2024, e.e3, 8*bn, 9*bn, 2*bn, 30, true, plan.Item{ProductCode: "p1", Unit: "pcs", Quantity: 5000})
}

func (e *env) figure(metric string, year int, value int64, rev string) {
	e.t.Helper()
	must(e.s.RecordFigure(e.officer, plan.Figure{Metric: metric, Year: year, Value: value, Source: "Cục Thống kê Hà Nội", SourceDate: day(year+1, 1, 15), Revision: rev}))
}

func TestIndicators(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.fileAll()
		// A draft does not count.
		e.file(e.officer, e.p2023, e.e3, 99*bn, 99*bn, 0, 1, false)
		e.figure(plan.MetricManufacturingOutput, 2023, 100*bn, plan.Preliminary)
		e.figure(plan.MetricManufacturingOutput, 2023, 120*bn, plan.Revised) // the revision is current
		e.figure(plan.MetricExports, 2023, 40*bn, plan.Preliminary)
		e.figure(plan.MetricKeyProducts, 2024, 50, plan.Revised)
		e.figure(plan.MetricKeyProductOutput, 2024, 30*bn, plan.Revised)
		e.figure(plan.MetricIndustrialOutput, 2024, 200*bn, plan.Preliminary)
		e.figure(plan.MetricSupportInstances, 2024, 120, plan.Revised)
		e.figure(plan.MetricBudgetUsed, 2024, 7_500_000_000, plan.Revised)

		var codes []string
		for _, in := range plan.Indicators {
			codes = append(codes, in.Code)
		}
		got := must(e.s.Actuals(e.officer, codes, []int{2022, 2023, 2024}))
		want := map[string][3]string{ // 2022, 2023, 2024 to 3 decimals; "" = no data
			plan.Enterprises:     {"2.000", "2.000", "3.000"},
			plan.IntlEnterprises: {"2.000", "1.000", "1.000"},
			plan.IntlShare:       {"100.000", "50.000", "33.333"},
			plan.Output:          {"", "15000000000.000", "26000000000.000"},
			plan.Export:          {"", "4000000000.000", "7000000000.000"},
			// 15 bn of the revised 120 bn; 2024 has no city total: no data, not 0 %.
			plan.OutputShare: {"", "12.500", ""},
			plan.ExportShare: {"", "10.000", ""},
			// 2024: p1 115, p2 90 → 2930 (115·600+90·400)/1000 = 105;
			// p3 120 → 2599 120; group (105·300 + 120·700)/1000 = 115.5.
			plan.ProductionIndex:       {"", "", "115.500"},
			plan.ProductionGrowth:      {"", "", "15.500"},
			plan.KeyProducts:           {"", "", "50.000"},
			plan.KeyProductOutputShare: {"", "", "15.000"},
			plan.KeyProductExportShare: {"", "", ""}, // no key-product exports entered
			plan.SupportInstances:      {"", "", "120.000"},
			plan.BudgetUsed:            {"", "", "7500000000.000"},
		}
		for _, code := range codes {
			w, ok := want[code]
			if !ok {
				t.Errorf("indicator %s has no worked answer", code)
				continue
			}
			for i, a := range got[code] {
				if g := a.Value.Decimal(3); g != w[i] {
					t.Errorf("%s %d = %q, want %q", code, a.Year, g, w[i])
				}
			}
		}
		// The share's inputs are traceable: the revised figure with its source.
		share := got[plan.OutputShare][1]
		if len(share.Inputs) != 2 || share.Inputs[1].Figure == nil || share.Inputs[1].Figure.Revision != plan.Revised || share.Reports != 2 {
			t.Errorf("output share 2023 inputs = %+v, reports %d", share.Inputs, share.Reports)
		}
		// A non-public indicator is not for the public.
		if _, err := e.s.Actuals(e.pub, []string{plan.BudgetUsed}, []int{2024}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("public budget_used: %v, want not found", err)
		}
		if _, err := e.s.Actuals(e.pub, []string{plan.Enterprises}, []int{2024}); err != nil {
			t.Errorf("public enterprises: %v", err)
		}
		// The totals kept with each submission equal a recount.
		before := must(e.s.Actuals(e.officer, []string{plan.Output, plan.ProductionIndex}, []int{2023, 2024}))
		if err := e.s.RebuildTotals(e.sys); err != nil {
			t.Fatal(err)
		}
		after := must(e.s.Actuals(e.officer, []string{plan.Output, plan.ProductionIndex}, []int{2023, 2024}))
		for code, as := range before {
			for i := range as {
				if b, a := as[i].Value.Decimal(6), after[code][i].Value.Decimal(6); b != a {
					t.Errorf("%s %d kept %s, recounted %s", code, as[i].Year, b, a)
				}
			}
		}
	})
}

// Targets: a range met at its edge, a floor missed by a hair, a share
// without its denominator shown as no data.
func TestDashboardStates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.fileAll()
		e.figure(plan.MetricManufacturingOutput, 2023, 120*bn, plan.Revised)
		p := must(e.s.CreatePlan(e.officer, plan.Plan{Programme: plan.ProgrammeCNHT, DocNumber: "02/KH-UBND", DocDate: day(2024, 1, 5),
			Title: "Kế hoạch phát triển công nghiệp hỗ trợ năm 2024", YearFrom: 2024, YearTo: 2024, Status: plan.StatusClosed}))
		add := func(tg plan.Target) plan.Target {
			tg.PlanID, tg.Year = p.ID, 2024
			return must(e.s.SaveTarget(e.officer, tg))
		}
		add(plan.Target{Indicator: plan.Output, Kind: plan.Range, Low: 26 * bn * 1000, High: 30 * bn * 1000, Approx: true}) // 26 bn: at the edge
		add(plan.Target{Indicator: plan.ProductionGrowth, Kind: plan.Floor, Low: 15_501})                                   // 15.5 %: a hair below
		add(plan.Target{Indicator: plan.OutputShare, Kind: plan.Range, Low: 16_000, High: 17_000, Approx: true})            // no 2024 city total
		add(plan.Target{Indicator: plan.Enterprises, Kind: plan.Exact, Low: 4_000, Approx: true})                           // 3 of 4
		add(plan.Target{Indicator: plan.BudgetUsed, Kind: plan.Ceiling, High: 8 * bn * 1000})                               // not public
		dash := must(e.s.Dashboard(e.officer, p.ID))
		want := []plan.State{plan.Met, plan.Missed, plan.NoState, plan.Missed, plan.NoState}
		if len(dash.Rows) != len(want) {
			t.Fatalf("rows = %d, want %d", len(dash.Rows), len(want))
		}
		for i, r := range dash.Rows {
			if r.Headline.State != want[i] {
				t.Errorf("%s: state %s (value %q), want %s", r.Target.Indicator, r.Headline.State, r.Headline.Actual.Value.Decimal(3), want[i])
			}
		}
		if v := dash.Rows[2].Headline.Actual.Value; v.Known() {
			t.Errorf("share without denominator = %s, want no data", v.Decimal(3))
		}
		if got := dash.Rows[2].Headline.Actual.Value.Format("vi", 1); got != "" {
			t.Errorf("no data formats as %q", got)
		}
		// The period cannot shrink past a target's year.
		short := p
		short.YearFrom, short.YearTo = 2025, 2025
		if _, err := e.s.UpdatePlan(e.officer, short); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("period past its targets: %v", err)
		}
		// The public dashboard leaves the budget out.
		pub := must(e.s.Dashboard(e.pub, p.ID))
		if len(pub.Rows) != 4 || !pub.Public {
			t.Errorf("public rows = %d, want 4", len(pub.Rows))
		}
		// 2025 is over but its reports are due on 15/04/2026: with one
		// report in, its output is not judged yet; it is projected.
		p2025 := must(e.s.OpenPeriod(e.officer, plan.Period{Year: 2025, OpensOn: day(2026, 1, 1), DueOn: day(2026, 4, 15)}))
		e.file(e.entB, p2025, e.e2, 7*bn, 8*bn, bn, 23, true)
		late := must(e.s.CreatePlan(e.officer, plan.Plan{Programme: plan.ProgrammeCNHT, Title: "Kế hoạch năm 2025", YearFrom: 2025, YearTo: 2025, Status: plan.StatusClosed}))
		must(e.s.SaveTarget(e.officer, plan.Target{PlanID: late.ID, Indicator: plan.Output, Year: 2025, Kind: plan.Floor, Low: 20 * bn * 1000}))
		ld := must(e.s.Dashboard(e.officer, late.ID))
		if h := ld.Rows[0].Headline; h.State == plan.Missed || h.Projection == nil || !h.Actual.Partial {
			t.Errorf("2025 output with its reports not due: state %s, partial %v, projection %+v", h.State, h.Actual.Partial, h.Projection)
		}
		// A yearly target of a running period is projected from the trend.
		run := must(e.s.CreatePlan(e.officer, plan.Plan{Programme: plan.ProgrammeCNHT, DocNumber: "301/KH-UBND", Title: "Kế hoạch đến 2026",
			YearFrom: 2024, YearTo: 2026, Status: plan.StatusInForce}))
		must(e.s.SaveTarget(e.officer, plan.Target{PlanID: run.ID, Indicator: plan.Enterprises, Year: 2026, Kind: plan.Floor, Low: 3_000}))
		// Every year of a yearly target counts: growth above 15% a year is
		// met in 2024 (15.5%), but 2025 and 2026 are still to come.
		must(e.s.SaveTarget(e.officer, plan.Target{PlanID: run.ID, Indicator: plan.ProductionGrowth, PerYear: true, Kind: plan.Floor, Low: 15_000}))
		rd := must(e.s.Dashboard(e.officer, run.ID))
		if g := rd.Rows[1]; len(g.Years) != 3 || g.Years[0].State != plan.Met || g.Headline.State == plan.Met {
			t.Errorf("yearly growth target: years %+v, overall %s", g.Years, g.Headline.State)
		}
		h := rd.Rows[0].Headline
		if h.Projection == nil || h.State != plan.OnTrack {
			t.Errorf("running target: state %s, projection %+v; want on track with a projection", h.State, h.Projection)
		}
	})
}

func TestReportRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.fileAll()
		fieldsOf := func(err error) map[string]string {
			out := map[string]string{}
			if ae := apperr.As(err); ae != nil {
				for _, f := range ae.Fields {
					out[f.Field] = f.Key
				}
			}
			return out
		}
		// Another enterprise's report: not found, for reading and filing.
		if _, err := e.s.FindReport(e.entB, e.p2023.ID, e.e1); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("B reads A's report: %v", err)
		}
		if _, err := e.s.SaveReport(e.entB, plan.ReportInput{PeriodID: e.p2024.ID, EnterpriseID: e.e1, Submit: true}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("B files for A: %v", err)
		}
		for name, ctx := range map[string]context.Context{"public": e.pub, "buyer": e.buyer} {
			if _, err := e.s.SaveReport(ctx, plan.ReportInput{PeriodID: e.p2024.ID, EnterpriseID: e.e1}); err == nil {
				t.Errorf("%s filed a report", name)
			}
		}
		// Filed by an officer: on the enterprise's behalf.
		r := must(e.s.FindReport(e.officer, e.p2024.ID, e.e3))
		if !r.OnBehalf || r.Status != plan.ReportSubmitted {
			t.Errorf("officer's filing: on behalf %v, status %s", r.OnBehalf, r.Status)
		}
		// More than five times last year needs a confirmation, field by field.
		p2025 := must(e.s.OpenPeriod(e.officer, plan.Period{Year: 2025, OpensOn: day(2026, 1, 1), DueOn: day(2026, 4, 15)}))
		in := plan.ReportInput{PeriodID: p2025.ID, EnterpriseID: e.e1, OutputValue: 70 * bn, Revenue: 71 * bn, ExportTurnover: 4 * bn, Employees: 56,
			Items: []plan.Item{{ProductCode: "p1", Unit: "pcs", Quantity: 1200}, {ProductCode: "p2", Unit: "t", Quantity: 20}}, Submit: true}
		_, err := e.s.SaveReport(e.entA, in)
		f := fieldsOf(err)
		if f["output_value"] != "plan.jump" || f["revenue"] != "plan.jump" || f["items.1.quantity"] != "plan.jump" || f["employees"] != "" {
			t.Errorf("jump fields = %v", f)
		}
		in.ConfirmJump = true
		must(e.s.SaveReport(e.entA, in))
		// Units must be of the product's kind; export not above revenue.
		_, err = e.s.SaveReport(e.entB, plan.ReportInput{PeriodID: p2025.ID, EnterpriseID: e.e2, Revenue: 1, ExportTurnover: 2,
			Items: []plan.Item{{ProductCode: "p3", Unit: "pcs", Quantity: 5}, {ProductCode: "zz", Unit: "kg", Quantity: 1}, {ProductCode: "p1", Unit: "pcs", Quantity: -1}}})
		f = fieldsOf(err)
		if f["items.0.unit"] != "plan.unit_mismatch" || f["items.1.product_code"] != "field.choose" || f["items.2.quantity"] != "plan.quantity_positive" || f["export_turnover"] != "plan.export_over_revenue" {
			t.Errorf("rule fields = %v", f)
		}
		if _, err := e.s.FindReport(e.entB, p2025.ID, e.e2); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a refused report was kept: %v", err)
		}
		// A submitted report cannot go back to a draft.
		_, err = e.s.SaveReport(e.entA, plan.ReportInput{PeriodID: e.p2023.ID, EnterpriseID: e.e1, OutputValue: 1})
		if fieldsOf(err)["submit"] != "plan.report_already_submitted" {
			t.Errorf("back to draft: %v", err)
		}
	})
}

// Submitting the same draft twice at once counts it once (on PostgreSQL
// two transactions would both have read "not submitted yet").
func TestConcurrentSubmit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.fileAll()
		p2025 := must(e.s.OpenPeriod(e.officer, plan.Period{Year: 2025, OpensOn: day(2026, 1, 1), DueOn: day(2026, 4, 15)}))
		for round := range 10 {
			in := plan.ReportInput{PeriodID: p2025.ID, EnterpriseID: e.e2, OutputValue: int64(6+round) * bn, Revenue: 7 * bn, ExportTurnover: bn, Employees: 22,
				Items: []plan.Item{{ProductCode: "p3", Unit: "kg", Quantity: 610}}}
			if round == 0 {
				must(e.s.SaveReport(e.entB, in)) // a draft
			}
			in.Submit = true
			errs := make(chan error, 2)
			for range 2 {
				go func() { _, err := e.s.SaveReport(e.entB, in); errs <- err }()
			}
			for range 2 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			got := must(e.s.Actuals(e.officer, []string{plan.Output, plan.ProductionIndex}, []int{2025}))
			if a := got[plan.Output][0]; a.Reports != 1 || a.Value.Decimal(0) != itoa(int64(6+round)*bn) {
				t.Fatalf("round %d: %d reports, output %s", round, a.Reports, a.Value.Decimal(0))
			}
			// p3: 600 kg in 2024, 610 in 2025: index 101.667.
			if v := got[plan.ProductionIndex][0].Value.Decimal(3); v != "101.667" {
				t.Fatalf("round %d: index %s", round, v)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Years in messages are written as years ("2024"), not as numbers
// ("2.024").
func TestYearsInMessages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	p := must(e.s.CreatePlan(e.officer, plan.Plan{Programme: plan.ProgrammeCNHT, Title: "Kế hoạch 2023–2025", YearFrom: 2023, YearTo: 2025, Status: plan.StatusDraft}))
	_, err := e.s.SaveTarget(e.officer, plan.Target{PlanID: p.ID, Indicator: plan.Enterprises, Year: 2030, Kind: plan.Floor, Low: 1})
	b, _ := i18n.Load()
	msg := b.Printer("vi").FieldErrors(err)["year"]
	if msg != "Giá trị phải từ 2023 đến 2025." {
		t.Errorf("year message %q", msg)
	}
}
