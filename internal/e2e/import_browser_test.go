package e2e

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"
)

// tcvn3 spells s in TCVN3 as old spreadsheets store it (Windows-1252
// look-alikes), from the product's letter table, letter by letter.
func tcvn3(t *testing.T, s string) string {
	t.Helper()
	f, err := os.Open(filepath.Join(moduleRoot(t), "internal", "vn", "data", "vn-legacy-encodings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	table := map[rune]string{}
	for _, r := range recs[1:] {
		u, _ := utf8.DecodeRuneInString(r[col["unicode_char"]])
		table[u] = r[col["tcvn3_abc_as_cp1252"]]
	}
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if e := table[r]; e != "" {
			b.WriteString(e)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestBrowserImport: an officer uploads an old list typed in TCVN3, sees
// the encoding detected and the repaired text, the plan with a refused
// row and its reason, confirms, and watches the job write the rows.
func TestBrowserImport(t *testing.T) {
	chromiumPath(t)
	srv := start(t, "demo", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "demo.db"), "-workers", "1")
	ctx, _ := newBrowser(t, 90*time.Second)

	good := unusedTaxCode(t)
	names := []string{"Công ty TNHH Cơ khí Việt Nhật Đông Anh", "Công ty Cổ phần Nhựa Kỹ thuật Sóc Sơn"}
	var b strings.Builder
	b.WriteString(tcvn3(t, "Mã số thuế") + "," + tcvn3(t, "Tên doanh nghiệp") + "," + tcvn3(t, "Phường/Xã") + "\n")
	fmt.Fprintf(&b, "%s,\"%s\",%s\n", good, tcvn3(t, names[0]), tcvn3(t, "Xã Đông Anh"))
	fmt.Fprintf(&b, "%s,\"%s\",%s\n", good[:9]+string('0'+(good[9]-'0'+1)%10), tcvn3(t, names[1]), tcvn3(t, "Xã Sóc Sơn"))
	file := filepath.Join(t.TempDir(), "danh-sach-2012.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	signIn(t, ctx, srv.URL, "canbo@cnht.demo", "Xin chào, Nguyễn Thị Hương")
	navigate(t, ctx, srv.URL+"/imports", 200)
	run(t, ctx, "choose the file", chromedp.SetUploadFiles(`#f-file`, []string{file}, chromedp.ByQuery))
	submit(t, ctx, "read the file", `form[action="/imports"] button[type="submit"]`, 200)
	expectText(t, ctx, "main h1", "danh-sach-2012.csv")
	expectContains(t, ctx, "main", "phát hiện mã TCVN3")
	expectContains(t, ctx, "main", names[0])
	expectContains(t, ctx, "#refused-rows", "Chữ số kiểm tra")
	if n := countIn(t, ctx, "#plan-creates"); n != 1 {
		t.Errorf("plan: %d to create, want 1", n)
	}
	screenshot(t, ctx, "import-preview")
	submit(t, ctx, "confirm", `#import-confirm`, 200)
	// The page reloads itself while the job runs.
	run(t, ctx, "wait for the result", chromedp.WaitVisible(`#import-result`, chromedp.ByQuery))
	expectText(t, ctx, "#import-status", "Đã nhập")
	screenshot(t, ctx, "import-done")
	navigate(t, ctx, srv.URL+"/enterprises?q="+good, 200)
	expectContains(t, ctx, "main", names[0])
}
