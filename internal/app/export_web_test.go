package app_test

import (
	"encoding/json"
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
