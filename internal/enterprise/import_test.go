package enterprise_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

func importRow(line int, taxCode, name string, present ...string) enterprise.ImportRow {
	r := enterprise.ImportRow{Line: line, Profile: enterprise.Profile{TaxCode: taxCode, Name: name}, Present: map[string]bool{"tax_code": true, "name": true}}
	for _, f := range present {
		r.Present[f] = true
	}
	return r
}

func TestImportPlanAndApply(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		existing := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 1))
		same := e.create(profile(taxCode(t, 3000000), "Công ty TNHH Không Đổi"), date(2020, 1, 1))

		more := importRow(3, "0100 233 488", "Công ty TNHH Cơ khí Hòa Bình", "employees")
		n := int64(140)
		more.Profile.Employees = &n
		rows := []enterprise.ImportRow{
			importRow(2, taxCode(t, 4000000), "Công ty TNHH Chỉ Có Tên"), // only the two required fields
			more,
			importRow(4, same.Public.TaxCode, "Công ty TNHH Không Đổi"),
			importRow(5, "0100233480", "Công ty Sai Mã"),
			importRow(6, taxCode(t, 4000000), "Công ty Trùng Dòng"),
			{Line: 7, Profile: enterprise.Profile{TaxCode: taxCode(t, 5000000), Name: "Công ty Phường Bị Chia"}, Present: map[string]bool{"tax_code": true, "name": true},
				Problems: []apperr.FieldError{{Field: "ward_code", Key: "import.ward_split"}}},
		}
		_, err := e.s.PlanImport(e.entA, enterprise.RowsOf(rows))
		wantCode(t, err, apperr.Forbidden, "an enterprise plans an import")
		plan, err := e.s.PlanImport(e.officer, enterprise.RowsOf(rows))
		if err != nil {
			t.Fatal(err)
		}
		if plan.Creates != 1 || plan.Updates != 1 || plan.Unchanged != 1 || plan.Refused != 3 {
			t.Fatalf("plan %+v", plan)
		}
		want := map[int]enterprise.ImportAction{2: enterprise.ImportCreate, 3: enterprise.ImportUpdate, 4: enterprise.ImportUnchanged, 5: enterprise.ImportRefused, 6: enterprise.ImportRefused, 7: enterprise.ImportRefused}
		for _, o := range plan.Outcomes {
			if o.Action != want[o.Line] {
				t.Errorf("line %d: %s, want %s", o.Line, o.Action, want[o.Line])
			}
		}
		if o := plan.Outcomes[1]; o.ID != existing.Public.ID || len(o.Changed) == 0 {
			t.Errorf("update: %+v", o)
		}
		keys := func(o enterprise.ImportOutcome) map[string]string {
			m := map[string]string{}
			for _, p := range o.Problems {
				m[p.Field] = p.Key
			}
			return m
		}
		if k := keys(plan.Outcomes[3]); k["tax_code"] != "taxcode.check_digit" {
			t.Errorf("wrong check digit: %v", k)
		}
		if k := keys(plan.Outcomes[4]); k["tax_code"] != "import.duplicate_in_file" {
			t.Errorf("duplicate in file: %v", k)
		}
		if k := keys(plan.Outcomes[5]); k["ward_code"] != "import.ward_split" {
			t.Errorf("reading problem: %v", k)
		}
		// Planning wrote nothing.
		if c := countEnterprises(t, d); c != 2 {
			t.Fatalf("%d enterprises after planning", c)
		}

		applied, err := e.s.ApplyImport(e.officer, enterprise.ImportSource{Filename: "test.csv"}, enterprise.RowsOf(rows), nil)
		if err != nil {
			t.Fatal(err)
		}
		if applied.Creates != 1 || applied.Updates != 1 || applied.Outcomes[0].ID == 0 {
			t.Fatalf("applied %+v", applied)
		}
		v, _ := e.s.FindEnterprise(e.officer, existing.Public.ID)
		if v.Public.Employees == nil || *v.Public.Employees != 140 || v.Private.RevenueVND == nil {
			t.Errorf("the update lost or missed fields: employees %v revenue %v", v.Public.Employees, v.Private.RevenueVND)
		}
		created, _ := e.s.FindEnterprise(e.officer, applied.Outcomes[0].ID)
		if created.Public.Status != enterprise.StatusActive || len(created.Public.KeySectors) != 0 {
			t.Errorf("created %+v", created.Public)
		}
		// The created profile's history holds the import's one entry,
		// naming the file; the updated one its own update.
		h, _ := e.s.History(e.officer, applied.Outcomes[0].ID)
		if len(h) != 1 || h[0].Action != "import" || h[0].After["filename"] != "test.csv" || h[0].After["count"] != float64(1) {
			t.Errorf("created profile's history %+v, want the import's entry", h)
		}
		h, _ = e.s.History(e.officer, existing.Public.ID)
		if len(h) == 0 || h[0].Action != "update" {
			t.Errorf("updated profile's history %+v, want its update first", h)
		}
		if other, _ := e.s.History(e.officer, existing.Public.ID); slices.ContainsFunc(other, func(x audit.Entry) bool { return x.Action == "import" }) {
			t.Error("the import's entry shows on a profile it did not create")
		}
		// The same file again creates and changes nothing.
		again, err := e.s.ApplyImport(e.officer, enterprise.ImportSource{Filename: "test.csv"}, enterprise.RowsOf(rows), nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.Creates != 0 || again.Updates != 0 || again.Unchanged != 3 || countEnterprises(t, d) != 3 {
			t.Fatalf("second import %+v, %d enterprises", again, countEnterprises(t, d))
		}
	})
}

