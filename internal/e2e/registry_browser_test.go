package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"

	"cnht/internal/app"
)

// TestBrowserRegistry walks an officer and an enterprise user through the
// registry in one demo: the counts on the officer's home page, the list
// filtered by text typed without diacritics, a new enterprise refused for
// a wrong tax-code check digit and then created, a certificate that makes
// it meet international standards (and moves today's count), and an
// enterprise user who sees its own private fields, not another's, and is
// forbidden another's edit page.
func TestBrowserRegistry(t *testing.T) {
	chromiumPath(t)
	t0 := time.Now()
	srv := start(t, "demo", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "demo.db"), "-workers", "0")
	t.Logf("demo serving after %v", time.Since(t0).Round(time.Millisecond))
	ctx, problems := newBrowser(t, 90*time.Second)

	const (
		flagship    = "Công ty TNHH Cơ khí Chính xác Đông Anh"
		newName     = "Công ty Cổ phần Khuôn mẫu Chính xác Sóc Sơn Việt Đức"
		notIntl     = "Chưa có chứng nhận quốc tế còn hiệu lực"
		intl        = "Đạt tiêu chuẩn quốc tế"
		forbidden   = "Bạn không có quyền thực hiện thao tác này."
		checkDigit  = "Chữ số kiểm tra"
		editLink    = "Sửa hồ sơ"
		wardName    = "Phường Hoàn Kiếm"
		certNumber  = "VN-QMS-2025-0421"
		certBody    = "Bureau Veritas Việt Nam"
		employeesIn = "120"
	)
	for _, s := range []string{flagship, newName, notIntl, intl, forbidden, checkDigit, editLink, wardName, certBody} {
		if !norm.NFC.IsNormalString(s) {
			t.Fatalf("test text %q is not NFC", s)
		}
	}
	today := todayInHanoi()
	goodTax := unusedTaxCode(t)
	badTax := goodTax[:9] + string('0'+(goodTax[9]-'0'+1)%10)
	t.Logf("tax codes: wrong %s, right %s", badTax, goodTax)

	step := time.Now()
	lap := func(name string) {
		t.Logf("timing: %-28s %v", name, time.Since(step).Round(time.Millisecond))
		step = time.Now()
	}

	// 1. The officer's home page: the counts today and at the end of 2023.
	signIn(t, ctx, srv.URL, "canbo@cnht.demo", "Xin chào, Nguyễn Thị Hương")
	expectText(t, ctx, "#stat-today .stat-label", "Hôm nay ("+today.Format("02/01/2006")+")")
	expectText(t, ctx, "#stat-2023 .stat-label", "31/12/2023")
	nowActive := countIn(t, ctx, "#stat-today .stat-value")
	nowIntl := countIn(t, ctx, "#stat-today .stat-note")
	oldActive := countIn(t, ctx, "#stat-2023 .stat-value")
	oldIntl := countIn(t, ctx, "#stat-2023 .stat-note")
	t.Logf("home counts: today %d active, %d international; 31/12/2023 %d active, %d international", nowActive, nowIntl, oldActive, oldIntl)
	for _, c := range []struct {
		name          string
		active, inter int
	}{{"today", nowActive, nowIntl}, {"31/12/2023", oldActive, oldIntl}} {
		if c.active <= 0 || c.inter <= 0 || c.inter > c.active {
			t.Errorf("home counts %s: %d active, %d international: want 0 < international ≤ active", c.name, c.active, c.inter)
		}
	}
	if nowActive == oldActive {
		t.Errorf("home counts: %d active both today and on 31/12/2023, want them to differ as the history says", nowActive)
	}
	if nowIntl == oldIntl {
		t.Errorf("home counts: %d international both today and on 31/12/2023, want them to differ as the history says", nowIntl)
	}
	screenshot(t, ctx, "registry-officer-home")
	expectTranslated(t, ctx, "registry-officer-home")
	expectNoProblems(t, problems, "officer home")
	lap("login + home")

	// Today's counts before the new enterprise.
	navigate(t, ctx, srv.URL+"/registry/counts", 200)
	activeBefore := countIn(t, ctx, "#count-active")
	intlBefore := countIn(t, ctx, "#count-international")
	if activeBefore != nowActive || intlBefore != nowIntl {
		t.Errorf("/registry/counts today says %d active, %d international; the home page said %d, %d", activeBefore, intlBefore, nowActive, nowIntl)
	}
	expectNoProblems(t, problems, "counts (before)")

	// 2. The list, filtered by text typed without diacritics.
	navigate(t, ctx, srv.URL+"/enterprises", 200)
	run(t, ctx, "type the text filter",
		chromedp.WaitVisible(`#f-q`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-q`, "co khi dong anh", chromedp.ByQuery))
	submit(t, ctx, "apply the filter", `form.filters-body button[type="submit"]`, 200)
	var loc string
	run(t, ctx, "read location", chromedp.Location(&loc))
	if !strings.Contains(loc, "q=co+khi+dong+anh") {
		t.Errorf("after applying the filter the address is %s, want the text in it", loc)
	}
	names := resultNames(t, ctx)
	if !contains(names, flagship) {
		// Words typed apart must each match, wherever they are in the
		// name: say so, and go on with the whole name to test the rest.
		t.Errorf("filter %q: results %q, want %q among them", "co khi dong anh", names, flagship)
		navigate(t, ctx, srv.URL+"/enterprises?q=co+khi+chinh+xac+dong+anh", 200)
		run(t, ctx, "read location", chromedp.Location(&loc))
		if names = resultNames(t, ctx); !contains(names, flagship) {
			t.Fatalf("filter %q: results %q, want %q among them", "co khi chinh xac dong anh", names, flagship)
		}
	}
	var flagshipHref string
	run(t, ctx, "read flagship link", chromedp.Evaluate(`(Array.from(document.querySelectorAll(".layout-main table tbody a")).find(a => a.textContent.trim() === `+jsString(flagship)+`)||{}).getAttribute("href")`, &flagshipHref))
	t.Logf("%s: %d results, %s at %s", loc, len(names), flagship, flagshipHref)
	screenshot(t, ctx, "registry-list")
	expectTranslated(t, ctx, "registry-list")
	expectNoProblems(t, problems, "filtered list")
	lap("filtered list")

	// 3. A new enterprise with a wrong check digit, then the right one.
	navigate(t, ctx, srv.URL+"/enterprises/new", 200)
	var wardCode string
	run(t, ctx, "find ward", chromedp.Evaluate(`(Array.from(document.querySelectorAll("#f-ward_code option")).find(o => o.textContent.trim() === `+jsString(wardName)+`)||{value:""}).value`, &wardCode))
	if wardCode == "" {
		t.Fatalf("the ward select has no option %q", wardName)
	}
	run(t, ctx, "fill the form",
		chromedp.SendKeys(`#f-tax_code`, badTax, chromedp.ByQuery),
		chromedp.SendKeys(`#f-name`, newName, chromedp.ByQuery),
		chromedp.SetValue(`#f-ward_code`, wardCode, chromedp.ByQuery),
		chromedp.Click(`#ks-components`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-employees`, employeesIn, chromedp.ByQuery))
	status := submit(t, ctx, "submit with the wrong tax code", `main form[action="/enterprises"] button[type="submit"]`, 0)
	if status != 422 && status != 400 {
		t.Errorf("create with a wrong check digit answered %d, want 422 (or 400)", status)
	}
	var taxErr string
	run(t, ctx, "read tax code error", chromedp.Evaluate(`(document.querySelector("#f-tax_code-error")||{textContent:""}).textContent.trim()`, &taxErr))
	if !strings.Contains(taxErr, checkDigit) {
		t.Errorf("tax code field error %q, want it to name the check digit (%q)", taxErr, checkDigit)
	}
	var alert string
	run(t, ctx, "read alert", chromedp.Evaluate(`(document.querySelector("[role=alert]")||{textContent:""}).textContent.trim()`, &alert))
	if alert == "" {
		t.Errorf("no error summary (role=alert) above the form")
	}
	var kept struct {
		Tax, Name, Employees, Ward string
		Sector                     bool
	}
	run(t, ctx, "read kept input", chromedp.Evaluate(`({
		Tax: document.querySelector("#f-tax_code").value,
		Name: document.querySelector("#f-name").value,
		Employees: document.querySelector("#f-employees").value,
		Ward: document.querySelector("#f-ward_code").value,
		Sector: document.querySelector("#ks-components").checked,
	})`, &kept))
	if kept.Name != newName || kept.Employees != employeesIn || kept.Tax != badTax || kept.Ward != wardCode || !kept.Sector {
		t.Errorf("after the error the form holds %+v, want the input kept (name %q, employees %q, tax code %q, ward %q, sector checked)", kept, newName, employeesIn, badTax, wardCode)
	}
	screenshot(t, ctx, "registry-create-error")
	expectTranslated(t, ctx, "registry-create-error")
	expectOnlyStatus(t, problems, "create with a wrong tax code", status)
	run(t, ctx, "fix the tax code", chromedp.SetValue(`#f-tax_code`, goodTax, chromedp.ByQuery))
	submit(t, ctx, "submit with the right tax code", `main form[action="/enterprises"] button[type="submit"]`, 200)
	run(t, ctx, "read location", chromedp.Location(&loc))
	m := regexp.MustCompile(`/enterprises/([0-9]+)$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after creating, the browser is at %s, want the new profile", loc)
	}
	newID := m[1]
	expectText(t, ctx, "main h1", newName)
	expectText(t, ctx, "#meets-intl", notIntl)
	expectNoProblems(t, problems, "new profile")
	lap("create (error, then ok)")

	// 4. An international certificate, with a small PDF.
	pdf := filepath.Join(t.TempDir(), "chung-nhan-iso-9001.pdf")
	if err := os.WriteFile(pdf, []byte(minimalPDF), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "open the certificate form",
		chromedp.Click(`#certifications details > summary`, chromedp.ByQuery, chromedp.NodeVisible),
		chromedp.WaitVisible(`#c-standard`, chromedp.ByQuery))
	var stdID string
	run(t, ctx, "find ISO 9001", chromedp.Evaluate(`(Array.from(document.querySelectorAll("#c-standard option")).find(o => /^ISO 9001\b.*★/.test(o.textContent.trim()))||{value:""}).value`, &stdID))
	if stdID == "" {
		t.Fatalf("the standard select has no ISO 9001 marked international (★)")
	}
	issued := today.AddDate(0, 0, -30).Format("02/01/2006")
	expires := today.AddDate(3, 0, -31).Format("02/01/2006")
	run(t, ctx, "fill the certificate",
		chromedp.SetValue(`#c-standard`, stdID, chromedp.ByQuery),
		chromedp.SendKeys(`#c-number`, certNumber, chromedp.ByQuery),
		chromedp.SendKeys(`#c-body`, certBody, chromedp.ByQuery),
		chromedp.SendKeys(`#c-issued`, issued, chromedp.ByQuery),
		chromedp.SendKeys(`#c-expires`, expires, chromedp.ByQuery),
		chromedp.SetUploadFiles(`#c-doc`, []string{pdf}, chromedp.ByQuery))
	submit(t, ctx, "add the certificate", `#certifications form[enctype="multipart/form-data"] button[type="submit"]`, 200)
	expectText(t, ctx, "#meets-intl", intl)
	var certRow string
	run(t, ctx, "read certificate row", chromedp.Evaluate(`(document.querySelector("#certifications tbody tr")||{textContent:""}).textContent.replace(/\s+/g, " ").trim()`, &certRow))
	for _, want := range []string{"ISO 9001", certNumber, certBody, issued, expires, "Còn hiệu lực"} {
		if !strings.Contains(certRow, want) {
			t.Errorf("certificate row %q lacks %q", certRow, want)
		}
	}
	var docLinks int
	run(t, ctx, "count document links", chromedp.Evaluate(`document.querySelectorAll('#certifications a[href^="/documents/"]').length`, &docLinks))
	if docLinks != 1 {
		t.Errorf("the certificate shows %d document links, want 1 for the uploaded PDF", docLinks)
	}
	screenshot(t, ctx, "registry-profile-cert")
	expectTranslated(t, ctx, "registry-profile-cert")
	run(t, ctx, "phone width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(1)))
	expectText(t, ctx, "#meets-intl", intl)
	screenshot(t, ctx, "registry-profile-phone")
	expectTranslated(t, ctx, "registry-profile-phone")
	expectNoSidewaysScroll(t, ctx, "profile at 390 px")
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 900))
	expectNoProblems(t, problems, "profile with certificate")

	navigate(t, ctx, srv.URL+"/registry/counts", 200)
	activeAfter := countIn(t, ctx, "#count-active")
	intlAfter := countIn(t, ctx, "#count-international")
	t.Logf("/registry/counts today: active %d → %d, international %d → %d", activeBefore, activeAfter, intlBefore, intlAfter)
	if intlAfter != intlBefore+1 {
		t.Errorf("today's international count went from %d to %d, want one more", intlBefore, intlAfter)
	}
	if activeAfter != activeBefore+1 {
		t.Errorf("today's active count went from %d to %d, want one more", activeBefore, activeAfter)
	}
	screenshot(t, ctx, "registry-counts")
	expectTranslated(t, ctx, "registry-counts")
	expectNoProblems(t, problems, "counts (after)")
	lap("certificate + counts")

	// 5. The enterprise user: its own profile, not another's.
	submit(t, ctx, "sign out", `form[action="/logout"] button[type="submit"]`, 200)
	signIn(t, ctx, srv.URL, "doanhnghiep@cnht.demo", "")
	navigate(t, ctx, srv.URL+"/my-company", 200)
	run(t, ctx, "read location", chromedp.Location(&loc))
	if flagshipHref == "" || !strings.HasSuffix(loc, flagshipHref) {
		t.Errorf("/my-company led to %s, want the company's profile %s", loc, flagshipHref)
	}
	expectText(t, ctx, "main h1", flagship)
	if !exists(t, ctx, "#revenue") || !exists(t, ctx, "#charter-capital") {
		t.Errorf("the enterprise's own profile does not show its private fields (#revenue, #charter-capital)")
	}
	screenshot(t, ctx, "registry-own-profile")
	expectTranslated(t, ctx, "registry-own-profile")
	expectNoProblems(t, problems, "own profile")

	navigate(t, ctx, srv.URL+"/enterprises/"+newID, 200)
	expectText(t, ctx, "main h1", newName)
	for _, sel := range []string{"#revenue", "#charter-capital", `a[href$="/edit"]`} {
		if exists(t, ctx, sel) {
			t.Errorf("another enterprise's profile shows %s to an enterprise user", sel)
		}
	}
	var mainText string
	run(t, ctx, "read profile", chromedp.Text("main", &mainText, chromedp.ByQuery))
	if strings.Contains(mainText, editLink) {
		t.Errorf("another enterprise's profile offers %q to an enterprise user", editLink)
	}
	expectNoProblems(t, problems, "another's profile")

	status = navigate(t, ctx, srv.URL+"/enterprises/"+newID+"/edit", 403)
	run(t, ctx, "read forbidden page", chromedp.Text("main", &mainText, chromedp.ByQuery))
	if !strings.Contains(mainText, forbidden) {
		t.Errorf("another's edit page says %q, want %q", strings.Join(strings.Fields(mainText), " "), forbidden)
	}
	if exists(t, ctx, "#f-tax_code") {
		t.Errorf("the forbidden page shows the edit form")
	}
	expectLang(t, ctx, "vi")
	expectOnlyStatus(t, problems, "another's edit page", status)
	lap("enterprise user")
	t.Logf("timing: total %v", time.Since(t0).Round(time.Millisecond))
}

// signIn opens /login, signs in with the demo password and, when
// heading is not empty, waits for it as the home page's heading.
func signIn(t *testing.T, ctx context.Context, base, email, heading string) {
	t.Helper()
	navigate(t, ctx, base+"/login", 200)
	run(t, ctx, "fill login "+email,
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, email, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, app.DemoPassword, chromedp.ByQuery))
	submit(t, ctx, "sign in as "+email, `form[action="/login"] button[type="submit"]`, 200)
	if heading != "" {
		expectText(t, ctx, "main h1", heading)
	}
	if exists(t, ctx, "#email") {
		t.Fatalf("still on the login form after signing in as %s", email)
	}
}

