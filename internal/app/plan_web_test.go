package app_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
)

// The public dashboard of the demo's 2023 plan: every target of
// PRODUCT.md as the plan states it, against the demo's actual values,
// with a state and a chart; in English one click away.
func TestPlanDashboardPublic(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	public := e.client(actor.Public)
	id := demoPlanID(t, e, "02/KH-UBND")
	res, _ := e.get(public, "/plans/current")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/plans/") {
		t.Fatalf("current plan: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, home := e.get(public, "/")
	if !strings.Contains(home, `href="/plans/current"`) {
		t.Error("the public home page does not link the dashboard")
	}
	res, body := e.get(public, "/plans/"+itoa(id))
	if res.StatusCode != 200 {
		t.Fatalf("dashboard: %d", res.StatusCode)
	}
	text := html.UnescapeString(body)
	for _, want := range []string{"Kế hoạch phát triển công nghiệp hỗ trợ thành phố Hà Nội năm 2023", "Kế hoạch số 02/KH-UBND",
		"khoảng 950 doanh nghiệp", "khoảng 300–350 doanh nghiệp", "khoảng 16–17%", "trên 11–12%",
		"Số doanh nghiệp công nghiệp hỗ trợ", "Tỷ trọng CNHT trong giá trị sản xuất công nghiệp chế biến, chế tạo"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	if n := strings.Count(body, `<svg class="chart"`); n != 4 {
		t.Errorf("%d charts, want one per target (4)", n)
	}
	// Each target shows a state; the demo's 2023 enterprise count (below
	// 950) is missed.
	states := regexp.MustCompile(`<tr data-indicator="([a-z_]+)">(?s:.*?)class="badge state-([a-z_]+)`).FindAllStringSubmatch(body, -1)
	got := map[string]string{}
	for _, m := range states {
		got[m[1]] = m[2]
	}
	if len(got) != 4 || got["enterprises"] != "missed" {
		t.Errorf("states %v", got)
	}
	for _, st := range got {
		if st == "no_data" {
			t.Errorf("a 2023 target has no data: %v", got)
		}
	}
	// The public sees no officer forms.
	if strings.Contains(body, `id="add-target"`) || strings.Contains(body, `id="make-report"`) {
		t.Error("the public sees officers' forms")
	}
	// English.
	en := e.client(actor.Public)
	e.get(en, "/lang/en")
	_, body = e.get(en, "/plans/"+itoa(id))
	text = html.UnescapeString(body)
	for _, want := range []string{"about 950 enterprises", "about 300–350 enterprises", "about 16–17%", "above 11–12%", "Supporting-industry enterprises", "Missed"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English dashboard lacks %q", want)
		}
	}
}

// Officers keep plans and targets through forms; bad input names the field
// and keeps what was typed.
func TestPlanForms(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	officer := e.client(actor.Officer)
	res, body := e.post(officer, "/plans", url.Values{"programme": {"cnht"}, "status": {"draft"}, "title": {"Kế hoạch phát triển CNHT năm 2027"},
		"doc_number": {"15/KH-UBND"}, "doc_date": {"31/02/2027"}, "year_from": {"2027"}, "year_to": {"20x7"}, "budget": {"12,5 tỷ"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad plan: %d", res.StatusCode)
	}
	text := html.UnescapeString(body)
	for _, want := range []string{"Ngày không hợp lệ", "Năm phải là một số có bốn chữ số", "Hãy nhập một số nguyên", `value="Kế hoạch phát triển CNHT năm 2027"`, `value="12,5 tỷ"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	// Refused by the service (no title): what was typed stays too.
	res, body = e.post(officer, "/plans", url.Values{"programme": {"cnht"}, "status": {"draft"}, "title": {""},
		"doc_number": {"15/KH-UBND"}, "doc_date": {"05/01/2027"}, "year_from": {"2027"}, "year_to": {"2027"}, "budget": {"12.500.000.000"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="15/KH-UBND"`) || !strings.Contains(body, `value="12.500.000.000"`) {
		t.Errorf("plan without a title: %d, typed values kept: %v", res.StatusCode, strings.Contains(body, `value="15/KH-UBND"`))
	}
	res, _ = e.post(officer, "/plans", url.Values{"programme": {"cnht"}, "status": {"draft"}, "title": {"Kế hoạch phát triển CNHT năm 2027"},
		"doc_number": {"15/KH-UBND"}, "doc_date": {"05/01/2027"}, "year_from": {"2027"}, "year_to": {"2027"}, "budget": {"12.500.000.000"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create plan: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	// A draft is not public.
	if r, _ := e.get(e.client(actor.Public), loc); r.StatusCode != http.StatusNotFound {
		t.Errorf("the public sees a draft: %d", r.StatusCode)
	}
	res, body = e.post(officer, loc+"/targets", url.Values{"_form": {"new-"}, "indicator": {"intl_share"}, "kind": {"range"}, "low": {"40,5"}, "high": {"abc"}, "year": {"2027"}, "note": {"khoảng 40%"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), "Hãy nhập một số, ví dụ 950, 16,5 hoặc 1.000.") {
		t.Fatalf("bad target: %d", res.StatusCode)
	}
	// What was typed is kept in the refused form.
	for _, want := range []string{`id="new-low" name="low" value="40,5"`, `id="new-high" name="high" value="abc"`, `id="new-note" name="note" value="khoảng 40%"`,
		`<option value="intl_share" selected>`, `<option value="range" selected>`} {
		if !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("the refused target form lacks %s", want)
		}
	}
	res, _ = e.post(officer, loc+"/targets", url.Values{"indicator": {"intl_share"}, "kind": {"range"}, "low": {"40,5"}, "high": {"45"}, "year": {"2027"}, "approx": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add target: %d", res.StatusCode)
	}
	_, body = e.get(officer, loc)
	if !strings.Contains(html.UnescapeString(body), "khoảng 40,5–45%") {
		t.Errorf("the new target is not shown as stated")
	}
	tid := regexp.MustCompile(`action="/targets/(\d+)"`).FindStringSubmatch(body)
	if tid == nil {
		t.Fatal("no target form")
	}
	res, _ = e.post(officer, "/targets/"+tid[1], url.Values{"indicator": {"intl_share"}, "kind": {"floor"}, "low": {"42"}, "year": {"2027"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit target: %d", res.StatusCode)
	}
	_, body = e.get(officer, loc)
	if !strings.Contains(html.UnescapeString(body), "trên 42%") {
		t.Error("the edited target is not shown")
	}
	// In English, the form shows 1,000 and reads it back as a thousand.
	if r, _ := e.post(officer, loc+"/targets", url.Values{"indicator": {"enterprises"}, "kind": {"floor"}, "low": {"1.000"}, "year": {"2027"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add target 1.000: %d", r.StatusCode)
	}
	e.get(officer, "/lang/en")
	_, body = e.get(officer, loc)
	en := regexp.MustCompile(`action="/targets/(\d+)"[^>]*>\s*<input type="hidden" name="_form" value="(t\d+-)">`).FindAllStringSubmatch(body, -1)
	if len(en) != 2 || !strings.Contains(body, `name="low" value="1,000"`) {
		t.Fatalf("English target forms: %v", en)
	}
	last := en[1]
	if r, _ := e.post(officer, "/targets/"+last[1], url.Values{"indicator": {"enterprises"}, "kind": {"floor"}, "low": {"1,000"}, "year": {"2027"}, "note": {"kept"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit in English: %d", r.StatusCode)
	}
	_, body = e.get(officer, loc)
	if !strings.Contains(html.UnescapeString(body), "above 1,000 enterprises") {
		t.Error("an English edit changed the bound")
	}
	e.get(officer, "/lang/vi")
	if r, _ := e.post(e.client(actor.Enterprise), "/targets/"+tid[1]+"/delete", nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("an enterprise deletes a target: %d", r.StatusCode)
	}
	if r, _ := e.post(officer, "/targets/"+tid[1]+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("delete target: %d", r.StatusCode)
	}
}

// GET /api/v1/plans and /api/v1/plans/{id}: targets with actual values
// and states, and the indicators' definitions.
func TestPlanAPI(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	code, body := e.api("GET", "/api/v1/plans", "", "")
	var list struct {
		Items []struct {
			ID        int64  `json:"id"`
			DocNumber string `json:"doc_number"`
			Budget    *string
		} `json:"items"`
	}
	if code != 200 || json.Unmarshal(body, &list) != nil || len(list.Items) != 5 {
		t.Fatalf("plans: %d %s", code, body)
	}
	id := demoPlanID(t, e, "02/KH-UBND")
	code, body = e.api("GET", "/api/v1/plans/"+itoa(id)+"?lang=en", "", "")
	var p struct {
		Targets []struct {
			Indicator string  `json:"indicator"`
			Kind      string  `json:"kind"`
			Low       *string `json:"low"`
			High      *string `json:"high"`
			Text      string  `json:"text"`
			State     string  `json:"state"`
			Headline  struct {
				Actual struct {
					Value *string `json:"value"`
				} `json:"actual"`
			} `json:"headline"`
		} `json:"targets"`
		Indicators []struct {
			Code string `json:"code"`
			How  string `json:"how"`
		} `json:"indicators"`
	}
	if code != 200 || json.Unmarshal(body, &p) != nil {
		t.Fatalf("plan: %d %s", code, body)
	}
	if len(p.Targets) != 4 || p.Targets[1].Kind != "range" || *p.Targets[1].Low != "300.000" || *p.Targets[1].High != "350.000" || p.Targets[1].Text != "about 300–350 enterprises" {
		t.Errorf("targets: %s", body)
	}
	for _, tg := range p.Targets {
		if tg.Headline.Actual.Value == nil || tg.State == "" {
			t.Errorf("target %s without a value or state", tg.Indicator)
		}
	}
	if len(p.Indicators) != 4 || p.Indicators[0].How == "" {
		t.Errorf("indicators: %+v", p.Indicators)
	}
	// Bad parameters are refused, naming the field.
	code, body = e.api("GET", "/api/v1/plans/"+itoa(id)+"?lang=fr", "", "")
	if code != 422 || !strings.Contains(string(body), `"field": "lang"`) {
		t.Errorf("lang=fr: %d %s", code, body)
	}
	if code, _ = e.api("GET", "/api/v1/plans?year=2023", "", ""); code != 422 {
		t.Errorf("an unknown parameter: %d", code)
	}
	if code, _ = e.api("GET", "/api/v1/plans/999999", "", ""); code != 404 {
		t.Errorf("no such plan: %d", code)
	}
	// budget_used is not public.
	code, body = e.api("GET", "/api/v1/indicators", "", "")
	if code != 200 || strings.Contains(string(body), `"budget_used"`) || !strings.Contains(string(body), `"production_index"`) {
		t.Errorf("public indicators: %d %s", code, body)
	}
	code, body = e.api("GET", "/api/v1/indicators", e.token(actor.Officer), "")
	if code != 200 || !strings.Contains(string(body), `"budget_used"`) {
		t.Errorf("officer's indicators: %d", code)
	}
}

// The yearly report is a job: the officer asks, follows the job and
// downloads the DOCX, the PDF and the annex.
func TestPlanReportJob(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { e.app.Jobs.Run(ctx, 1); close(done) }()
	defer func() { cancel(); <-done }()
	officer := e.client(actor.Officer)
	id := demoPlanID(t, e, "02/KH-UBND")
	res, _ := e.post(officer, "/plans/"+itoa(id)+"/report", url.Values{"lang": {"vi"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("report job: %d", res.StatusCode)
	}
	var page string
	for range 400 {
		_, page = e.get(officer, res.Header.Get("Location"))
		if strings.Contains(page, `id="job-download"`) {
			break
		}
		sleep()
	}
	m := regexp.MustCompile(`href="(/plan-reports/\d+)/docx" id="job-download"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no download on the job page:\n%s", page)
	}
	for format, magic := range map[string]string{"docx": "PK", "pdf": "%PDF", "xlsx": "PK"} {
		r, body := e.get(officer, m[1]+"/"+format)
		if r.StatusCode != 200 || !strings.HasPrefix(body, magic) || !strings.Contains(r.Header.Get("Content-Disposition"), "bao-cao-02-KH-UBND") {
			t.Errorf("%s: %d %q %s", format, r.StatusCode, body[:min(8, len(body))], r.Header.Get("Content-Disposition"))
		}
		if format == "xlsx" {
			x, err := excelize.OpenReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := x.GetRows("Chỉ tiêu")
			if len(rows) != 5 || rows[2][3] != "khoảng 300–350 doanh nghiệp" {
				t.Errorf("annex: %v", rows)
			}
		}
	}
	if r, _ := e.get(e.client(actor.Buyer), m[1]+"/pdf"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a buyer downloads the report: %d", r.StatusCode)
	}
}
