package importer_test

import (
	"context"
	"os"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/importer"
)

// A list of certificates, as an association keeps it in a spreadsheet
// made by LibreOffice — one row per certificate, an enterprise on several
// rows, standards written as people write them, an issue date stored as
// an Excel date number — adds and updates the certificates of registered
// and new enterprises, refuses an unknown standard and dates in the wrong
// order naming the column, and imported twice changes nothing.
func TestCertificatesImport(t *testing.T) {
	path := csvToXLSX(t, [][]string{
		{"Mã số thuế", "Tên doanh nghiệp", "Tiêu chuẩn", "Số chứng nhận", "Tổ chức chứng nhận", "Ngày cấp", "Ngày hết hạn"},
		{"0100233488", nameVI, "ISO 9001:2015", "vn19 / 81234", "SGS Việt Nam", "45301", "10/01/2028"},
		{"0100233488", nameVI, "IATF 16949", "0123456", "Bureau Veritas", "01/06/2023", "01/06/2026"},
		{"0109876557", "Công ty TNHH Dập Khuôn Sóc Sơn", "ISO 14001", "EMS-77", "QUACERT", "15/03/2022", "15/03/2025"},
		{"0109876557", "Công ty TNHH Dập Khuôn Sóc Sơn", "iso 9001", "QMS-78", "QUACERT", "15/03/2022", "15/03/2025"},
		{"0108765438", "Công ty TNHH Sai Chuẩn", "ISO 99999", "X1", "QUACERT", "01/01/2024", "01/01/2027"},
		{"0101000006", "Công ty TNHH Ngày Ngược", "ISO 9001", "X2", "QUACERT", "01/01/2024", "01/01/2023"},
	}, 5)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		u, err := units()
		if err != nil {
			t.Fatal(err)
		}
		s := enterprise.NewService(d, u, enterprise.Options{})
		today := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return today })
		officer := actor.NewContext(context.Background(), actor.Actor{UserID: 2, OrgID: 1, Role: actor.Officer, Email: "canbo@sct.hanoi.gov.vn"})
		e, err := s.Create(officer, enterprise.NewEnterprise{Profile: enterprise.Profile{TaxCode: "0100233488", Name: nameVI, KeySectors: []enterprise.KeySector{enterprise.SectorComponents}}})
		if err != nil {
			t.Fatal(err)
		}
		stds, _ := s.Standards(officer, false)
		std := map[string]int64{}
		for _, x := range stds {
			std[x.Code] = x.ID
		}
		if _, err := s.AddCertification(officer, e.Public.ID, enterprise.CertificationInput{StandardID: std["iso9001"], Number: "VN19/81234", Body: "SGS Việt Nam",
			IssuedOn: time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC), ExpiresOn: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		run := func(apply bool) (enterprise.ImportPlan, importer.Result) {
			t.Helper()
			f, err := importer.Open(data, importer.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			res, rows := importer.Converter{Units: u, Province: "01", Today: today}.Stream(f, importer.Options{})
			if len(res.Missing) > 0 {
				t.Fatalf("missing %v", res.Missing)
			}
			var plan enterprise.ImportPlan
			if apply {
				plan, err = s.ApplyImport(officer, enterprise.ImportSource{Filename: "bench.csv"}, rows, nil)
			} else {
				plan, err = s.PlanImport(officer, rows)
			}
			if err != nil {
				t.Fatal(err)
			}
			return plan, res
		}
		plan, res := run(false)
		for _, c := range res.Columns[2:] {
			if c.Field == importer.FieldIgnore {
				t.Errorf("column %q not recognised", c.Header)
			}
		}
		if plan.Creates != 1 || plan.Unchanged != 1 || plan.Refused != 2 || plan.CertCreates != 3 || plan.CertUpdates != 1 {
			t.Fatalf("plan: %+v", plan)
		}
		why := map[int]map[string]string{}
		for _, o := range plan.Outcomes {
			why[o.Line] = map[string]string{}
			for _, p := range o.Problems {
				why[o.Line][p.Field] = p.Key
			}
		}
		if why[6]["standard"] != "import.standard_unknown" || why[7]["expires_on"] != "certification.expiry_order" {
			t.Errorf("refusals: %v", why)
		}
		if o := plan.Outcomes[1]; o.Action != enterprise.ImportCertificate || o.Cert != enterprise.ImportCreate {
			t.Errorf("a second certificate of the same enterprise: %+v", o)
		}

		plan, _ = run(true)
		if plan.CertCreates != 3 || plan.CertUpdates != 1 {
			t.Fatalf("applied: %+v", plan)
		}
		certs := func(taxCode string) map[string]enterprise.Certification {
			v, err := s.FindEnterpriseByTaxCode(officer, taxCode)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]enterprise.Certification{}
			for _, c := range v.Private.Certifications {
				out[c.StandardName] = c
			}
			return out
		}
		old := certs("0100233488")
		if len(old) != 2 || old["ISO 9001"].ExpiresOn.Format("02/01/2006") != "10/01/2028" || old["ISO 9001"].IssuedOn.Format("02/01/2006") != "10/01/2024" ||
			old["IATF 16949"].Body != "Bureau Veritas" {
			t.Errorf("the registered enterprise's certificates: %+v", old)
		}
		if n := certs("0109876557"); len(n) != 2 || n["ISO 14001"].Number != "EMS-77" || n["ISO 9001"].Number != "QMS-78" {
			t.Errorf("the new enterprise's certificates: %+v", n)
		}
		plan, _ = run(true)
		if plan.Creates != 0 || plan.CertCreates != 0 || plan.CertUpdates != 0 || plan.CertUnchanged != 4 {
			t.Errorf("imported twice: %+v", plan)
		}
	})
}
