package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"

	"cnht/internal/app"
)

// chromiumPath returns Debian's chromium, skipping the test without it
// (failing under CI=true).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if inCI() {
		t.Fatal("chromium is required under CI=true (apt-get install chromium)")
	}
	t.Skip("chromium not installed (apt-get install chromium)")
	return ""
}

// pageProblems collects what the browser reports as wrong with the pages:
// uncaught exceptions, console.error calls and error log entries, among
// them Content-Security-Policy violations and failed loads.
type pageProblems struct {
	mu   sync.Mutex
	list []string
}

func (p *pageProblems) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

// take returns the problems seen so far and forgets them.
func (p *pageProblems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.list
	p.list = nil
	return l
}

func (p *pageProblems) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		p.add("exception: %s (%s:%d)", msg, d.URL, d.LineNumber)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, string(a.Value))
				}
			}
			p.add("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.LevelError {
			p.add("log %s error: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	}
}

// newBrowser starts a headless chromium in a fresh profile and returns a
// tab's context, bounded by timeout, and the collector of its problems.
func newBrowser(t *testing.T, timeout time.Duration) (context.Context, *pageProblems) {
	t.Helper()
	exe := chromiumPath(t)
	// Chromium's helper processes may still write into the profile for a
	// moment after the browser has gone: remove it with a few retries
	// before t.TempDir's own cleanup looks at it.
	profile := filepath.Join(t.TempDir(), "profile")
	t.Cleanup(func() {
		var err error
		for range 20 {
			if err = os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("remove chromium profile: %v", err)
	})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		// This machine's network is closed: without these, chromium keeps
		// trying to reach Google's services.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		// An English-language browser: the portal must still open in
		// Vietnamese, with English one click away.
		chromedp.Flag("lang", "en-US"),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	tctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	problems := &pageProblems{}
	chromedp.ListenTarget(tctx, problems.listen)
	// Start the browser now, so that a failure to start says so.
	if err := chromedp.Run(tctx); err != nil {
		t.Fatalf("start chromium (%s): %v", exe, err)
	}
	return tctx, problems
}

// run runs browser actions as one named step of the test.
func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// click clicks the first visible element matching sel. Just after a
// navigation chromedp may still hold the old document's node for sel
// ("Could not find node with given id"): the click never happened, so
// it is tried again on the new document.
func click(t *testing.T, ctx context.Context, step, sel string) {
	t.Helper()
	var err error
	for range 5 {
		if err = chromedp.Run(ctx, chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible)); err == nil || !strings.Contains(err.Error(), "Could not find node") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// expectText waits until the first element matching sel has the text want
// (trimmed), and fails the test with what it has instead. It polls from
// Go rather than in the page, so that a navigation under way (which
// destroys the page's JavaScript context) only delays it.
func expectText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	expr := fmt.Sprintf(`(document.querySelector(%s)||{textContent:"<no element>"}).textContent.trim()`, jsString(sel))
	deadline := time.Now().Add(8 * time.Second)
	var got string
	var err error
	for {
		err = chromedp.Run(ctx, chromedp.Evaluate(expr, &got))
		if err == nil && got == want {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var url string
	_ = chromedp.Run(ctx, chromedp.Location(&url))
	if err != nil {
		t.Fatalf("%s on %s: want text %q: %v", sel, url, want, err)
	}
	t.Fatalf("%s on %s: want text %q, have %q", sel, url, want, got)
}

// expectContains waits until the element's text contains want.
func expectContains(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	expr := fmt.Sprintf(`(document.querySelector(%s)||{textContent:""}).textContent.includes(%s)`, jsString(sel), jsString(want))
	var ok bool
	deadline := time.Now().Add(8 * time.Second)
	for {
		if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &ok)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var url string
	_ = chromedp.Run(ctx, chromedp.Location(&url))
	t.Fatalf("%s on %s: no text %q", sel, url, want)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			fmt.Fprintf(&b, `\u{%x}`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// expectLang checks the lang attribute of the page's html element.
func expectLang(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	var lang string
	run(t, ctx, "read html lang", chromedp.Evaluate(`document.documentElement.lang`, &lang))
	if lang != want {
		t.Errorf(`<html lang=%q>, want %q`, lang, want)
	}
}

// expectNoProblems fails the test for every problem the browser reported
// since the last check.
func expectNoProblems(t *testing.T, problems *pageProblems, where string) {
	t.Helper()
	for _, p := range problems.take() {
		t.Errorf("%s: browser reported %s", where, p)
	}
}

// screenshot saves a PNG of the whole page into test-output/ at the
// module root, for people to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var png []byte
	run(t, ctx, "screenshot "+name, chromedp.FullScreenshot(&png, 100))
	dir := filepath.Join(moduleRoot(t), "test-output")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// TestBrowserLogin walks through the first minute of a person's visit:
// the Vietnamese home page, the language switch, a mistyped password and
// signing in as the programme officer.
func TestBrowserLogin(t *testing.T) {
	chromiumPath(t)
	srv := start(t, "demo", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "demo.db"), "-workers", "0")
	ctx, problems := newBrowser(t, 40*time.Second)

	const (
		headingVI = "Cổng thông tin công nghiệp hỗ trợ"
		headingEN = "Supporting industry portal"
		loginErr  = "Email hoặc mật khẩu không đúng."
		officer   = "Xin chào, Nguyễn Thị Hương"
	)
	for _, s := range []string{headingVI, loginErr, officer} {
		if !norm.NFC.IsNormalString(s) {
			t.Fatalf("test text %q is not NFC", s)
		}
	}

	// Vietnamese by default.
	run(t, ctx, "open home", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("main h1", chromedp.ByQuery))
	expectLang(t, ctx, "vi")
	expectText(t, ctx, "main h1", headingVI)
	var h1 string
	run(t, ctx, "read heading", chromedp.Text("main h1", &h1, chromedp.ByQuery))
	if h1 = strings.TrimSpace(h1); !norm.NFC.IsNormalString(h1) {
		t.Errorf("heading %q is not in NFC (decomposed diacritics)", h1)
	}
	screenshot(t, ctx, "browser-home-vi")
	expectNoProblems(t, problems, "home (vi)")

	// To English and back.
	click(t, ctx, "click EN", `nav.lang-switch a[hreflang="en"]`)
	expectText(t, ctx, "main h1", headingEN)
	expectLang(t, ctx, "en")
	click(t, ctx, "click VI", `nav.lang-switch a[hreflang="vi"]`)
	expectText(t, ctx, "main h1", headingVI)
	expectLang(t, ctx, "vi")
	expectNoProblems(t, problems, "language switch")

	// A wrong password, then the right one.
	run(t, ctx, "open login", chromedp.Click(`header a[href="/login"]`, chromedp.ByQuery, chromedp.NodeVisible),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery))
	run(t, ctx, "wrong password",
		chromedp.SendKeys(`#email`, "canbo@cnht.demo", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, "not-the-password", chromedp.ByQuery),
		chromedp.Click(`form[action="/login"] button[type="submit"]`, chromedp.ByQuery))
	expectText(t, ctx, `[role="alert"]`, loginErr)
	var email string
	run(t, ctx, "read email", chromedp.Value(`#email`, &email, chromedp.ByQuery))
	if email != "canbo@cnht.demo" {
		t.Errorf("after a failed login the e-mail field holds %q, want it kept", email)
	}
	// The failed login answers 401, which chromium logs as a failed load:
	// expected here, and the only problem allowed.
	for _, p := range problems.take() {
		if !strings.Contains(p, "401") {
			t.Errorf("wrong password: browser reported %s", p)
		} else {
			t.Logf("expected: %s", p)
		}
	}
	run(t, ctx, "sign in",
		chromedp.SetValue(`#email`, "canbo@cnht.demo", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, app.DemoPassword, chromedp.ByQuery),
		chromedp.Click(`form[action="/login"] button[type="submit"]`, chromedp.ByQuery))
	expectText(t, ctx, "main h1", officer)
	expectLang(t, ctx, "vi")
	screenshot(t, ctx, "browser-officer-home")
	expectNoProblems(t, problems, "officer home")

	// The watch above must be able to see a CSP violation at all: an
	// inline script is one under the server's policy.
	run(t, ctx, "inject inline script", chromedp.Evaluate(`(() => {
		const s = document.createElement("script");
		s.textContent = "window.__cnhtInline = 1";
		document.head.appendChild(s);
		return true;
	})()`, nil))
	deadline := time.Now().Add(3 * time.Second)
	var seen []string
	for time.Now().Before(deadline) && len(seen) == 0 {
		time.Sleep(50 * time.Millisecond)
		seen = problems.take()
	}
	if len(seen) == 0 || !strings.Contains(strings.Join(seen, "\n"), "Content Security Policy") {
		t.Errorf("an inline script was not reported as a CSP violation (saw %q): the problem watch is blind", seen)
	} else {
		t.Logf("the problem watch sees CSP violations: %s", seen[0])
	}
}
