package app_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
)

// upload posts a file to /imports as client and returns the response.
func (e *env) upload(c *http.Client, name string, content []byte) (*http.Response, string) {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	mw.Close()
	res, err := c.Post(e.srv.URL+"/imports", mw.FormDataContentType(), &body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, readBody(e.t, res)
}

// An officer uploads a sheet whose columns are not recognised, maps them,
// sees the plan and the refused rows (also as XLSX), confirms, and the
// job writes the accepted rows; the same layout is recognised next time.
func TestWebImport(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { e.app.Jobs.Run(ctx, 1); close(done) }()
	defer func() { cancel(); <-done }()
	officer := e.client(actor.Officer)

	csv := "Số hiệu thuế,Đơn vị,Phường/Xã\n" +
		"0109876557,Công ty TNHH Khuôn mẫu Nhập Thử,Xã Đông Anh\n" +
		"0100233480,Công ty Sai Mã,Xã Đông Anh\n" +
		"0108765438,\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",Xã Đông Anh\n"
	res, page := e.upload(officer, "khao-sat-dong-anh.csv", []byte(csv))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.StatusCode, page)
	}
	loc := res.Header.Get("Location")
	_, page = e.get(officer, loc)
	if !strings.Contains(page, `id="import-missing"`) {
		t.Fatal("the preview does not say the required columns are missing")
	}
	// The officer says what the first two columns are.
	res, _ = e.post(officer, loc+"/options", url.Values{"columns": {"3"}, "map_0": {"tax_code"}, "map_1": {"name"}, "map_2": {"ward"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("options: %d", res.StatusCode)
	}
	_, page = e.get(officer, loc)
	for _, want := range []string{`id="plan-creates">1<`, `id="plan-refused">2<`, "Chữ số kiểm tra", "công thức"} {
		if !strings.Contains(page, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	// The refused rows as XLSX: the formula stays text, with its reason.
	res, err := officer.Get(e.srv.URL + loc + "/refused.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatalf("refused.xlsx: %v", err)
	}
	rows, _ := x.GetRows("Sheet1")
	if len(rows) != 3 || !strings.Contains(rows[0][len(rows[0])-1], "Lý do") {
		t.Fatalf("refused rows: %q", rows)
	}
	if f, _ := x.GetCellFormula("Sheet1", "C3"); f != "" || !strings.HasPrefix(rows[2][2], "=HYPERLINK") {
		t.Errorf("the formula cell came back as formula %q / value %q", f, rows[2][2])
	}

	res, page = e.post(officer, loc+"/confirm", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", res.StatusCode, page)
	}
	for range 400 {
		_, page = e.get(officer, loc)
		if strings.Contains(page, `id="import-result"`) {
			break
		}
		sleep()
	}
	if !strings.Contains(page, `id="import-result"`) {
		t.Fatal("the import never finished")
	}
	if _, err := e.app.Registry.FindEnterpriseByTaxCode(actor.SystemContext(ctx), "0109876557"); err != nil {
		t.Fatalf("the imported enterprise: %v", err)
	}
	// Confirming twice does nothing more.
	res, _ = e.post(officer, loc+"/confirm", url.Values{})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("second confirmation: %d, want 409", res.StatusCode)
	}
	// The same layout again: the mapping is remembered.
	res, _ = e.upload(officer, "khao-sat-2.csv", []byte(csv))
	_, page = e.get(officer, res.Header.Get("Location"))
	if strings.Contains(page, `id="import-missing"`) || !regexp.MustCompile(`id="plan-unchanged">1<`).MatchString(page) {
		t.Error("the second file of the same layout is not mapped as the first, or its row is not seen as unchanged")
	}
	// An enterprise user cannot see imports.
	res, _ = e.get(e.client(actor.Enterprise), loc)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("enterprise user: %d", res.StatusCode)
	}
}
