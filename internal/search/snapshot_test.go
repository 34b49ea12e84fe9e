package search_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/search"
)

// snapEnv is a demo registry of a couple of thousand enterprises and a
// snapshot directory.
type snapEnv struct {
	t       *testing.T
	d       *db.DB
	reg     *enterprise.Service
	dir     string
	officer context.Context
}

func newSnapEnv(t *testing.T, d *db.DB) *snapEnv {
	t.Helper()
	u, err := units()
	if err != nil {
		t.Fatal(err)
	}
	reg := enterprise.NewService(d, u, enterprise.Options{})
	clock := now
	reg.SetClock(func() time.Time { clock = clock.Add(time.Millisecond); return clock })
	if err := enterprise.LoadDemo(actor.SystemContext(context.Background()), reg, 1, 2000); err != nil {
		t.Fatal(err)
	}
	officer := actor.NewContext(context.Background(), actor.Actor{UserID: 2, OrgID: 1, Role: actor.Officer, Email: "canbo@sct.hanoi.gov.vn"})
	return &snapEnv{t: t, d: d, reg: reg, dir: t.TempDir(), officer: officer}
}

// start loads a new search service as a restart does, with the snapshot
// directory or without ("").
func (e *snapEnv) start(dir string) *search.Service {
	e.t.Helper()
	s := search.NewService(e.reg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.SetSnapshot(dir)
	if err := s.Load(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	if !s.Ready() {
		e.t.Fatal("not ready after the load")
	}
	return s
}

// snapshotFile is the one snapshot in the directory.
func (e *snapEnv) snapshotFile() string {
	e.t.Helper()
	m, _ := filepath.Glob(filepath.Join(e.dir, "search-*.snapshot"))
	if len(m) != 1 {
		e.t.Fatalf("snapshot files: %v", m)
	}
	return m[0]
}

// snapshotQueries are searches of every kind: words, phrases, synonyms,
// a typo, type-ahead, standards named, filters, pages, facets alone.
var snapshotQueries = []search.Query{
	{Text: "co khi chinh xac"}, {Text: "khuon mau"}, {Text: "dap"}, {Text: "stamping"}, {Text: "ha noi"},
	{Text: "plastic injection"}, {Text: "stampinng"}, {Text: "cơ khí"}, {Text: "dong anh"},
	{Text: "khuon ma", Prefix: true}, {Text: "iso 9001"}, {Text: "iatf"},
	{Text: "khuon mau", Filters: map[string][]string{search.FacetSector: {"components"}}},
	{Text: "", Filters: map[string][]string{search.FacetSize: {"small"}}},
	{Text: "", Filters: map[string][]string{search.FacetVerified: {"yes"}}},
	{Text: "co khi", Offset: 20},
	{Text: ""},
}

// same fails unless a and b answer every query alike: totals, the first
// page (ids, scores, what each hit shows) and the facet counts.
func same(t *testing.T, a, b *search.Service) {
	t.Helper()
	ctx := context.Background()
	for _, q := range snapshotQueries {
		q.Limit, q.Facets = 20, true
		pa, pb := a.Search(ctx, q), b.Search(ctx, q)
		if pa.Total != pb.Total {
			t.Errorf("%+v: %d hits, %d", q, pa.Total, pb.Total)
			continue
		}
		if len(pa.Hits) != len(pb.Hits) {
			t.Errorf("%+v: %d hits on the page, %d", q, len(pa.Hits), len(pb.Hits))
			continue
		}
		for i := range pa.Hits {
			ha, hb := pa.Hits[i], pb.Hits[i]
			if ha.ID != hb.ID || ha.Score != hb.Score || ha.Phrase != hb.Phrase || !reflect.DeepEqual(ha.Matches, hb.Matches) || !sameCard(ha.Card, hb.Card) {
				t.Errorf("%+v: hit %d differs: %+v / %+v", q, i, *ha.Card, *hb.Card)
				break
			}
		}
		if !reflect.DeepEqual(pa.Facets, pb.Facets) {
			t.Errorf("%+v: facets differ:\n%v\n%v", q, pa.Facets, pb.Facets)
		}
	}
	if !slices.Equal(a.IDs(), b.IDs()) {
		t.Errorf("%d listed, %d", len(a.IDs()), len(b.IDs()))
	}
	for _, f := range []string{search.FacetProduct, search.FacetProcess, search.FacetWard, search.FacetCert} {
		for _, fc := range a.Search(ctx, search.Query{Facets: true, Limit: 1}).Facets[f] {
			for _, lang := range []string{"vi", "en"} {
				if la, lb := a.Label(f, fc.Value, lang), b.Label(f, fc.Value, lang); la != lb {
					t.Errorf("%s=%s is %q, %q", f, fc.Value, la, lb)
				}
			}
		}
	}
	if sa, sb := a.StandardsIn("iso 9001 iatf"), b.StandardsIn("iso 9001 iatf"); !slices.Equal(sa, sb) {
		t.Errorf("standards %v, %v", sa, sb)
	}
}

// sameCard compares what two cards show (a nil list and an empty one
// alike) and the certificates valid today.
func sameCard(a, b *search.Card) bool {
	norm := func(c search.Card) search.Card {
		for _, p := range []*[]string{&c.Customers, &c.Markets} {
			if len(*p) == 0 {
				*p = nil
			}
		}
		if len(c.Products) == 0 {
			c.Products = nil
		}
		if len(c.Processes) == 0 {
			c.Processes = nil
		}
		return c
	}
	return reflect.DeepEqual(norm(*a), norm(*b)) && slices.Equal(a.CertsValidOn(now), b.CertsValidOn(now))
}

// A restart from the snapshot answers every query as the full load it
// was written after.
func TestSnapshotRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newSnapEnv(t, d)
		full := e.start(e.dir)
		if full.FromSnapshot() {
			t.Fatal("a snapshot was read before any was written")
		}
		if err := full.SaveSnapshot(context.Background()); err != nil {
			t.Fatal(err)
		}
		again := e.start(e.dir)
		if !again.FromSnapshot() {
			t.Fatal("the snapshot was not read")
		}
		same(t, full, again)
		// Written again from the snapshot's index, and read again: the same.
		if err := again.SaveSnapshot(context.Background()); err != nil {
			t.Fatal(err)
		}
		third := e.start(e.dir)
		if !third.FromSnapshot() {
			t.Fatal("the second snapshot was not read")
		}
		same(t, full, third)
	})
}

