package enterprise_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

func TestCreateAndRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := profile(" 0100 233 488 ", "  Công ty TNHH Cơ khí Hòa Bình  ")
		p.Name = vn.NFC(p.Name)
		v := e.create(p, date(2021, 4, 1))
		pub := v.Public
		if pub.TaxCode != "0100233488" || pub.Name != "Công ty TNHH Cơ khí Hòa Bình" {
			t.Fatalf("not normalised: %q %q", pub.TaxCode, pub.Name)
		}
		if pub.Website != "https://www.hoabinh.vn" || !slices.Equal(pub.ExportMarkets, []string{"JP", "KR"}) {
			t.Fatalf("website %q markets %v", pub.Website, pub.ExportMarkets)
		}
		// 85 people, revenue 42 bn: small under Decree 80 (industry).
		if pub.SizeClass != vn.SizeSmall {
			t.Fatalf("size %q, want small", pub.SizeClass)
		}
		if pub.WardName != "Xã Đông Anh" || pub.Status != enterprise.StatusActive || !pub.JoinedOn.Equal(date(2021, 4, 1)) {
			t.Fatalf("ward %q status %q joined %v", pub.WardName, pub.Status, pub.JoinedOn)
		}
		if v.Private == nil || *v.Private.RevenueVND != 42_000_000_000 || v.Private.Version != 1 {
			t.Fatalf("officer sees no private part: %+v", v.Private)
		}
		// The size class is derived: changing the figures changes it.
		p2, err := e.s.ProfileForEdit(e.officer, pub.ID)
		if err != nil {
			t.Fatal(err)
		}
		p2.Employees = i64(250)
		p2.RevenueVND = i64(400_000_000_000)
		v, err = e.s.Update(e.officer, pub.ID, p2)
		if err != nil {
			t.Fatal(err)
		}
		if v.Public.SizeClass != vn.SizeLarge || v.Private.Version != 2 {
			t.Fatalf("after update: size %q version %d", v.Public.SizeClass, v.Private.Version)
		}
		// A stale version is refused.
		p2.Version = 1
		_, err = e.s.Update(e.officer, pub.ID, p2)
		wantCode(t, err, apperr.Conflict, "stale update")
		// Unknown figures give an unknown size.
		p2.Version = 0
		p2.Employees = nil
		v, err = e.s.Update(e.officer, pub.ID, p2)
		if err != nil || v.Public.SizeClass != vn.SizeUnknown || v.Public.Employees != nil {
			t.Fatalf("unknown employees: %v %q", err, v.Public.SizeClass)
		}
		// By tax code, in any spelling.
		got, err := e.s.FindEnterpriseByTaxCode(e.public, "0100-233-488")
		if err != nil || got.Public.ID != pub.ID {
			t.Fatalf("by tax code: %v", err)
		}
	})
}

func TestValidationReportsEveryField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := enterprise.Profile{
			TaxCode: "0100233480", LegalForm: "corporation", Ownership: "alien", FoundedYear: 1850,
			WardCode: "99999", Phone: "call me", Email: "not-an-email", Website: "ftp://x",
			Contact:   enterprise.Contact{Email: "a@b"},
			Employees: i64(-1), CharterCapitalVND: i64(-5), RevenueVND: i64(-7), RevenueYear: 1980,
			SectorGroup: "farming", KeySectors: []enterprise.KeySector{"spaceships"}, Industries: []enterprise.Industry{"magic"},
			ProductIDs: []int64{99999}, ProcessIDs: []int64{99999},
			Customers:     []enterprise.Customer{{Country: "XX"}},
			ExportMarkets: []string{"ZZ"}, SupplierTier: 7,
		}
		_, err := e.s.Create(e.officer, enterprise.NewEnterprise{Profile: p, JoinedOn: now.AddDate(0, 0, 2)})
		wantCode(t, err, apperr.Invalid, "invalid profile")
		got := fields(err)
		want := map[string]string{
			"tax_code": "taxcode.check_digit", "name": "field.required", "legal_form": "field.choose", "ownership": "field.choose",
			"founded_year": "enterprise.year_range", "ward_code": "enterprise.ward_unknown", "phone": "field.phone", "email": "field.email",
			"website": "field.url", "contact.email": "field.email", "employees": "field.not_negative", "charter_capital_vnd": "field.not_negative",
			"revenue_vnd": "field.not_negative", "revenue_year": "enterprise.year_range", "sector_group": "field.choose",
			"key_sectors": "field.choose", "industries": "field.choose", "product_ids": "field.choose", "process_ids": "field.choose",
			"customers[0].name": "field.required", "customers[0].country": "field.country", "export_markets": "field.country",
			"supplier_tier": "field.choose", "joined_on": "enterprise.date_range",
		}
		for f, k := range want {
			if got[f] != k {
				t.Errorf("field %s: got %q, want %q", f, got[f], k)
			}
		}
		for f := range got {
			if _, ok := want[f]; !ok {
				t.Errorf("unexpected field error %s: %s", f, got[f])
			}
		}
		// Years are passed as text, so that no number printer writes 2.026.
		for _, fe := range apperr.As(err).Fields {
			if fe.Field == "founded_year" && fe.Args["max"] != "2026" {
				t.Errorf("founded_year max = %#v", fe.Args["max"])
			}
		}
		// A ward of another province is unknown here: Phường Thủ Dầu Một
		// is in Ho Chi Minh City.
		p = profile(taxCode(t, 1234567), "Công ty TNHH A")
		p.WardCode = "25747"
		_, err = e.s.Create(e.officer, enterprise.NewEnterprise{Profile: p})
		if fields(err)["ward_code"] != "enterprise.ward_unknown" {
			t.Errorf("foreign ward: %v", err)
		}
		// Amounts beyond what JSON carries exactly are refused, not
		// rounded in the history or the API.
		p.WardCode = "00454"
		p.RevenueVND, p.Employees = i64(1<<62), i64(20_000_000)
		_, err = e.s.Create(e.officer, enterprise.NewEnterprise{Profile: p})
		if f := fields(err); f["revenue_vnd"] != "field.too_large" || f["employees"] != "field.too_large" {
			t.Errorf("huge amounts: %v", err)
		}
		p.RevenueVND, p.Employees = i64(42_000_000_000), i64(85)
		// A ward code typed without leading zeros is completed.
		p.WardCode = "454"
		v, err := e.s.Create(e.officer, enterprise.NewEnterprise{Profile: p})
		if err != nil || v.Public.WardCode != "00454" {
			t.Fatalf("short ward code: %v", err)
		}
	})
}

