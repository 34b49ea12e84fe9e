package enterprise_test

import (
	"slices"
	"strconv"
	"testing"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// Two profiles of one enterprise are merged: the survivor shows the
// certificates, lists and history of both and fills its empty fields from
// the other, which leaves every listing; an import of the other's tax
// code updates the survivor; and undoing the merge puts everything back.
func TestMergeAndUndo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		pa := profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình")
		pa.Email = ""
		a := e.create(pa, date(2019, 1, 1)).Public.ID
		pb := profile(taxCode(t, 3100000), "Cty TNHH Co khi Hoa Binh")
		pb.Email, pb.ExportMarkets = "info@cokhihoabinh.vn", []string{"JP"}
		b := e.create(pb, date(2021, 1, 1)).Public.ID
		for _, id := range []int64{a, b} {
			if _, err := e.s.AddCertification(e.officer, id, enterprise.CertificationInput{StandardID: standardID(t, e, "iso9001"), Number: "VN-" + itoa64(id), Body: "SGS Việt Nam",
				IssuedOn: date(2024, 1, 10), ExpiresOn: date(2027, 1, 10)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.s.MergeEnterprises(e.entA, a, b); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an enterprise merged two profiles: %v", err)
		}
		if _, err := e.s.MergeEnterprises(e.buyer, a, b); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a buyer merged two profiles: %v", err)
		}
		if _, err := e.s.MergeEnterprises(e.officer, a, a); keyOf(err) != "enterprise.merge_self" {
			t.Fatalf("merged a profile into itself: %v", err)
		}
		m, err := e.s.MergeEnterprises(e.officer, a, b)
		if err != nil {
			t.Fatal(err)
		}

		v, err := e.s.FindEnterprise(e.officer, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Private.Certifications) != 2 {
			t.Errorf("the survivor has %d certificates, want both", len(v.Private.Certifications))
		}
		if v.Public.Email != "info@cokhihoabinh.vn" || !slices.Contains(v.Public.ExportMarkets, "JP") {
			t.Errorf("the survivor's empty fields were not filled: %q %q", v.Public.Email, v.Public.ExportMarkets)
		}
		if v.Public.Name != "Công ty TNHH Cơ khí Hòa Bình" {
			t.Errorf("the survivor's own name changed: %q", v.Public.Name)
		}
		page, err := e.s.FindEnterprises(e.officer, enterprise.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 || page.Items[0].ID != a {
			t.Errorf("listing after the merge: %d profiles", page.Total)
		}
		if c, err := e.s.CountAsOf(e.public, date(2025, 1, 1), enterprise.Filter{}); err != nil || c.Total.Active != 1 {
			t.Errorf("counted after the merge: %+v %v", c.Total, err)
		}
		if _, err := e.s.FindEnterprise(e.public, b); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("the public still sees the merged profile: %v", err)
		}
		mv, err := e.s.FindEnterprise(e.officer, b)
		if err != nil || mv.MergedInto != a || mv.CanEdit {
			t.Errorf("an officer sees the merged profile as %+v (%v)", mv.MergedInto, err)
		}
		if _, err := e.s.Update(e.officer, b, pb); keyOf(err) != "enterprise.merged" {
			t.Errorf("the merged profile was edited: %v", err)
		}
		if _, err := e.s.MergeEnterprises(e.officer, a, b); keyOf(err) != "enterprise.merged" {
			t.Errorf("merged twice: %v", err)
		}
		h, err := e.s.History(e.officer, a)
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, en := range h {
			actions[en.Entity+"/"+en.Action+"/"+itoa64(en.EntityID)]++
		}
		if actions["enterprise/create/"+itoa64(b)] != 1 || actions["enterprise/merge/"+itoa64(a)] != 1 || actions["enterprise/merged_into/"+itoa64(b)] != 1 {
			t.Errorf("the survivor's history lacks the merged profile's: %v", actions)
		}
		// A file still carrying the merged profile's tax code updates the
		// survivor.
		row := importRow(2, pb.TaxCode, "Cty TNHH Co khi Hoa Binh", "website")
		row.Profile.Website = "https://cokhihoabinh.vn"
		plan, err := e.s.PlanImport(e.officer, enterprise.RowsOf([]enterprise.ImportRow{row}))
		if err != nil {
			t.Fatal(err)
		}
		if o := plan.Outcomes[0]; o.ID != a || o.Action == enterprise.ImportCreate {
			t.Errorf("an import of the merged tax code: %+v", o)
		}

		if err := e.s.UndoMerge(e.entA, m.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an enterprise undid a merge: %v", err)
		}
		if err := e.s.UndoMerge(e.officer, m.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.UndoMerge(e.officer, m.ID); keyOf(err) != "enterprise.merge_undone" {
			t.Errorf("undone twice: %v", err)
		}
		v, _ = e.s.FindEnterprise(e.officer, a)
		w, _ := e.s.FindEnterprise(e.officer, b)
		if len(v.Private.Certifications) != 1 || len(w.Private.Certifications) != 1 || w.MergedInto != 0 {
			t.Errorf("after undo: %d and %d certificates, merged into %d", len(v.Private.Certifications), len(w.Private.Certifications), w.MergedInto)
		}
		if v.Public.Email != "" || len(v.Public.ExportMarkets) != len(pa.ExportMarkets) {
			t.Errorf("the survivor's profile was not restored: %q %q", v.Public.Email, v.Public.ExportMarkets)
		}
		if page, _ := e.s.FindEnterprises(e.officer, enterprise.Filter{}); page.Total != 2 {
			t.Errorf("listing after undo: %d profiles", page.Total)
		}
		if c, err := e.s.CountAsOf(e.public, date(2025, 1, 1), enterprise.Filter{}); err != nil || c.Total.Active != 2 {
			t.Errorf("counted after undo: %+v %v", c.Total, err)
		}
		merges, err := e.s.Merges(e.officer, a)
		if err != nil || len(merges) != 1 || merges[0].UndoneAt.IsZero() {
			t.Errorf("merges of the survivor: %+v %v", merges, err)
		}
	})
}

