package app_test

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
	"cnht/internal/i18n"
	"cnht/internal/plan"
)

// statPeriod is the id of the demo's yearly reporting period of year.
func statPeriod(t *testing.T, e *env, year int) int64 {
	t.Helper()
	var id int64
	if err := e.app.DB.QueryRowContext(context.Background(), `SELECT id FROM stat_periods WHERE year = $1 AND quarter = 0`, year).Scan(&id); err != nil {
		t.Fatalf("period %d: %v", year, err)
	}
	return id
}

func TestStatisticsOfficerFilesOnBehalf(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	officer := e.client(actor.Officer)
	res, body := e.get(officer, "/statistics")
	if res.StatusCode != 200 || !strings.Contains(body, "Các kỳ báo cáo") || !strings.Contains(body, `href="/statistics/`) {
		t.Fatalf("periods page: %d", res.StatusCode)
	}
	pid := statPeriod(t, e, 2024)
	// The 2024 period is past due: those who did not file are late.
	res, body = e.get(officer, fmt.Sprintf("/statistics/%d?state=late", pid))
	if res.StatusCode != 200 || !strings.Contains(body, "Chậm nộp") || !strings.Contains(body, "Nộp thay") {
		t.Fatalf("late list: %d", res.StatusCode)
	}
	ctx := actor.NewContext(context.Background(), e.actor(actor.Officer))
	late, err := e.app.Plans.Filings(ctx, pid, plan.FilingFilter{State: plan.FilingLate, Limit: 1})
	if err != nil || len(late.Items) != 1 || late.Counts.Late == 0 {
		t.Fatalf("late filings: %v %+v", err, late.Counts)
	}
	ent := late.Items[0]
	if !strings.Contains(body, fmt.Sprintf(`id="filing-%d"`, ent.EnterpriseID)) {
		t.Errorf("the first late enterprise %q is not listed", ent.Name)
	}
	// The officer files on its behalf.
	form := fmt.Sprintf("/statistics/%d/enterprises/%d", pid, ent.EnterpriseID)
	res, body = e.get(officer, form)
	if res.StatusCode != 200 || !strings.Contains(body, "Nộp thay cho "+ent.Name) {
		t.Fatalf("form on behalf: %d", res.StatusCode)
	}
	res, body = e.post(officer, form, url.Values{"output_value": {"25.000.000.000"}, "revenue": {"27.000.000.000"}, "export_turnover": {"3.000.000.000"},
		"employees": {"80"}, "items.0.product_code": {"P2592A"}, "items.0.unit": {"t"}, "items.0.quantity": {"1.250"},
		"items.1.product_code": {""}, "items.1.unit": {""}, "items.1.quantity": {""}, "confirm_jump": {"1"}, "action": {"submit"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("file on behalf: %d %s", res.StatusCode, errorsOf(body))
	}
	res, body = e.get(officer, fmt.Sprintf("/statistics/%d?state=submitted&q=%s", pid, ent.TaxCode))
	row := between(body, fmt.Sprintf(`id="filing-%d"`, ent.EnterpriseID), "</tr>")
	if res.StatusCode != 200 || !strings.Contains(row, "Đã nộp") || !strings.Contains(row, "Cán bộ nộp thay") {
		t.Errorf("after filing, the row is %q", row)
	}
	// Opening a period: a bad date is refused with what was typed kept.
	res, body = e.post(officer, "/statistics", url.Values{"_form": {"open"}, "year": {"2026"}, "opens_on": {"01/01/2027"}, "due_on": {"31/02/2027"}})
	if res.StatusCode != 422 || !strings.Contains(body, `value="01/01/2027"`) || !strings.Contains(body, "Ngày không hợp lệ") {
		t.Errorf("bad due date: %d", res.StatusCode)
	}
	res, _ = e.post(officer, "/statistics", url.Values{"_form": {"open"}, "year": {"2026"}, "opens_on": {"01/01/2027"}, "due_on": {"15/04/2027"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/statistics/") {
		t.Errorf("open period: %d", res.StatusCode)
	}
}

// errorsOf is the error box of a page, for failure messages.
func errorsOf(body string) string { return between(body, `role="alert"`, "</div>") }

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func TestStatisticsEnterpriseFilesItsOwn(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	var eid int64
	var name string
	if err := e.app.DB.QueryRowContext(ctx, `SELECT e.id, e.name FROM enterprises e JOIN users u ON u.org_id = e.org_id WHERE u.email = $1`, demoEmail(actor.Enterprise)).Scan(&eid, &name); err != nil {
		t.Fatal(err)
	}
	officerCtx := actor.NewContext(ctx, e.actor(actor.Officer))
	// Last year's report (filed by an officer if the demo left it out) is
	// what this year's is checked against.
	p2025 := statPeriod(t, e, 2025)
	prev, err := e.app.Plans.FindReport(officerCtx, p2025, eid)
	if err != nil || prev.Status != plan.ReportSubmitted {
		prev, err = e.app.Plans.SaveReport(officerCtx, plan.ReportInput{PeriodID: p2025, EnterpriseID: eid, OutputValue: 40_000_000_000, Revenue: 44_000_000_000,
			ExportTurnover: 5_000_000_000, Employees: 120, Submit: true, ConfirmJump: true})
		if err != nil {
			t.Fatal(err)
		}
	}
	p, err := e.app.Plans.OpenPeriod(officerCtx, plan.Period{Year: 2026, OpensOn: e.app.Registry.Today().AddDate(0, 0, -10), DueOn: e.app.Registry.Today().AddDate(0, 3, 0)})
	if err != nil {
		t.Fatal(err)
	}
	c := e.client(actor.Enterprise)
	res, body := e.get(c, "/statistics")
	form := fmt.Sprintf("/statistics/%d/enterprises/%d", p.ID, eid)
	if res.StatusCode != 200 || !strings.Contains(body, form) || !strings.Contains(body, "Chưa bắt đầu") {
		t.Fatalf("enterprise's periods: %d, no link to %s", res.StatusCode, form)
	}
	res, body = e.get(c, form)
	if res.StatusCode != 200 || !strings.Contains(body, "Lưu nháp") || !strings.Contains(body, "Nộp báo cáo") || !strings.Contains(body, "Năm trước:") ||
		strings.Contains(body, "Nộp thay cho") || strings.Count(body, `name="items.`) < 15 {
		t.Fatalf("form: %d", res.StatusCode)
	}
	fields := func(out int64, action string) url.Values {
		v := url.Values{"output_value": {fmt.Sprint(out)}, "revenue": {fmt.Sprint(prev.Revenue)}, "export_turnover": {fmt.Sprint(prev.ExportTurnover)},
			"employees": {fmt.Sprint(prev.Employees)}, "action": {action}}
		for i := range 5 {
			k := fmt.Sprintf("items.%d.", i)
			v.Set(k+"product_code", "")
			v.Set(k+"unit", "")
			v.Set(k+"quantity", "")
		}
		v.Set("items.0.product_code", "P2220B")
		v.Set("items.0.unit", "set")
		v.Set("items.0.quantity", "1.200")
		return v
	}
	// A draft.
	res, _ = e.post(c, form, fields(prev.OutputValue, "draft"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != form {
		t.Fatalf("draft: %d", res.StatusCode)
	}
	_, body = e.get(c, form)
	if !strings.Contains(body, "Đã lưu bản nháp") || !strings.Contains(body, `value="1.200"`) {
		t.Errorf("the draft is not shown back")
	}
	// A bad amount is refused, naming the field, with what was typed kept.
	bad := fields(prev.OutputValue, "submit")
	bad.Set("output_value", "12,5 tỷ")
	res, body = e.post(c, form, bad)
	box := errorsOf(body)
	if res.StatusCode != 422 || !strings.Contains(box, "Giá trị sản xuất công nghiệp (đồng)") || !strings.Contains(box, "số nguyên") ||
		!strings.Contains(body, `value="12,5 tỷ"`) || !strings.Contains(body, `value="1.200"`) {
		t.Errorf("bad amount: %d, box %q", res.StatusCode, box)
	}
	// Ten times last year's output needs a confirmation naming the field.
	jump := fields(prev.OutputValue*10, "submit")
	res, body = e.post(c, form, jump)
	box = errorsOf(body)
	if res.StatusCode != 422 || !strings.Contains(box, "Giá trị sản xuất công nghiệp (đồng)</a>: Giá trị gấp hơn 5 lần") || strings.Contains(box, "Doanh thu") ||
		!strings.Contains(body, `name="confirm_jump"`) {
		t.Fatalf("jump: %d, box %q", res.StatusCode, box)
	}
	jump.Set("confirm_jump", "1")
	res, body = e.post(c, form, jump)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/statistics" {
		t.Fatalf("confirmed: %d %s", res.StatusCode, errorsOf(body))
	}
	_, body = e.get(c, "/statistics")
	if row := between(body, p.DueOn.Format("02/01/2006"), "</tr>"); !strings.Contains(row, "Đã nộp") {
		t.Errorf("after submitting, the period row is %q", row)
	}
	r, err := e.app.Plans.FindReport(officerCtx, p.ID, eid)
	if err != nil || r.Status != plan.ReportSubmitted || r.OnBehalf || r.OutputValue != prev.OutputValue*10 || !r.JumpConfirmed || len(r.Items) != 1 {
		t.Errorf("report = %+v, %v", r, err)
	}
	// Another enterprise's form is not found.
	var other int64
	if err := e.app.DB.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE id <> $1 ORDER BY id LIMIT 1`, eid).Scan(&other); err != nil {
		t.Fatal(err)
	}
	if res, _ := e.get(c, fmt.Sprintf("/statistics/%d/enterprises/%d", p.ID, other)); res.StatusCode != 404 {
		t.Errorf("another enterprise's form: %d", res.StatusCode)
	}
}

func TestFiguresPage(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	res, body := e.get(e.client(actor.Public), "/figures")
	// The demo revised every year but the last: earlier values are kept.
	if res.StatusCode != 200 || !strings.Contains(body, "Chính thức") || !strings.Contains(body, "Sơ bộ") || !strings.Contains(body, "Số liệu trước đây") ||
		!strings.Contains(body, "<del>") || strings.Contains(body, `action="/figures"`) {
		t.Fatalf("public figures page: %d", res.StatusCode)
	}
	// The budget used is not published; officers see it.
	if strings.Contains(body, "Kinh phí đã sử dụng") {
		t.Error("the public sees the budget used")
	}
	officer := e.client(actor.Officer)
	if _, ob := e.get(officer, "/figures"); !strings.Contains(ob, "Kinh phí đã sử dụng") {
		t.Error("officers do not see the budget used")
	}
	bad := url.Values{"_form": {"figure"}, "metric": {"official_index"}, "year": {"2025"}, "value": {"108.2"}, "source": {"Cục Thống kê"}, "revision": {"revised"}}
	res, body = e.post(officer, "/figures", bad)
	if res.StatusCode != 422 || !strings.Contains(body, `value="108.2"`) || !strings.Contains(body, "phần thập phân sau dấu phẩy") {
		t.Errorf("bad index: %d", res.StatusCode)
	}
	bad.Set("value", "108,4")
	bad.Set("source_date", "30/09/2026")
	if res, body = e.post(officer, "/figures", bad); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revise index: %d %s", res.StatusCode, errorsOf(body))
	}
	_, body = e.get(officer, "/figures")
	if !strings.Contains(body, "108,4") || !strings.Contains(body, "30/09/2026") || !strings.Contains(body, `action="/figures"`) {
		t.Errorf("the revision is not shown")
	}
}

func TestIndicatorPages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	pub := e.client(actor.Public)
	res, body := e.get(pub, "/indicators")
	if res.StatusCode != 200 || strings.Count(body, `<tr id="ind-`) != 13 || strings.Contains(body, "ind-budget_used") || !strings.Contains(body, "Laspeyres") {
		t.Fatalf("public indicators: %d, %d rows", res.StatusCode, strings.Count(body, `<tr id="ind-`))
	}
	if res, _ := e.get(pub, "/indicators/budget_used"); res.StatusCode != 404 {
		t.Errorf("public budget_used: %d", res.StatusCode)
	}
	// Output 2023 by sector: the groups add up to the total, less what
	// enterprises in two sectors add twice (said on the page).
	res, body = e.get(pub, "/indicators/cnht_output?year=2023&by=sector")
	if res.StatusCode != 200 || !strings.Contains(body, `id="drill-total"`) || strings.Contains(body, "Truy vết") {
		t.Fatalf("drill: %d", res.StatusCode)
	}
	d, err := e.app.Plans.Drill(context.Background(), plan.Output, 2023, plan.BySector)
	if err != nil {
		t.Fatal(err)
	}
	sum := new(big.Rat)
	for _, r := range d.Rows {
		sum.Add(sum, r.Value.Rat())
	}
	sum.Sub(sum, d.Overlap.Rat())
	if sum.Cmp(d.Total.Rat()) != 0 {
		t.Errorf("groups %s less overlap %s ≠ total %s", sum.FloatString(0), d.Overlap.Decimal(0), d.Total.Decimal(0))
	}
	p := e.app.Web.Bundle.Printer("vi")
	total := plan.FormatValue(p, "vi", d.Total, plan.UnitDong)
	if !strings.Contains(body, `id="drill-total">`+total+`<`) {
		t.Errorf("page total is not %q", total)
	}
	if d.Overlap.Rat().Sign() != 0 && !strings.Contains(body, "tính trùng") {
		t.Errorf("the overlap is not said")
	}
	// By ward the public does not get the sums of wards with fewer than
	// three reports (they would tell an enterprise's output).
	_, body = e.get(pub, "/indicators/cnht_output?year=2023&by=ward")
	if !strings.Contains(body, "Không công bố (dưới 3 báo cáo)") {
		t.Error("small wards are published")
	}
	// For officers the groups add up exactly: the page says the same sum.
	_, body = e.get(e.client(actor.Officer), "/indicators/cnht_output?year=2023&by=ward")
	total = regexp.MustCompile(`id="drill-total">([^<]+)<`).FindStringSubmatch(body)[1]
	if got := regexp.MustCompile(`id="drill-sum">([^<]+)<`).FindStringSubmatch(body); got == nil || got[1] != total {
		t.Errorf("ward groups add up to %v, total %s", got, total)
	}
	// Officers trace a group to the reports behind it.
	officer := e.client(actor.Officer)
	_, body = e.get(officer, "/indicators/cnht_output?year=2023&by=sector")
	link := regexp.MustCompile(`href="(/indicators/cnht_output/trace\?[^"]+)"`).FindStringSubmatch(body)
	if link == nil {
		t.Fatal("no trace link for officers")
	}
	res, body = e.get(officer, strings.ReplaceAll(link[1], "&amp;", "&"))
	if res.StatusCode != 200 || !strings.Contains(body, "báo cáo đã nộp") || strings.Count(body, `<a href="/enterprises/`) < 10 {
		t.Errorf("trace: %d", res.StatusCode)
	}
	if res, _ := e.get(pub, strings.ReplaceAll(link[1], "&amp;", "&")); res.StatusCode == 200 {
		t.Error("the public traced")
	}
	// The enterprise count traces to the enterprises counted; the index
	// shows its computation.
	res, body = e.get(officer, "/indicators/enterprises/trace?year=2023&by=size&key=small")
	if res.StatusCode != 200 || !strings.Contains(body, "doanh nghiệp được tính") {
		t.Errorf("enterprise trace: %d", res.StatusCode)
	}
	res, body = e.get(pub, "/indicators/production_index?year=2023")
	if res.StatusCode != 200 || !strings.Contains(body, `id="index-tree"`) || !strings.Contains(body, "Linh kiện nhựa kỹ thuật") {
		t.Errorf("index tree: %d", res.StatusCode)
	}
	// English, one click away.
	c := e.client(actor.Public)
	e.get(c, "/lang/en?next=/indicators")
	_, body = e.get(c, "/indicators/cnht_output?year=2023&by=ownership")
	if !strings.Contains(body, "Ownership") || !strings.Contains(body, "VND") {
		t.Errorf("English drill-down is not in English")
	}
}

// The message keys the statistics, figures and indicators pages build at
// run time exist in both languages.
func TestStatisticsKeysExist(t *testing.T) {
	b := i18nBundle(t)
	var keys []string
	for _, s := range plan.FilingStates {
		keys = append(keys, "stat.state."+s)
	}
	for _, u := range plan.Units() {
		keys = append(keys, "stat.unit."+u)
	}
	for _, k := range []string{plan.RemindBefore, plan.RemindAfter} {
		keys = append(keys, "stat.remind_"+k+".title", "stat.remind_"+k+".body")
	}
	for _, part := range []string{"product_code", "unit", "quantity"} {
		keys = append(keys, "stat.item."+part)
	}
	for _, r := range []string{plan.Preliminary, plan.Revised} {
		keys = append(keys, "fig.revision."+r)
	}
	for _, m := range plan.Metrics {
		keys = append(keys, "metric."+m.Code, "fig.unit."+string(m.Unit))
	}
	for _, in := range plan.Indicators {
		keys = append(keys, "indicator."+in.Code, "indicator."+in.Code+".how", "ind.unit."+string(in.Unit), "ind.source."+string(in.Source))
	}
	for _, d := range plan.Dimensions {
		keys = append(keys, "ind.by."+string(d))
	}
	for _, l := range []string{plan.LevelGroup, plan.LevelIndustry, plan.LevelProduct} {
		keys = append(keys, "ind.level."+l)
	}
	for _, k := range keys {
		for _, l := range []string{"vi", "en"} {
			if !b.Has(l, k) {
				t.Errorf("%s.json lacks %q", l, k)
			}
		}
	}
}

func i18nBundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The reminders job runs as cnht itself and sends each reminder once.
func TestRemindersJob(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := actor.NewContext(context.Background(), e.actor(actor.Officer))
	today := e.app.Registry.Today()
	if _, err := e.app.Plans.OpenPeriod(ctx, plan.Period{Year: today.Year(), OpensOn: today.AddDate(0, 0, -30), DueOn: today.AddDate(0, 0, 10)}); err != nil {
		t.Fatal(err)
	}
	sys := actor.SystemContext(context.Background())
	j, err := e.app.Jobs.Enqueue(sys, "plan.reminders", nil)
	if err != nil {
		t.Fatal(err)
	}
	run := func() int {
		t.Helper()
		rctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { e.app.Jobs.Run(rctx, 1); close(done) }()
		for range 200 {
			got, _ := e.app.Jobs.Find(sys, j.ID)
			if got.Status.Terminal() {
				break
			}
			time.Sleep(25 * time.Millisecond)
		}
		cancel()
		<-done
		var n int
		if err := e.app.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM notifications WHERE title LIKE 'Sắp đến hạn%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The demo enterprise's user (the only enterprise user of the demo)
	// is reminded; running again reminds nobody twice.
	if n := run(); n != 1 {
		got, _ := e.app.Jobs.Find(sys, j.ID)
		t.Fatalf("reminders after one run = %d (job %s %s)", n, got.Status, got.Error)
	}
	if j, err = e.app.Jobs.Enqueue(sys, "plan.reminders", nil); err != nil {
		t.Fatal(err)
	}
	if n := run(); n != 1 {
		t.Errorf("reminders after two runs = %d", n)
	}
	c := e.client(actor.Enterprise)
	if res, _ := e.get(c, "/statistics"); res.StatusCode != 200 {
		t.Errorf("statistics: %d", res.StatusCode)
	}
}
