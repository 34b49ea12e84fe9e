package importer_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/importer"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var headers = map[importer.Field]string{
	importer.FieldTaxCode: "Mã số thuế", importer.FieldName: "Tên doanh nghiệp", importer.FieldNameEN: "Tên tiếng Anh",
	importer.FieldShortName: "Tên viết tắt", importer.FieldStreet: "Địa chỉ (số nhà, đường)", importer.FieldWard: "Phường, xã",
	importer.FieldPhone: "Điện thoại", importer.FieldEmail: "Email", importer.FieldWebsite: "Trang web",
	importer.FieldKeySectors: "Lĩnh vực CNHT trọng điểm", importer.FieldEmployees: "Số lao động", importer.FieldFoundedYear: "Năm thành lập",
	importer.FieldMaterials: "Nguyên vật liệu", importer.FieldCapacity: "Năng lực sản xuất", importer.FieldContactName: "Người liên hệ",
	importer.FieldContactPhone: "Điện thoại người liên hệ", importer.FieldContactEmail: "Email người liên hệ",
	importer.FieldCapital: "Vốn điều lệ (đồng)", importer.FieldRevenue: "Doanh thu (đồng)", importer.FieldRevenueYear: "Năm doanh thu",
	importer.FieldJoinedOn: "Ngày tham gia cơ sở dữ liệu",
}

func header(f importer.Field) string { return headers[f] }

// An officer's export, XLSX or CSV, imports again with no change; the
// public export has no private column; text that looks like a formula is
// escaped in the CSV and stays text in the XLSX.
func TestExportReimportsUnchanged(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		u, err := units()
		if err != nil {
			t.Fatal(err)
		}
		s := enterprise.NewService(d, u, enterprise.Options{})
		today := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return today })
		sys := actor.SystemContext(context.Background())
		if err := enterprise.LoadDemo(sys, s, 7, 300); err != nil {
			t.Fatal(err)
		}
		officer := actor.NewContext(context.Background(), actor.Actor{UserID: 2, OrgID: 1, Role: actor.Officer, Email: "canbo@sct.hanoi.gov.vn"})
		page, _ := s.FindEnterprises(officer, enterprise.Filter{Limit: 1})
		p, _ := s.ProfileForEdit(officer, page.Items[0].ID)
		p.Capacity = "=HYPERLINK(\"http://example.invalid\",\"bấm\")"
		p.Phone = "+84 24 3882 1234"
		if _, err := s.Update(officer, page.Items[0].ID, p); err != nil {
			t.Fatal(err)
		}
		conv := importer.Converter{Units: u, Province: "01", Today: today}
		for _, format := range []string{"xlsx", "csv"} {
			t.Run(format, func(t *testing.T) {
				var buf bytes.Buffer
				cols := importer.ExportColumns(true)
				var rw importer.RowWriter
				var err error
				if format == "xlsx" {
					rw, err = importer.NewXLSXWriter(&buf, cols, header)
				} else {
					rw, err = importer.NewCSVWriter(&buf, cols, header)
				}
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				if err := s.Export(officer, enterprise.Filter{}, func(it enterprise.ExportItem) error { n++; return rw.Write(it) }); err != nil {
					t.Fatal(err)
				}
				if err := rw.Close(); err != nil {
					t.Fatal(err)
				}
				if format == "csv" && !strings.Contains(buf.String(), `"'=HYPERLINK(`) {
					t.Error("the CSV does not escape a formula-like cell")
				}
				tab := read(t, buf.Bytes())
				res := conv.Convert(tab, importer.Options{})
				if len(res.Missing) > 0 || len(res.Rows) != n {
					t.Fatalf("re-read: missing %v, %d rows of %d", res.Missing, len(res.Rows), n)
				}
				for _, c := range res.Columns {
					if c.Field == importer.FieldIgnore {
						t.Errorf("column %q not recognised on import", c.Header)
					}
				}
				plan, err := s.PlanImport(officer, enterprise.RowsOf(res.Rows))
				if err != nil {
					t.Fatal(err)
				}
				if plan.Unchanged != n-1 || plan.Refused != 1 {
					for _, o := range plan.Outcomes {
						if o.Action != enterprise.ImportUnchanged {
							t.Logf("line %d %s: changed %v problems %v", o.Line, o.Action, o.Changed, o.Problems)
						}
					}
					t.Fatalf("re-import of %d: %+v (want every row unchanged but the formula one)", n, plan)
				}
			})
		}
		// The open data: public fields of active enterprises only.
		var pub bytes.Buffer
		rw, _ := importer.NewCSVWriter(&pub, importer.ExportColumns(false), header)
		if err := s.Export(context.Background(), enterprise.Filter{}, func(it enterprise.ExportItem) error {
			if it.Status != enterprise.StatusActive || it.Profile.RevenueVND != nil || it.Profile.CharterCapitalVND != nil {
				t.Fatalf("public export holds %+v", it)
			}
			return rw.Write(it)
		}); err != nil {
			t.Fatal(err)
		}
		rw.Close()
		if strings.Contains(pub.String(), "Doanh thu") || strings.Contains(pub.String(), "Người liên hệ") {
			t.Error("the public export has private columns")
		}
	})
}