// navigate opens url and returns the status of the page it ends on
// (after redirects), failing the test when want is not 0 and differs.
func navigate(t *testing.T, ctx context.Context, url string, want int) int {
	t.Helper()
	return responseStatus(t, ctx, "open "+url, want, chromedp.Navigate(url))
}

// submit clicks the submit button sel and returns the status of the page
// the form leads to, failing the test when want is not 0 and differs.
func submit(t *testing.T, ctx context.Context, step, sel string, want int) int {
	t.Helper()
	return responseStatus(t, ctx, step, want, chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible))
}

func responseStatus(t *testing.T, ctx context.Context, step string, want int, actions ...chromedp.Action) int {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if resp == nil {
		t.Fatalf("%s: no page loaded", step)
	}
	if want != 0 && int(resp.Status) != want {
		var body string
		_ = chromedp.Run(ctx, chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &body))
		t.Fatalf("%s: %s answered %d, want %d\n%s", step, resp.URL, resp.Status, want, tail(body, 1500))
	}
	return int(resp.Status)
}

// resultNames lists the enterprise names in the list's table.
func resultNames(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var names []string
	run(t, ctx, "read results", chromedp.Evaluate(`Array.from(document.querySelectorAll(".layout-main table tbody tr td:first-child a")).map(a => a.textContent.trim())`, &names))
	return names
}

