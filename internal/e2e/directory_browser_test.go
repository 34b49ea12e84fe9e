package e2e

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserDirectory is a buyer on the public directory, signed in as
// nobody: typing without diacritics in Vietnamese narrows the results as
// it goes, a certification facet narrows them to its count, a profile
// opens with public fields only, the English version is one click away,
// and an English search finds the same trade.
func TestBrowserDirectory(t *testing.T) {
	chromiumPath(t)
	srv := start(t, "demo", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "demo.db"), "-workers", "0")
	ctx, problems := newBrowser(t, 90*time.Second)
	// The total, read in the page (htmx replaces the results as they
	// come, so a node held from Go may be gone).
	totalOf := func() int {
		t.Helper()
		var text string
		deadline := time.Now().Add(8 * time.Second)
		for {
			err := chromedp.Run(ctx, chromedp.Evaluate(`(document.querySelector("#dir-total")||{textContent:""}).textContent`, &text))
			if m := regexp.MustCompile(`^\s*([\d.]+)`).FindStringSubmatch(text); err == nil && m != nil {
				n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
				return n
			}
			if time.Now().After(deadline) {
				t.Fatalf("no total: %q %v", text, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	run(t, ctx, "open the directory", chromedp.Navigate(srv.URL+"/vi/nha-cung-cap"), chromedp.WaitVisible("#dir-q", chromedp.ByQuery))
	expectLang(t, ctx, "vi")
	all := totalOf()
	// Typed without diacritics; the results follow the typing.
	run(t, ctx, "type", chromedp.SendKeys("#dir-q", "dap khuon", chromedp.ByQuery))
	deadline := time.Now().Add(8 * time.Second)
	for totalOf() == all && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	typed := totalOf()
	if typed == 0 || typed >= all {
		t.Fatalf("typing 'dap khuon' gives %d of %d", typed, all)
	}
	expectContains(t, ctx, "#dir-results mark", "ập")
	// A certification valid today, from the facet: the count it showed.
	var label string
	run(t, ctx, "read the IATF count", chromedp.Evaluate(`document.querySelector('label[for="f-cert-iatf16949"] .count').textContent`, &label))
	want, _ := strconv.Atoi(strings.ReplaceAll(label, ".", ""))
	run(t, ctx, "choose IATF", chromedp.Click("#f-cert-iatf16949", chromedp.ByQuery))
	deadline = time.Now().Add(8 * time.Second)
	for totalOf() != want && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := totalOf(); got != want || want == 0 {
		t.Fatalf("IATF chosen: %d enterprises, the facet said %d", got, want)
	}
	var loc string
	run(t, ctx, "read the address", chromedp.Location(&loc))
	if !strings.Contains(loc, "cert=iatf16949") {
		t.Errorf("the address does not keep the filter: %s", loc)
	}
	// A profile: public fields only.
	var name string
	run(t, ctx, "read the first hit", chromedp.Text(".dir-hit-name a", &name, chromedp.ByQuery))
	run(t, ctx, "open the profile", chromedp.Click(".dir-hit-name a", chromedp.ByQuery), chromedp.WaitVisible("#profile-name", chromedp.ByQuery))
	expectText(t, ctx, "#profile-name", strings.TrimSpace(name))
	expectContains(t, ctx, "#profile-certs", "IATF 16949")
	var body string
	run(t, ctx, "read the profile", chromedp.Text("main", &body, chromedp.ByQuery))
	for _, private := range []string{"Vốn điều lệ", "Doanh thu", "Tài liệu", "Lịch sử thay đổi"} {
		if strings.Contains(body, private) {
			t.Errorf("the public profile shows %q", private)
		}
	}
	// English, one click away.
	run(t, ctx, "switch to English", chromedp.Click("#lang-en", chromedp.ByQuery), chromedp.WaitVisible("#profile-name", chromedp.ByQuery))
	expectLang(t, ctx, "en")
	run(t, ctx, "read the address", chromedp.Location(&loc))
	if !strings.Contains(loc, "/en/suppliers/") {
		t.Errorf("the English profile is at %s", loc)
	}
	// An English search without the facet.
	run(t, ctx, "open the English directory", chromedp.Navigate(srv.URL+"/en/suppliers"), chromedp.WaitVisible("#dir-q", chromedp.ByQuery),
		chromedp.SendKeys("#dir-q", "metal stamping\n", chromedp.ByQuery))
	deadline = time.Now().Add(8 * time.Second)
	for time.Now().Before(deadline) {
		run(t, ctx, "read the address", chromedp.Location(&loc))
		if strings.Contains(loc, "q=metal") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	expectLang(t, ctx, "en")
	expectContains(t, ctx, "#dir-total", "enterprises")
	if n := totalOf(); n == 0 {
		t.Error("'metal stamping' finds nothing in English")
	}
	expectNoProblems(t, problems, "directory")
}