// What was written to the registry while cnht was stopped is found after
// a restart from the snapshot: an edit, a new enterprise, a merge, a
// suspension; and the index then follows writes as usual.
func TestSnapshotCatchesUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newSnapEnv(t, d)
		before := e.start(e.dir)
		if err := before.SaveSnapshot(context.Background()); err != nil {
			t.Fatal(err)
		}
		ids := before.IDs()

		flagship, err := e.reg.FindEnterpriseByTaxCode(e.officer, enterprise.DemoFlagshipTaxCode())
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.reg.ProfileForEdit(e.officer, flagship.Public.ID)
		if err != nil {
			t.Fatal(err)
		}
		p.Name = "Công ty TNHH Đột Dập Kim Khí Vạn Xuân"
		if _, err := e.reg.Update(e.officer, flagship.Public.ID, p); err != nil {
			t.Fatal(err)
		}
		added, err := e.reg.Create(e.officer, enterprise.NewEnterprise{Profile: enterprise.Profile{TaxCode: "0109876557", Name: "Công ty TNHH Khuôn Mẫu Phù Đổng",
			KeySectors: []enterprise.KeySector{enterprise.SectorComponents}}})
		if err != nil {
			t.Fatal(err)
		}
		var merged int64
		for i := 10; i+1 < len(ids) && merged == 0; i += 2 {
			if ids[i] == flagship.Public.ID || ids[i+1] == flagship.Public.ID {
				continue
			}
			if _, err := e.reg.MergeEnterprises(e.officer, ids[i], ids[i+1]); err == nil {
				merged = ids[i+1]
			} else if apperr.CodeOf(err) != apperr.Conflict && apperr.CodeOf(err) != apperr.Invalid {
				t.Fatal(err)
			}
		}
		if merged == 0 {
			t.Fatal("no two demo enterprises could be merged")
		}
		suspended := ids[len(ids)-1]
		if err := e.reg.SetStatus(e.officer, suspended, enterprise.StatusSuspended, time.Time{}, "tạm ngừng"); err != nil {
			t.Fatal(err)
		}

		after := e.start(e.dir)
		if !after.FromSnapshot() {
			t.Fatal("the snapshot was not read")
		}
		if c, ok := after.Card(flagship.Public.ID); !ok || c.Name != p.Name {
			t.Error("the edit made while stopped is not seen")
		}
		if got := after.Search(context.Background(), search.Query{Text: "van xuan", Limit: 20}); !slices.Contains(hitIDs(got), flagship.Public.ID) {
			t.Error("the new name is not found")
		}
		if got := after.Search(context.Background(), search.Query{Text: "phu dong", Limit: 20}); !slices.Contains(hitIDs(got), added.Public.ID) {
			t.Error("the enterprise added while stopped is not found")
		}
		if _, ok := after.Card(merged); ok {
			t.Error("the enterprise merged while stopped is still listed")
		}
		if _, ok := after.Card(suspended); ok {
			t.Error("the enterprise suspended while stopped is still listed")
		}
		same(t, e.start(""), after)

		// And it follows writes from there.
		if p, err = e.reg.ProfileForEdit(e.officer, flagship.Public.ID); err != nil {
			t.Fatal(err)
		}
		p.Name = "Công ty TNHH Cơ Khí Thăng Long Mới"
		if _, err := e.reg.Update(e.officer, flagship.Public.ID, p); err != nil {
			t.Fatal(err)
		}
		if err := after.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		if c, _ := after.Card(flagship.Public.ID); c.Name != p.Name {
			t.Error("a write after the restart is not seen")
		}
	})
}

