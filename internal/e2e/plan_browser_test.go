package e2e

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"
)

// tool finds a command the test needs: under CI=true its absence fails
// the test, elsewhere it skips.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if inCI() {
			t.Fatalf("%s is required under CI=true: apt-get install %s", name, pkg)
		}
		t.Skipf("%s not installed (apt-get install %s)", name, pkg)
	}
	return p
}

// TestBrowserPlanDashboard is an officer on the demo: the 2023 plan's
// dashboard shows its targets against the demo's actual values with
// charts, switches to English, and makes the yearly report, which is
// downloaded in the browser's session and opens: LibreOffice turns the
// DOCX into a PDF whose text holds the targets.
func TestBrowserPlanDashboard(t *testing.T) {
	chromiumPath(t)
	soffice := tool(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	srv := start(t, "demo", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "demo.db"), "-workers", "1")
	ctx, problems := newBrowser(t, 150*time.Second)
	signIn(t, ctx, srv.URL, "canbo@cnht.demo", "")

	navigate(t, ctx, srv.URL+"/plans", 200)
	run(t, ctx, "open the 2023 plan", chromedp.Click(`//table[@id="plans"]//a[contains(., "năm 2023")]`, chromedp.BySearch, chromedp.NodeVisible),
		chromedp.WaitVisible("#target-table", chromedp.ByQuery))
	expectLang(t, ctx, "vi")
	expectText(t, ctx, "#plan-title", "Kế hoạch phát triển công nghiệp hỗ trợ thành phố Hà Nội năm 2023")
	for _, want := range []string{"khoảng 950 doanh nghiệp", "khoảng 300–350 doanh nghiệp", "khoảng 16–17%", "trên 11–12%"} {
		expectContains(t, ctx, "#target-table", want)
	}
	var charts, states int
	run(t, ctx, "count charts and states", chromedp.Evaluate(`document.querySelectorAll("svg.chart polyline.actual").length`, &charts),
		chromedp.Evaluate(`document.querySelectorAll("#target-table .badge").length`, &states))
	if charts != 4 || states != 4 {
		t.Errorf("%d charts with a line and %d states, want 4 of each", charts, states)
	}
	var stateText string
	run(t, ctx, "read states", chromedp.Text("#target-table tbody", &stateText, chromedp.ByQuery))
	if strings.Contains(stateText, "Chưa có số liệu") {
		t.Errorf("a 2023 target has no data: %s", stateText)
	}

	// English, one click away.
	run(t, ctx, "switch to English", chromedp.Click(`nav.lang-switch a[hreflang="en"]`, chromedp.ByQuery, chromedp.NodeVisible),
		chromedp.WaitVisible("#target-table", chromedp.ByQuery))
	expectLang(t, ctx, "en")
	for _, want := range []string{"about 950 enterprises", "about 300–350 enterprises", "about 16–17%", "above 11–12%"} {
		expectContains(t, ctx, "#target-table", want)
	}

	// The yearly report, as a job.
	run(t, ctx, "make the report", chromedp.Click("#make-report", chromedp.ByQuery, chromedp.NodeVisible))
	run(t, ctx, "wait for the report", chromedp.WaitVisible("#job-download", chromedp.ByQuery))
	var href string
	run(t, ctx, "read the link", chromedp.AttributeValue("#job-download", "href", &href, nil, chromedp.ByQuery))
	if !regexp.MustCompile(`^/plan-reports/\d+/docx$`).MatchString(href) {
		t.Fatalf("report link %q", href)
	}
	// Downloaded with the page's own session.
	var b64 string
	fetch := `(async () => { const r = await fetch(` + "`" + href + "`" + `); if (!r.ok) return "HTTP " + r.status;
		const b = new Uint8Array(await r.arrayBuffer()); let s = ""; for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192)); return btoa(s); })()`
	run(t, ctx, "download the report", chromedp.Evaluate(fetch, &b64, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	docx, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !strings.HasPrefix(string(docx), "PK") {
		t.Fatalf("the download is not a DOCX: %.40q", b64)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "bao-cao.docx")
	if err := os.WriteFile(src, docx, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, src).CombinedOutput()
	if err != nil {
		t.Fatalf("LibreOffice cannot open the report: %v\n%s", err, out)
	}
	text, err := exec.Command(pdftotext, filepath.Join(dir, "bao-cao.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (LibreOffice said %s)", err, out)
	}
	got := norm.NFC.String(strings.Join(strings.Fields(string(text)), " "))
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "REPORT", "02/KH-UBND",
		"about 950 enterprises", "about 300–350 enterprises", "about 16–17%", "above 11–12%"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report's text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("report text:\n%s", tail(got, 3000))
	}
	expectNoProblems(t, problems, "plan dashboard")
}