// expectNoSidewaysScroll fails the test when the page is wider than the
// window, naming the elements that stick out.
func expectNoSidewaysScroll(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	var r struct {
		Width, Window int
		Culprits      []string
	}
	run(t, ctx, "measure "+where, chromedp.Evaluate(`(() => {
		const w = document.documentElement.clientWidth;
		const out = [];
		const clipped = el => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				if (getComputedStyle(p).overflowX !== "visible") return true;
			}
			return false;
		};
		// Text sticks out of its box when it cannot wrap: look at text
		// nodes, not only at elements.
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		for (let n = walk.nextNode(); n && out.length < 5; n = walk.nextNode()) {
			if (!n.textContent.trim()) continue;
			range.selectNodeContents(n);
			const right = range.getBoundingClientRect().right;
			const el = n.parentElement;
			if (right > w + 1 && !clipped(n)) {
				out.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") +
					" (" + Math.round(right) + " px): " + n.textContent.trim().slice(0, 60));
			}
		}
		for (const el of document.body.querySelectorAll("*")) {
			if (out.length >= 5) break;
			const b = el.getBoundingClientRect();
			if (b.right > w + 1 && !clipped(el) && !Array.from(el.children).some(c => c.getBoundingClientRect().right > w + 1)) {
				out.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") +
					" (" + Math.round(b.right) + " px)");
			}
		}
		return {Width: document.documentElement.scrollWidth, Window: w, Culprits: out};
	})()`, &r))
	if r.Width > r.Window {
		t.Errorf("%s: the page is %d px wide in a %d px window (it scrolls sideways); sticking out: %q", where, r.Width, r.Window, r.Culprits)
	}
}

