package enterprise_test

import (
	"context"
	"slices"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

func TestFindEnterprises(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// Given in scrambled order; Vietnamese order is a ă â b … d đ,
		// syllable by syllable.
		names := []string{"Công ty TNHH Đông Á", "Công ty TNHH Ánh Dương", "Công ty TNHH Bình Minh", "Công ty TNHH An Bình", "Công ty TNHH Dũng Tiến", "Công ty TNHH Âu Lạc"}
		ids := map[string]int64{}
		for i, n := range names {
			p := profile(taxCode(t, 1000000+i*1000), n)
			p.NameEN, p.ShortName = "", ""
			if i%2 == 1 { // Ánh Dương, An Bình, Âu Lạc
				p.WardCode = "08974"
				p.KeySectors = []enterprise.KeySector{enterprise.SectorHighTech}
				p.Employees = i64(500)
				p.Ownership = enterprise.OwnershipForeign
			}
			ids[n] = e.create(p, date(2020, 1, 1)).Public.ID
		}
		if err := e.s.SetStatus(e.officer, ids["Công ty TNHH Bình Minh"], enterprise.StatusClosed, date(2025, 1, 1), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.AddCertification(e.officer, ids["Công ty TNHH Âu Lạc"], enterprise.CertificationInput{StandardID: standardID(t, e, "iso9001"), Number: "1", Body: "SGS",
			IssuedOn: date(2025, 1, 1), ExpiresOn: date(2028, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		list := func(f enterprise.Filter) ([]string, int) {
			t.Helper()
			p, err := e.s.FindEnterprises(e.officer, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range p.Items {
				out = append(out, it.Name)
			}
			return out, p.Total
		}
		all, total := list(enterprise.Filter{})
		want := []string{"Công ty TNHH An Bình", "Công ty TNHH Ánh Dương", "Công ty TNHH Âu Lạc", "Công ty TNHH Bình Minh", "Công ty TNHH Dũng Tiến", "Công ty TNHH Đông Á"}
		if !slices.Equal(all, want) || total != 6 {
			t.Fatalf("sorted %q, want %q", all, want)
		}
		sorted := slices.Clone(names)
		vn.SortStrings(sorted)
		if !slices.Equal(sorted, want) {
			t.Fatalf("vn.SortStrings disagrees: %q", sorted)
		}
		desc, _ := list(enterprise.Filter{Desc: true})
		if desc[0] != "Công ty TNHH Đông Á" {
			t.Fatalf("descending starts with %q", desc[0])
		}
		page, total := list(enterprise.Filter{Limit: 2, Offset: 2})
		if !slices.Equal(page, want[2:4]) || total != 6 {
			t.Fatalf("page %q total %d", page, total)
		}
		for _, c := range []struct {
			name string
			f    enterprise.Filter
			want []string
		}{
			{"sector", enterprise.Filter{KeySector: enterprise.SectorHighTech}, []string{"Công ty TNHH An Bình", "Công ty TNHH Ánh Dương", "Công ty TNHH Âu Lạc"}},
			{"ward and sector", enterprise.Filter{WardCode: "00454", KeySector: enterprise.SectorComponents}, []string{"Công ty TNHH Bình Minh", "Công ty TNHH Dũng Tiến", "Công ty TNHH Đông Á"}},
			{"size", enterprise.Filter{Size: string(vn.SizeLarge)}, []string{"Công ty TNHH An Bình", "Công ty TNHH Ánh Dương", "Công ty TNHH Âu Lạc"}},
			{"ownership", enterprise.Filter{Ownership: enterprise.OwnershipPrivate}, []string{"Công ty TNHH Bình Minh", "Công ty TNHH Dũng Tiến", "Công ty TNHH Đông Á"}},
			{"status", enterprise.Filter{Status: enterprise.StatusClosed}, []string{"Công ty TNHH Bình Minh"}},
			{"international today", enterprise.Filter{International: true}, []string{"Công ty TNHH Âu Lạc"}},
			{"standard today", enterprise.Filter{StandardID: standardID(t, e, "iso9001")}, []string{"Công ty TNHH Âu Lạc"}},
			{"industry", enterprise.Filter{Industry: enterprise.IndustryMotorcycle}, want},
			{"text without diacritics", enterprise.Filter{Text: "dong a"}, []string{"Công ty TNHH Đông Á"}},
			{"words in any order, not side by side", enterprise.Filter{Text: "lac tnhh au"}, []string{"Công ty TNHH Âu Lạc"}},
			{"text in capitals", enterprise.Filter{Text: "ÂU LẠC"}, []string{"Công ty TNHH Âu Lạc"}},
			{"text is no pattern", enterprise.Filter{Text: "%"}, nil},
			{"tax code prefix", enterprise.Filter{Text: taxCode(t, 1005000)[:8]}, []string{"Công ty TNHH Âu Lạc"}},
		} {
			got, total := list(c.f)
			if !slices.Equal(got, c.want) || total != len(c.want) {
				t.Errorf("%s: got %q (%d), want %q", c.name, got, total, c.want)
			}
		}
		p, _ := e.s.FindEnterprises(e.officer, enterprise.Filter{Text: "au lac"})
		it := p.Items[0]
		if !it.MeetsInternationalStandards || !slices.Equal(it.KeySectors, []enterprise.KeySector{enterprise.SectorHighTech}) || it.WardName != "Xã Quang Minh" || it.SizeClass != vn.SizeLarge {
			t.Fatalf("row %+v", it)
		}
		_, err := e.s.FindEnterprises(e.officer, enterprise.Filter{KeySector: "rockets", Sort: "colour"})
		if f := fields(err); f["sector"] != "field.choose" || f["sort"] != "field.choose" {
			t.Fatalf("bad filter: %v", err)
		}
		wantCode(t, err, apperr.Invalid, "bad filter")
	})
}

// Catalogues: read by all, changed by admins, deactivated not deleted.
func TestCatalogues(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ps, err := e.s.Products(e.public, false)
		if err != nil || len(ps) < 40 {
			t.Fatalf("%d seeded products: %v", len(ps), err)
		}
		sectors := map[enterprise.ProductSector]int{}
		for _, p := range ps {
			sectors[p.Sector]++
		}
		if len(sectors) != 6 {
			t.Fatalf("products cover %d sectors, want the Decree's 6", len(sectors))
		}
		sts, _ := e.s.Standards(e.public, false)
		intl := 0
		for _, s := range sts {
			if s.International {
				intl++
			}
		}
		if intl != 12 || len(sts) != 15 {
			t.Fatalf("%d standards, %d international", len(sts), intl)
		}
		prs, _ := e.s.Processes(e.public, false)
		if len(prs) < 20 {
			t.Fatalf("%d processes", len(prs))
		}

		in := enterprise.ProductInput{Code: "auto.airbag", Sector: enterprise.ProductAutomobile, GroupVI: "An toàn", NameVI: "Túi khí", NameEN: "Airbags", HSCode: "8708.95", Active: true}
		_, err = e.s.CreateProduct(e.officer, in)
		wantCode(t, err, apperr.Forbidden, "officer adds a product")
		prod, err := e.s.CreateProduct(e.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.CreateProduct(e.admin, in)
		if apperr.CodeOf(err) != apperr.Conflict || apperr.As(err).Field() != "code" {
			t.Fatalf("duplicate code: %v", err)
		}
		_, err = e.s.CreateProduct(e.admin, enterprise.ProductInput{Code: "Bad Code!", Sector: "toys", HSCode: "87"})
		if f := fields(err); f["code"] != "catalogue.code" || f["sector"] != "field.choose" || f["name_vi"] != "field.required" || f["hs_code"] != "catalogue.hs_code" {
			t.Fatalf("bad product: %v", err)
		}
		p := profile("0100233488", "Công ty TNHH Túi Khí")
		p.ProductIDs = []int64{prod.ID}
		id := e.create(p, date(2020, 1, 1)).Public.ID
		in.Active = false
		if _, err := e.s.UpdateProduct(e.admin, prod.ID, in); err != nil {
			t.Fatal(err)
		}
		ps2, _ := e.s.Products(e.public, false)
		if len(ps2) != len(ps) {
			t.Fatal("deactivated product still offered")
		}
		// It stays on the profile that has it, and cannot be chosen anew.
		p2, _ := e.s.ProfileForEdit(e.officer, id)
		if _, err := e.s.Update(e.officer, id, p2); err != nil {
			t.Fatalf("keeping a deactivated product: %v", err)
		}
		p.TaxCode = taxCode(t, 2000000)
		_, err = e.s.Create(e.officer, enterprise.NewEnterprise{Profile: p})
		if fields(err)["product_ids"] != "field.choose" {
			t.Fatalf("choosing a deactivated product: %v", err)
		}
		if _, err := e.s.CreateProcess(e.admin, enterprise.ProcessInput{Code: "edm", NameVI: "Gia công tia lửa điện", NameEN: "EDM", Active: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.CreateStandard(e.admin, enterprise.StandardInput{Code: "iso27001", Name: "ISO/IEC 27001", International: true, Active: true}); err != nil {
			t.Fatal(err)
		}
	})
}

// Keys stored by an earlier cnht, computed another way, are recomputed
// once at start, so that listings sort by name again; only cnht itself
// may do it.
func TestRefreshNameKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, name := range []string{"Công ty TNHH Bình An", "Công ty TNHH An Phú", "Công ty TNHH Ánh Dương"} {
			e.create(profile(taxCode(t, 8100000+len(name)), name), date(2020, 1, 1))
		}
		ctx := context.Background()
		// As an older cnht left them: keys of another kind, in another order.
		if _, err := d.ExecContext(ctx, `UPDATE enterprises SET name_key = 'z' || tax_code`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `DELETE FROM settings WHERE key = 'enterprise_name_key'`); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.RefreshNameKeys(e.officer); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an officer refreshed the keys: %v", err)
		}
		n, err := e.s.RefreshNameKeys(actor.SystemContext(ctx))
		if err != nil || n != 3 {
			t.Fatalf("refreshed %d: %v", n, err)
		}
		page, err := e.s.FindEnterprises(e.officer, enterprise.Filter{Sort: enterprise.SortName})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range page.Items {
			got = append(got, it.Name)
		}
		want := []string{"Công ty TNHH An Phú", "Công ty TNHH Ánh Dương", "Công ty TNHH Bình An"}
		if !slices.Equal(got, want) {
			t.Errorf("after the refresh: %q, want %q", got, want)
		}
		if n, err := e.s.RefreshNameKeys(actor.SystemContext(ctx)); err != nil || n != 0 {
			t.Errorf("a second refresh rewrote %d: %v", n, err)
		}
	})
}