// An import that fails part-way — its file turning out unreadable after
// updates and a first block of creates were written — leaves the
// registry as it was.
func TestImportAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var first []enterprise.ImportRow
		for i := range 300 {
			first = append(first, importRow(i+2, taxCode(t, 6000000+10*i), "Công ty TNHH Số "+strconv.Itoa(i)))
		}
		if _, err := e.s.ApplyImport(e.officer, enterprise.ImportSource{Filename: "test.csv"}, enterprise.RowsOf(first), nil); err != nil {
			t.Fatal(err)
		}
		broken := errors.New("line 5,800: the file is cut short")
		rows := func(yield func(enterprise.ImportRow) error) error {
			for i := range 6000 {
				if i == 5800 {
					return broken
				}
				// The first 300 rename the enterprises imported above, the
				// rest are new: 5,000 of them fill a first block.
				if err := yield(importRow(i+2, taxCode(t, 6000000+10*i), "Công ty CP Mới "+strconv.Itoa(i))); err != nil {
					return err
				}
			}
			return nil
		}
		done := 0
		_, err := e.s.ApplyImport(e.officer, enterprise.ImportSource{Filename: "test.csv"}, rows, func(n int) { done = n })
		if !errors.Is(err, broken) {
			t.Fatalf("the source's error is not returned: %v", err)
		}
		if done < 5000 {
			t.Fatalf("the import failed before writing a block (%d rows done): the test proves nothing", done)
		}
		if c := countEnterprises(t, d); c != 300 {
			t.Fatalf("%d enterprises after a failed import, want the 300 from before", c)
		}
		list, err := e.s.FindEnterprises(e.officer, enterprise.Filter{Text: "Mới"})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != 0 {
			t.Fatalf("%d enterprises renamed by a failed import", list.Total)
		}
	})
}