// missingKeyRE matches what the translator shows for a key it lacks.
var missingKeyRE = regexp.MustCompile(`\[[a-z0-9_]+(\.[a-z0-9_]+)+\]`)

// expectTranslated fails the test when the page shows a message key
// instead of its text ("[taxcode.check_digit]").
func expectTranslated(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	var text string
	run(t, ctx, "read page text", chromedp.Evaluate(`document.body.innerText`, &text))
	if keys := missingKeyRE.FindAllString(text, -1); len(keys) > 0 {
		seen := map[string]bool{}
		var uniq []string
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				uniq = append(uniq, k)
			}
		}
		t.Errorf("%s: untranslated message keys on the page: %s", where, strings.Join(uniq, " "))
	}
}

// exists reports whether the page has an element matching sel.
func exists(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	var ok bool
	run(t, ctx, "look for "+sel, chromedp.Evaluate(`document.querySelector(`+jsString(sel)+`) !== null`, &ok))
	return ok
}

// countIn reads the last number in the text of the element sel, written
// the Vietnamese way (1.234).
func countIn(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	var s string
	run(t, ctx, "read "+sel, chromedp.Evaluate(`(document.querySelector(`+jsString(sel)+`)||{textContent:""}).textContent.trim()`, &s))
	nums := regexp.MustCompile(`[0-9][0-9.]*`).FindAllString(s, -1)
	if len(nums) == 0 {
		t.Fatalf("%s: no number in %q", sel, s)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(nums[len(nums)-1], ".", ""))
	if err != nil {
		t.Fatalf("%s: %q: %v", sel, s, err)
	}
	return n
}