// Each tax-code rule has its own message key, and the key has a message in
// both languages.
func TestTaxCodeRules(t *testing.T) {
	msgs := loadMessages(t)
	e := newEnv(t, dbtest.SQLite(t))
	cases := []struct {
		name, code string
		rule       vn.TaxCodeRule
	}{
		{"required", "  ", vn.TaxRuleRequired},
		{"characters", "01002334A8", vn.TaxRuleCharacters},
		{"length", "010023348", vn.TaxRuleLength},
		{"sequence", "0100000000", vn.TaxRuleSequence},
		{"check digit", "0100233480", vn.TaxRuleCheckDigit},
		{"branch", "0100233488-000", vn.TaxRuleBranch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.s.Create(e.officer, enterprise.NewEnterprise{Profile: profile(c.code, "Công ty TNHH Thử")})
			key := fields(err)["tax_code"]
			if key != enterprise.TaxCodeKey(c.rule) {
				t.Fatalf("got %q, want %q", key, enterprise.TaxCodeKey(c.rule))
			}
			m := msgs[key]
			if m["vi"] == "" || m["en"] == "" {
				t.Fatalf("no message for %s: %v", key, m)
			}
		})
	}
	// The worked example of DOMAIN.md, and a dependent unit.
	for _, ok := range []string{"0100233488", "0100233488-001", "0100 233 488 001"} {
		if _, err := enterprise.CanonicalTaxCode(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	// A duplicate tax code is a Conflict on field tax_code.
	e.create(profile("0100233488", "Công ty TNHH Một"), time.Time{})
	_, err := e.s.Create(e.officer, enterprise.NewEnterprise{Profile: profile("0100.233.488", "Công ty TNHH Hai")})
	if apperr.CodeOf(err) != apperr.Conflict || apperr.As(err).Field() != "tax_code" {
		t.Fatalf("duplicate: %v", err)
	}
}

// loadMessages reads the application's message files (internal/i18n),
// key → language → text.
func loadMessages(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, lang := range []string{"vi", "en"} {
		b, err := os.ReadFile(filepath.Join("..", "i18n", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for k, v := range m {
			if out[k] == nil {
				out[k] = map[string]string{}
			}
			out[k][lang] = v
		}
	}
	return out
}

// Every message key the package uses has a Vietnamese and an English
// text in the application's files; Vietnamese text is NFC.
func TestMessageKeys(t *testing.T) {
	msgs := loadMessages(t)
	keyRE := regexp.MustCompile(`"((?:field|taxcode|enterprise|certification|document|claim|catalogue|demo|error)\.[a-z_.]+)"`)
	files, _ := filepath.Glob("*.go")
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, r := range []vn.TaxCodeRule{vn.TaxRuleRequired, vn.TaxRuleCharacters, vn.TaxRuleLength, vn.TaxRuleSequence, vn.TaxRuleCheckDigit, vn.TaxRuleBranch} {
		used[enterprise.TaxCodeKey(r)] = true
	}
	if len(used) < 30 {
		t.Fatalf("found only %d keys: the scan is broken", len(used))
	}
	for k := range used {
		if m := msgs[k]; m["vi"] == "" || m["en"] == "" {
			t.Errorf("key %s lacks a message in vi.json or en.json", k)
		}
	}
	for k, m := range msgs {
		if vn.NFC(m["vi"]) != m["vi"] {
			t.Errorf("%s: Vietnamese text not NFC", k)
		}
	}
}

func TestHistoryIsWritten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 6))
		id := v.Public.ID
		p, _ := e.s.ProfileForEdit(e.officer, id)
		p.Employees = i64(120)
		if _, err := e.s.Update(e.officer, id, p); err != nil {
			t.Fatal(err)
		}
		if err := e.s.SetStatus(e.officer, id, enterprise.StatusSuspended, date(2025, 2, 1), "Tạm ngừng"); err != nil {
			t.Fatal(err)
		}
		st := standardID(t, e, "iso9001")
		if _, err := e.s.AddCertification(e.officer, id, enterprise.CertificationInput{StandardID: st, Number: "VN12345", Body: "SGS Việt Nam", IssuedOn: date(2024, 1, 1), ExpiresOn: date(2027, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		h, err := e.s.History(e.officer, id)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, en := range h {
			actions = append(actions, en.Entity+"."+en.Action)
		}
		want := []string{"certification.create", "enterprise.status", "enterprise.update", "enterprise.create"}
		if !slices.Equal(actions, want) {
			t.Fatalf("history %v, want %v (newest first)", actions, want)
		}
		upd := h[2]
		if upd.Before["employees"] != float64(85) || upd.After["employees"] != float64(120) || upd.After["size_class"] != "medium" {
			t.Fatalf("update entry: before %v after %v", upd.Before, upd.After)
		}
		if len(upd.After) != 2 {
			t.Fatalf("update entry keeps unchanged fields: %v", upd.After)
		}
		// The chain verifies.
		rep, err := audit.Verify(e.system, d)
		if err != nil || !rep.OK() {
			t.Fatalf("audit chain: %v %v", err, rep.Problems)
		}
		// Only officers and the enterprise itself read the timeline.
		_, err = e.s.History(e.entB, id)
		wantCode(t, err, apperr.Forbidden, "another enterprise's history")
		_, err = e.s.History(e.public, id)
		wantCode(t, err, apperr.Unauthenticated, "public history")
	})
}

func standardID(t *testing.T, e *env, code string) int64 {
	t.Helper()
	sts, err := e.s.Standards(e.public, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sts {
		if s.Code == code {
			return s.ID
		}
	}
	t.Fatalf("no standard %s", code)
	return 0
}

// Status periods: changes close the current period; a change on the day a
// period began replaces it, and undoing it on that day reopens the one
// before; no change is dated before the current period or in the future.
func TestStatusPeriods(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 6)).Public.ID
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(e.s.SetStatus(e.officer, id, enterprise.StatusSuspended, date(2023, 5, 1), ""))
		must(e.s.SetStatus(e.officer, id, enterprise.StatusActive, date(2023, 11, 1), "Hoạt động trở lại"))
		err := e.s.SetStatus(e.officer, id, enterprise.StatusClosed, date(2023, 10, 1), "")
		if fields(err)["on"] != "enterprise.status_date_order" {
			t.Fatalf("backdated before current period: %v", err)
		}
		err = e.s.SetStatus(e.officer, id, enterprise.StatusActive, date(2024, 1, 1), "")
		if fields(err)["status"] != "enterprise.status_unchanged" {
			t.Fatalf("unchanged status: %v", err)
		}
		err = e.s.SetStatus(e.officer, id, enterprise.StatusClosed, now.AddDate(0, 0, 3), "")
		if fields(err)["on"] != "enterprise.date_future" {
			t.Fatalf("future: %v", err)
		}
		must(e.s.SetStatus(e.officer, id, enterprise.StatusClosed, date(2025, 8, 1), ""))
		// Undo on the same day: the active period simply continues.
		must(e.s.SetStatus(e.officer, id, enterprise.StatusActive, date(2025, 8, 1), ""))
		v, _ := e.s.FindEnterprise(e.officer, id)
		var got []string
		for _, p := range v.Private.StatusHistory {
			got = append(got, string(p.Status)+" "+db.DateString(p.From)+" "+db.DateString(p.To))
		}
		want := []string{"active 2020-01-06 2023-05-01", "suspended 2023-05-01 2023-11-01", "active 2023-11-01 "}
		if !slices.Equal(got, want) {
			t.Fatalf("periods %q, want %q", got, want)
		}
		// joined_on moves the first period's start, not past its end.
		err = e.s.SetJoinedOn(e.officer, id, date(2023, 6, 1))
		if fields(err)["joined_on"] != "enterprise.joined_after_change" {
			t.Fatalf("joined after first change: %v", err)
		}
		must(e.s.SetJoinedOn(e.officer, id, date(2019, 9, 9)))
		v, _ = e.s.FindEnterprise(e.officer, id)
		if !v.Public.JoinedOn.Equal(date(2019, 9, 9)) || !v.Private.StatusHistory[0].From.Equal(date(2019, 9, 9)) {
			t.Fatalf("joined %v first period %v", v.Public.JoinedOn, v.Private.StatusHistory[0].From)
		}
		// Enterprises cannot change their status.
		err = e.s.SetStatus(e.entA, id, enterprise.StatusClosed, time.Time{}, "")
		wantCode(t, err, apperr.Forbidden, "enterprise sets status")
	})
}
