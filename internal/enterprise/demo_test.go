package enterprise_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// demoDigest hashes what the demo stored, in id order, so that two loads
// can be compared.
func demoDigest(t *testing.T, d *db.DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		`SELECT id, tax_code, name, name_en, short_name, ward_code, street, employees, revenue_vnd, charter_capital_vnd, size_class, joined_on, status, verified FROM enterprises ORDER BY id`,
		`SELECT enterprise_id, from_on, to_on, status FROM enterprise_status ORDER BY enterprise_id, from_on`,
		`SELECT id, enterprise_id, standard_id, number, body, issued_on, expires_on FROM certifications ORDER BY id`,
		`SELECT enterprise_id, seq, name, country, multinational, private FROM enterprise_customers ORDER BY enterprise_id, seq`,
		`SELECT enterprise_id, sector FROM enterprise_sectors ORDER BY enterprise_id, sector`,
		`SELECT enterprise_id, product_id FROM enterprise_products ORDER BY enterprise_id, product_id`,
	} {
		rows, err := d.QueryContext(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				switch x := v.(type) {
				case []byte:
					v = string(x)
				case bool:
					v = map[bool]int{false: 0, true: 1}[x]
				}
				fmt.Fprintf(h, "%v|", v)
			}
			h.Write([]byte{'\n'})
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func demoService(t *testing.T, d *db.DB) *enterprise.Service {
	u, err := units()
	if err != nil {
		t.Fatal(err)
	}
	s := enterprise.NewService(d, u, enterprise.Options{})
	s.SetClock(func() time.Time { return now })
	return s
}

// The demo registry: the plan's numbers today (about 900 enterprises, over
// 320 meeting international standards), fewer on 31/12/2023, the same
// data for the same seed on both databases.
func TestDemo(t *testing.T) {
	digests := map[string]string{}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := demoService(t, d)
		sys := newEnv(t, d).system
		start := time.Now()
		if err := enterprise.LoadDemo(sys, s, 1, 950); err != nil {
			t.Fatal(err)
		}
		t.Logf("950 enterprises loaded in %v", time.Since(start).Round(time.Millisecond))
		digests[string(d.Dialect())] = demoDigest(t, d)

		today, err := s.CountAsOf(sys, time.Time{}, enterprise.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		before, err := s.CountAsOf(sys, date(2023, 12, 31), enterprise.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("today %+v, 31/12/2023 %+v", today.Total, before.Total)
		if today.Total.Active < 870 || today.Total.Active > 930 || today.Total.International < 300 || today.Total.International > 345 {
			t.Errorf("today: %+v, want about 900 and over 300", today.Total)
		}
		if before.Total.Active > today.Total.Active-50 || before.Total.International > today.Total.International-30 {
			t.Errorf("31/12/2023 %+v is not clearly below today %+v", before.Total, today.Total)
		}
		comp := today.BySector[0]
		if comp.Sector != enterprise.SectorComponents || comp.Active*100 < today.Total.Active*55 || comp.Active*100 > today.Total.Active*72 {
			t.Errorf("components %+v of %d: want the largest, about 60%%", comp, today.Total.Active)
		}
		if comp.Active <= today.BySector[1].Active || comp.Active <= today.BySector[2].Active {
			t.Errorf("components not the largest sector: %+v", today.BySector)
		}
		industrial := int64(0)
		for _, w := range today.ByWard[:10] {
			industrial += w.Active
		}
		if today.ByWard[0].WardName == "" || industrial*100 < today.Total.Active*30 {
			t.Errorf("wards not weighted to industrial communes: %+v", today.ByWard[:10])
		}

		// A sample of the data is of real style.
		u, _ := units()
		p, err := s.FindEnterprises(sys, enterprise.Filter{Limit: 500, Offset: 300})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			if c, err := vn.ParseTaxCode(it.TaxCode); err != nil || c != it.TaxCode || !strings.HasPrefix(c, "01") {
				t.Fatalf("tax code %q: %v", it.TaxCode, err)
			}
			if vn.NFC(it.Name) != it.Name || !(strings.HasPrefix(it.Name, "Công ty ") || strings.HasPrefix(it.Name, "Doanh nghiệp tư nhân ") || strings.HasPrefix(it.Name, "Hợp tác xã ")) {
				t.Fatalf("name %q", it.Name)
			}
			if w, ok := u.Ward(it.WardCode, vn.ReformDate()); !ok || w.ProvinceCode != "01" {
				t.Fatalf("ward %q", it.WardCode)
			}
		}
		var expired, mnc, statusChanges int
		d.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM certifications WHERE expires_on <= $1`, "2026-03-10").Scan(&expired)
		d.QueryRowContext(t.Context(), `SELECT COUNT(DISTINCT enterprise_id) FROM enterprise_customers WHERE multinational`).Scan(&mnc)
		d.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM enterprise_status WHERE status <> 'active'`).Scan(&statusChanges)
		if expired < 100 || mnc < 250 || statusChanges < 50 {
			t.Errorf("expired certificates %d, enterprises with multinational customers %d, suspensions and closures %d", expired, mnc, statusChanges)
		}
		flag, err := s.FindEnterpriseByTaxCode(sys, enterprise.DemoFlagshipTaxCode())
		if err != nil || flag.Public.Name != enterprise.DemoFlagshipName || !flag.Public.MeetsInternationalStandards || flag.Public.SupplierTier != enterprise.Tier1 {
			t.Fatalf("flagship: %v %+v", err, flag.Public)
		}
		// Profiles have a timeline: an enterprise with a status change.
		var id int64
		d.QueryRowContext(t.Context(), `SELECT MIN(enterprise_id) FROM enterprise_status WHERE status = 'closed'`).Scan(&id)
		h, err := s.History(sys, id)
		if err != nil || len(h) < 2 || h[len(h)-1].Action != "create" {
			t.Fatalf("history of %d: %v %+v", id, err, h)
		}
		err = enterprise.LoadDemo(sys, s, 1, 10)
		if apperr.As(err).Key != "demo.not_empty" {
			t.Fatalf("second load: %v", err)
		}
	})
	if len(digests) == 2 && digests["sqlite"] != digests["postgres"] {
		t.Fatal("the two databases hold different demo data")
	}
	// Same seed, same data; another seed, other data.
	again := dbtest.SQLite(t)
	if err := enterprise.LoadDemo(newEnv(t, again).system, demoService(t, again), 1, 950); err != nil {
		t.Fatal(err)
	}
	if demoDigest(t, again) != digests["sqlite"] {
		t.Fatal("seed 1 loaded twice gave different data")
	}
	other := dbtest.SQLite(t)
	if err := enterprise.LoadDemo(newEnv(t, other).system, demoService(t, other), 2, 950); err != nil {
		t.Fatal(err)
	}
	if demoDigest(t, other) == digests["sqlite"] {
		t.Fatal("seeds 1 and 2 gave the same data")
	}
}