// expectOnlyStatus fails the test for every problem the browser reported
// except the failed load of a page answering status (which chromium logs
// as an error, and which the step expected).
func expectOnlyStatus(t *testing.T, problems *pageProblems, where string, status int) {
	t.Helper()
	allowed := fmt.Sprintf("status of %d", status)
	for _, p := range problems.take() {
		if strings.Contains(p, allowed) {
			t.Logf("%s: expected: %s", where, p)
			continue
		}
		t.Errorf("%s: browser reported %s", where, p)
	}
}

// todayInHanoi is today's date where cnht's demo runs.
func todayInHanoi() time.Time {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		loc = time.FixedZone("ICT", 7*3600)
	}
	y, m, d := time.Now().In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// unusedTaxCode returns a valid 10-digit Hanoi tax code outside the range
// the demo generator uses (its sequences stay below 0171…), its check
// digit computed as DOMAIN.md says, independently of the product's code.
func unusedTaxCode(t *testing.T) string {
	t.Helper()
	weights := [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}
	for seq := 9_876_543; seq < 9_876_600; seq++ {
		first9 := fmt.Sprintf("01%07d", seq)
		s := 0
		for i, w := range weights {
			s += w * int(first9[i]-'0')
		}
		r := s % 11
		if r == 0 {
			continue // no valid code has this prefix
		}
		check := (10 - r) % 10 // r = 10 gives 0
		return first9 + strconv.Itoa(check)
	}
	t.Fatal("no valid tax code found")
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// minimalPDF is a small, well-formed one-page PDF.
const minimalPDF = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
trailer << /Root 1 0 R >>
%%EOF
`