func countEnterprises(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM enterprises`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A new row that is, by name and phone, an enterprise already registered
// under another tax code is refused, naming it; one that may be is
// created with a warning; a different enterprise of a near name is not
// flagged.
func TestImportFindsDuplicates(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	existing := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 1))
	row := func(line int, tax, name, phone, ward string) enterprise.ImportRow {
		r := importRow(line, tax, name, "phone", "ward_code")
		r.Profile.Phone, r.Profile.WardCode = phone, ward
		return r
	}
	plan, err := e.s.PlanImport(e.officer, enterprise.RowsOf([]enterprise.ImportRow{
		row(2, taxCode(t, 7100000), "Cty TNHH Co khi Hoa Binh", "024.3882.1234", "00454"),
		row(3, taxCode(t, 7200000), "Công ty Trách nhiệm hữu hạn Cơ khí Hòa Bình", "", "00070"),
		row(4, taxCode(t, 7300000), "Công ty TNHH Cơ khí Hòa Bình Sóc Sơn", "0912 000 111", "00376"),
	}))
	if err != nil {
		t.Fatal(err)
	}
	o := plan.Outcomes
	if o[0].Action != enterprise.ImportRefused || o[0].Similar == nil || o[0].Similar.ID != existing.Public.ID || o[0].Problems[0].Key != "import.probable_duplicate" {
		t.Errorf("same name and phone: %+v", o[0])
	}
	if o[1].Action != enterprise.ImportCreate || o[1].Similar == nil || o[1].Similar.Decision != enterprise.MatchReview {
		t.Errorf("same name, another ward, no phone: %+v", o[1])
	}
	if o[2].Action != enterprise.ImportCreate || o[2].Similar != nil {
		t.Errorf("a name with one more word is another enterprise: %+v", o[2])
	}
}

// TestImportCertificateForEnterpriseWrittenEarlier: a row repeating a tax
// code for a certificate, after the enterprise it names was already handed
// to the writer in an earlier block, still adds the certificate to it; and
// the ids the plan gives are the enterprises' own.
func TestImportCertificateForEnterpriseWrittenEarlier(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const n = 5_100 // more than a block
		first := importRow(2, taxCode(t, 6000000), "Công ty TNHH Đầu Tiên")
		rows := []enterprise.ImportRow{first}
		for i := 1; i < n; i++ {
			rows = append(rows, importRow(2+i, taxCode(t, 6000000+10*i), "Công ty TNHH Số "+strconv.Itoa(i)))
		}
		cert := importRow(2+n, first.Profile.TaxCode, "Công ty TNHH Đầu Tiên")
		cert.Cert = &enterprise.ImportCert{Standard: "ISO 9001:2015", Number: "VN-123", Body: "QUACERT", IssuedOn: date(2024, 3, 1), ExpiresOn: date(2027, 2, 28)}
		rows = append(rows, cert)
		plan, err := e.s.ApplyImport(e.officer, enterprise.ImportSource{Filename: "many.csv"}, enterprise.RowsOf(rows), nil)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Creates != n || plan.CertCreates != 1 {
			t.Fatalf("plan: %d creates, %d certificates", plan.Creates, plan.CertCreates)
		}
		id := plan.Outcomes[0].ID
		v, err := e.s.FindEnterprise(e.officer, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Public.TaxCode != first.Profile.TaxCode {
			t.Fatalf("the plan's first id %d is %s, want %s", id, v.Public.TaxCode, first.Profile.TaxCode)
		}
		if len(v.Private.Certifications) != 1 || v.Private.Certifications[0].Number != "VN-123" {
			t.Fatalf("certificates of the first enterprise: %+v", v.Private.Certifications)
		}
	})
}

// TestImportDefersIndexes: an import larger than the registry builds the
// registry's indexes after its rows (SQLite); afterwards every index is
// there as defined, and lookups through them find the new rows. An import
// failing part-way leaves the indexes and the registry as they were.
func TestImportDefersIndexes(t *testing.T) {
	defer enterprise.SetDeferIndexesMin(10)()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		indexes := func() string {
			if d.Dialect() != db.SQLite {
				return ""
			}
			var out string
			rows, err := d.QueryContext(context.Background(), `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var n, q string
				if err := rows.Scan(&n, &q); err != nil {
					t.Fatal(err)
				}
				out += n + ": " + q + "\n"
			}
			return out
		}
		before := indexes()
		var rows []enterprise.ImportRow
		const n = 5_020 // a block of 5,000 is written (and the indexes dropped) before the end
		for i := 0; i < n; i++ {
			rows = append(rows, importRow(2+i, taxCode(t, 7000000+10*i), "Công ty TNHH Chỉ Mục "+strconv.Itoa(i)))
		}
		// A failure after the first block: nothing written, indexes kept.
		failing := func(yield func(enterprise.ImportRow) error) error {
			for _, r := range rows[:n-10] {
				if err := yield(r); err != nil {
					return err
				}
			}
			return errors.New("the file could not be read further")
		}
		if _, err := e.s.ApplyImport(e.officer, enterprise.ImportSource{Filename: "broken.csv", Rows: n}, failing, nil); err == nil {
			t.Fatal("a failing source imported")
		}
		if got := indexes(); got != before {
			t.Fatalf("a failed import changed the indexes:\n%s\nwant\n%s", got, before)
		}
		if c := countEnterprises(t, d); c != 0 {
			t.Fatalf("a failed import left %d enterprises", c)
		}
		plan, err := e.s.ApplyImport(e.officer, enterprise.ImportSource{Filename: "many.csv", Rows: n}, enterprise.RowsOf(rows), nil)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Creates != n {
			t.Fatalf("%d created", plan.Creates)
		}
		if got := indexes(); got != before {
			t.Fatalf("indexes after the import:\n%s\nwant\n%s", got, before)
		}
		if d.Dialect() == db.SQLite {
			var ok string
			if err := d.QueryRowContext(context.Background(), `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
				t.Fatalf("integrity_check: %q %v", ok, err)
			}
			var plan string
			if err := d.QueryRowContext(context.Background(), `EXPLAIN QUERY PLAN SELECT id FROM enterprises WHERE ward_code = '00004' ORDER BY name_key LIMIT 5`).Scan(new(int), new(int), new(int), &plan); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, "enterprises_ward") {
				t.Errorf("a ward's list does not use its index after the import: %s", plan)
			}
		}
		list, err := e.s.FindEnterprises(e.officer, enterprise.Filter{Text: "Chỉ Mục 5019"})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != 1 {
			t.Errorf("searching the imported names found %d", list.Total)
		}
	})
}

// TestImportHistoryAfterMerge: two profiles created by one import and then
// merged show the import's entry once on the survivor's timeline.
func TestImportHistoryAfterMerge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rows := []enterprise.ImportRow{
			importRow(2, taxCode(t, 8000000), "Công ty TNHH Gộp Một"),
			importRow(3, taxCode(t, 8000100), "Công ty TNHH Khác Hẳn"),
		}
		plan, err := e.s.ApplyImport(e.officer, enterprise.ImportSource{Filename: "hai.csv"}, enterprise.RowsOf(rows), nil)
		if err != nil {
			t.Fatal(err)
		}
		a, b := plan.Outcomes[0].ID, plan.Outcomes[1].ID
		if _, err := e.s.MergeEnterprises(e.officer, a, b); err != nil {
			t.Fatal(err)
		}
		h, err := e.s.History(e.officer, a)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range h {
			if x.Action == "import" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the survivor's history shows the import %d times, want once", n)
		}
		// The enterprise itself sees that it was imported, not the
		// office's file name and counts.
		if err := e.s.AssignOrganisation(e.officer, a, e.orgA); err != nil {
			t.Fatal(err)
		}
		own, err := e.s.History(e.entA, a)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range own {
			if x.Action == "import" && x.After != nil {
				t.Errorf("the enterprise reads the import's details: %v", x.After)
			}
		}
		if !slices.ContainsFunc(own, func(x audit.Entry) bool { return x.Action == "import" }) {
			t.Error("the enterprise's history does not say it was imported")
		}
	})
}