func hitIDs(p search.Page) []int64 {
	var out []int64
	for _, h := range p.Hits {
		out = append(out, h.ID)
	}
	return out
}

// A snapshot that is damaged, of another format, behind a write the
// polling cannot see, or older than a catalogue rename is not used: the
// registry is loaded instead, and the results are those of a full load.
func TestSnapshotNotUsed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newSnapEnv(t, d)
		first := e.start(e.dir)
		if err := first.SaveSnapshot(context.Background()); err != nil {
			t.Fatal(err)
		}
		path := e.snapshotFile()
		good, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		damage := []struct {
			name string
			edit func(b []byte) []byte
		}{
			{"truncated", func(b []byte) []byte { return b[:len(b)*2/3] }},
			{"a byte flipped in the data", func(b []byte) []byte { b[len(b)/3] ^= 0x40; return b }},
			{"a byte flipped in the strings", func(b []byte) []byte { b[len(b)-10] ^= 0x01; return b }},
			{"another format", func(b []byte) []byte { b[8]++; return b }},
			{"empty", func([]byte) []byte { return nil }},
		}
		for _, c := range damage {
			if err := os.WriteFile(path, c.edit(slices.Clone(good)), 0o600); err != nil {
				t.Fatal(err)
			}
			s := e.start(e.dir)
			if s.FromSnapshot() {
				t.Errorf("%s: the snapshot was used", c.name)
			}
			if s.Index().Len() != first.Index().Len() {
				t.Errorf("%s: %d profiles after the full load, want %d", c.name, s.Index().Len(), first.Index().Len())
			}
		}

		// A write whose updated_at went back (a restored backup, a clock
		// set back): the polling does not see it, the tally does.
		if err := os.WriteFile(path, good, 0o600); err != nil {
			t.Fatal(err)
		}
		ids := first.IDs()
		if _, err := d.ExecContext(context.Background(), `UPDATE enterprises SET name = 'Công ty TNHH Ngược Thời Gian', updated_at = 1 WHERE id = $1`, ids[5]); err != nil {
			t.Fatal(err)
		}
		s := e.start(e.dir)
		if s.FromSnapshot() {
			t.Error("a snapshot behind a write it cannot catch up with was used")
		}
		if c, _ := s.Card(ids[5]); c.Name != "Công ty TNHH Ngược Thời Gian" {
			t.Errorf("the write is not seen: %q", c.Name)
		}

		// A product renamed (the cards show its name; no enterprise
		// changes).
		if err := s.SaveSnapshot(context.Background()); err != nil {
			t.Fatal(err)
		}
		if !e.start(e.dir).FromSnapshot() {
			t.Fatal("the snapshot was not read")
		}
		prods, err := e.reg.Products(e.officer, false)
		if err != nil {
			t.Fatal(err)
		}
		pr := prods[0]
		in := enterprise.ProductInput{Code: pr.Code, Sector: pr.Sector, GroupVI: pr.GroupVI, GroupEN: pr.GroupEN, NameVI: pr.NameVI + " mới", NameEN: pr.NameEN + " new", HSCode: pr.HSCode, Active: pr.Active}
		admin := actor.NewContext(context.Background(), actor.Actor{UserID: 1, OrgID: 1, Role: actor.Admin, Email: "admin@sct.hanoi.gov.vn"})
		if _, err := e.reg.UpdateProduct(admin, pr.ID, in); err != nil {
			t.Fatal(err)
		}
		s = e.start(e.dir)
		if s.FromSnapshot() {
			t.Error("a snapshot older than a catalogue rename was used")
		}
		if l := s.Label(search.FacetProduct, pr.Code, "vi"); !strings.HasSuffix(l, " mới") && l != pr.Code {
			t.Errorf("the product is named %q", l)
		}
	})
}