// Profiles that may be one enterprise are queued once; a pair judged
// different is not asked about again.
func TestDuplicateQueue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		pa := profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình")
		a := e.create(pa, date(2019, 1, 1)).Public.ID
		pb := profile(taxCode(t, 3100000), "Cty TNHH Co khi Hoa Binh")
		pb.Phone = ""
		b := e.create(pb, date(2021, 1, 1)).Public.ID
		e.create(profile(taxCode(t, 3200000), "Công ty Cổ phần Nhựa Thăng Long"), date(2021, 1, 1))
		if _, err := e.s.ScanDuplicates(e.entA, nil); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an enterprise scanned for duplicates: %v", err)
		}
		if _, _, err := e.s.Pairs(e.buyer, enterprise.PairPending, 50, 0); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a buyer read the duplicate queue: %v", err)
		}
		n, err := e.s.ScanDuplicates(e.officer, nil)
		if err != nil {
			t.Fatal(err)
		}
		pairs, total, err := e.s.Pairs(e.officer, enterprise.PairPending, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || total != 1 || pairs[0].A.ID != min(a, b) || pairs[0].B.ID != max(a, b) || pairs[0].Score < 850 {
			t.Fatalf("queued %d: %+v", n, pairs)
		}
		if n, _ := e.s.ScanDuplicates(e.officer, nil); n != 0 {
			t.Errorf("a second scan queued %d again", n)
		}
		if err := e.s.DecidePair(e.officer, b, a, "maybe"); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a decision that is neither: %v", err)
		}
		if err := e.s.DecidePair(e.officer, b, a, enterprise.PairDifferent); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := e.s.Pairs(e.officer, enterprise.PairPending, 50, 0); total != 0 {
			t.Errorf("%d pending after the decision", total)
		}
		if n, _ := e.s.ScanDuplicates(e.officer, nil); n != 0 {
			t.Errorf("a pair judged different was queued again")
		}
		if _, total, _ := e.s.Pairs(e.officer, enterprise.PairDifferent, 50, 0); total != 1 {
			t.Errorf("the decision was not kept")
		}
	})
}

func keyOf(err error) string {
	if err == nil {
		return ""
	}
	return apperr.As(err).Key
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
