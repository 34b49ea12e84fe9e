package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// The officer's list exports with its filters and every field; the open
// data has the public fields of active enterprises, a licence and a date.
func TestExportsAndOpenData(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	officer := e.client(actor.Officer)
	sys := actor.SystemContext(t.Context())
	want, err := e.app.Registry.FindEnterprises(sys, enterprise.Filter{KeySector: enterprise.SectorTextile, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := officer.Get(e.srv.URL + "/enterprises/export.xlsx?key_sector=textile&page=3")
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatalf("export.xlsx: %v", err)
	}
	rows, _ := x.GetRows("Sheet1")
	if len(rows)-1 != want.Total {
		t.Errorf("xlsx: %d rows, the filtered list has %d", len(rows)-1, want.Total)
	}
	if rows[0][0] != "Mã số thuế" || !strings.Contains(strings.Join(rows[0], "|"), "Doanh thu (đồng)") {
		t.Errorf("xlsx headers %q", rows[0])
	}
	_, csv := e.get(officer, "/enterprises/export.csv?key_sector=textile")
	if !strings.HasPrefix(csv, "\uFEFFMã số thuế,") || strings.Count(csv, "\n")-1 != want.Total {
		t.Errorf("csv: %d lines for %d enterprises", strings.Count(csv, "\n")-1, want.Total)
	}
	// The public.
	public := e.client(actor.Public)
	_, page := e.get(public, "/open-data")
	if !strings.Contains(page, "CC BY 4.0") {
		t.Error("the open data page states no licence")
	}
	res2, body := e.get(public, "/open-data/enterprises.json")
	if res2.StatusCode != 200 {
		t.Fatalf("open data json: %d", res2.StatusCode)
	}
	var doc struct {
		Meta        map[string]string `json:"meta"`
		Enterprises []map[string]any  `json:"enterprises"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("open data json: %v", err)
	}
	counts, _ := e.app.Registry.CountAsOf(sys, e.app.Registry.Today(), enterprise.Filter{})
	if int64(len(doc.Enterprises)) != counts.Total.Active || doc.Meta["licence"] != "CC BY 4.0" || doc.Meta["date"] == "" {
		t.Errorf("open data: %d enterprises (active %d), meta %v", len(doc.Enterprises), counts.Total.Active, doc.Meta)
	}
	for _, k := range []string{"revenue_vnd", "charter_capital_vnd", "contact", "customers"} {
		if strings.Contains(body, `"`+k+`"`) {
			t.Errorf("open data holds %s", k)
		}
	}
	_, pcsv := e.get(public, "/open-data/enterprises.csv")
	if strings.Contains(pcsv, "Doanh thu") || strings.Count(pcsv, "\n")-1 != int(counts.Total.Active) {
		t.Errorf("open data csv: %d lines, private columns %v", strings.Count(pcsv, "\n")-1, strings.Contains(pcsv, "Doanh thu"))
	}
}

// A long list is exported by a job: the officer asks, follows the job,
// downloads its file, which holds the filtered list; another role cannot.
func TestExportByJob(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { e.app.Jobs.Run(ctx, 1); close(done) }()
	defer func() { cancel(); <-done }()
	officer := e.client(actor.Officer)
	want, err := e.app.Registry.FindEnterprises(actor.SystemContext(ctx), enterprise.Filter{KeySector: enterprise.SectorComponents, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := e.post(officer, "/enterprises/export", url.Values{"format": {"xlsx"}, "query": {"key_sector=components"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/jobs/") {
		t.Fatalf("export job: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var page string
	for range 400 {
		_, page = e.get(officer, res.Header.Get("Location"))
		if strings.Contains(page, `id="job-download"`) {
			break
		}
		sleep()
	}
	m := regexp.MustCompile(`href="(/exports/\d+)" id="job-download"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the job page has no download:\n%s", page)
	}
	href := m[1]
	got, err := officer.Get(e.srv.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(got.Body)
	got.Body.Close()
	if err != nil {
		t.Fatalf("the downloaded file: %v", err)
	}
	rows, _ := x.GetRows("Sheet1")
	if len(rows)-1 != want.Total || rows[0][0] != "Mã số thuế" {
		t.Errorf("the file has %d rows, the list %d; header %q", len(rows)-1, want.Total, rows[0][:1])
	}
	if r, _ := e.get(e.client(actor.Enterprise), href); r.StatusCode != http.StatusForbidden {
		t.Errorf("an enterprise downloaded an officer's export: %d", r.StatusCode)
	}
}
