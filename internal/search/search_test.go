package search_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/search"
	"cnht/internal/vn"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var units = sync.OnceValues(vn.LoadUnits)

// now is the demo's "today".
var now = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

type env struct {
	t       *testing.T
	clock   *time.Time
	reg     *enterprise.Service
	s       *search.Service
	officer context.Context
	sys     context.Context
}

// newEnv loads the demo registry (950 enterprises) and indexes it.
func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	u, err := units()
	if err != nil {
		t.Fatal(err)
	}
	reg := enterprise.NewService(d, u, enterprise.Options{})
	clock := now
	reg.SetClock(func() time.Time { return clock })
	sys := actor.SystemContext(context.Background())
	if err := enterprise.LoadDemo(sys, reg, 1, 950); err != nil {
		t.Fatal(err)
	}
	s := search.NewService(reg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	officer := actor.NewContext(context.Background(), actor.Actor{UserID: 2, OrgID: 1, Role: actor.Officer, Email: "canbo@sct.hanoi.gov.vn"})
	return &env{t: t, clock: &clock, reg: reg, s: s, officer: officer, sys: sys}
}

func (e *env) search(text string, filters map[string][]string) search.Page {
	e.t.Helper()
	return e.s.Search(context.Background(), search.Query{Text: text, Filters: filters, Limit: 20, Facets: true})
}

// found reports whether a hit's fields show one of the texts (compared
// folded), where the search says it matched.
func found(h search.CardHit, texts ...string) bool {
	for _, m := range h.Matches {
		for _, p := range m.Parts {
			if p.Hit {
				for _, t := range texts {
					if strings.Contains(vn.Fold(p.Text), vn.Fold(t)) {
						return true
					}
				}
			}
		}
	}
	return false
}

func ids(p search.Page) []int64 {
	var out []int64
	for _, h := range p.Hits {
		out = append(out, h.ID)
	}
	return out
}

// Buyers type without diacritics, in Vietnamese or in English: each query
// finds the demo enterprises that make what it names, each hit saying
// where it matched; diacritics, synonyms and a typo in a long word find
// the same.
func TestQueriesFindTheDemoEnterprises(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	flagship, err := e.reg.FindEnterpriseByTaxCode(e.officer, enterprise.DemoFlagshipTaxCode())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q     string
		shows []string // every hit on the first page shows one of these
		first int64    // the first hit, when one is expected
	}{
		{"ha noi", []string{"Hà Nội"}, 0},
		{"dong anh", []string{"Đông Anh"}, flagship.Public.ID},
		{"co khi chinh xac", []string{"cơ khí chính xác", "precision"}, 0},
		{"khuon mau", []string{"khuôn", "mould", "mold", "die"}, 0},
		{"ep nhua", []string{"ép nhựa", "plastic injection", "injection"}, 0},
		{"dap", []string{"dập", "stamping", "pressing"}, 0},
		{"stamping", []string{"dập", "stamping", "pressing"}, 0},
		{"plastic injection", []string{"ép nhựa", "plastic injection", "injection"}, 0},
	}
	for _, c := range cases {
		p := e.search(c.q, nil)
		if p.Total == 0 || len(p.Hits) == 0 {
			t.Errorf("%q finds nothing", c.q)
			continue
		}
		// Hits where the words stand together as typed come first, and show
		// them; the rest have the words apart.
		single := len(strings.Fields(c.q)) == 1
		together := true
		for _, h := range p.Hits {
			if !h.Phrase && !single {
				together = false
				continue
			}
			if !together {
				t.Errorf("%q: %q matches as a phrase, after hits that do not", c.q, h.Name)
			}
			if !found(h, c.shows...) {
				t.Errorf("%q: hit %q shows none of %q (matches %+v)", c.q, h.Name, c.shows, h.Matches)
			}
		}
		if !single && !p.Hits[0].Phrase {
			t.Errorf("%q: the first hit %q is not a phrase match", c.q, p.Hits[0].Name)
		}
		if c.first != 0 && p.Hits[0].ID != c.first {
			t.Errorf("%q: first hit %q, want the enterprise named so", c.q, p.Hits[0].Name)
		}
	}
	if p := e.search("co khi chinh xac", nil); !slices.Contains(ids(p), flagship.Public.ID) && p.Total < 20 {
		t.Errorf("the precision engineering flagship is not found")
	}
	// With diacritics: the same enterprises.
	plain, marked := e.search("co khi chinh xac", nil), e.search("cơ khí chính xác", nil)
	if plain.Total != marked.Total {
		t.Errorf("with diacritics %d, without %d", marked.Total, plain.Total)
	}
	// Vietnamese and English name the same shops.
	vi, en := e.search("dap", nil), e.search("stamping", nil)
	if !slices.Equal(ids(vi), ids(en)) {
		t.Errorf("'dap' and 'stamping' differ: %v / %v", ids(vi), ids(en))
	}
	// One letter wrong in a long word.
	for typo, right := range map[string]string{"stampinng": "stamping", "plastic injecton": "plastic injection", "khuoon mau": "khuon mau"} {
		a, b := e.search(typo, nil), e.search(right, nil)
		if a.Total == 0 || !slices.Equal(ids(a), ids(b)) {
			t.Errorf("%q finds %d, %q %d", typo, a.Total, right, b.Total)
		}
	}
	// A short word is not corrected: 'dap' is not 'dao'.
	if a, b := e.search("dao", nil), e.search("dap", nil); slices.Equal(ids(a), ids(b)) && a.Total > 0 {
		t.Error("a three-letter word was taken for another")
	}
	// Type-ahead: the last word is a beginning.
	if p := e.s.Search(context.Background(), search.Query{Text: "khuon ma", Prefix: true, Limit: 5}); p.Total == 0 || !found(p.Hits[0], "khuôn mẫu", "mould", "mold") {
		t.Errorf("type-ahead 'khuon ma' finds %d", p.Total)
	}
}

// Adjacent syllables match as a phrase first: 'co khi' finds "cơ khí"
// before an enterprise with "có" and "khí" apart, which it still finds.
func TestPhraseFirst(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	apart, err := e.reg.Create(e.officer, enterprise.NewEnterprise{Profile: enterprise.Profile{TaxCode: "0109876557", Name: "Công ty TNHH Khí Công nghiệp Có Tâm",
		KeySectors: []enterprise.KeySector{enterprise.SectorComponents}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := e.s.Search(context.Background(), search.Query{Text: "co khi", Limit: 2000})
	at := slices.Index(ids(p), apart.Public.ID)
	if at < 0 {
		t.Fatal("the syllables apart are not found at all")
	}
	if p.Hits[at].Phrase || !p.Hits[0].Phrase {
		t.Errorf("the apart enterprise is a phrase match, or the first hit is not")
	}
	together := true
	for _, h := range p.Hits {
		if !h.Phrase {
			together = false
		} else if !together {
			t.Fatalf("%q matches as a phrase but ranks after hits with the syllables apart", h.Name)
		}
	}
}

// A facet value's count is what choosing it gives; facets combine; a
// certificate counts on the days it is valid, not after it expires; a
// standard named in the words filters like the facet.
func TestFacets(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	p := e.search("khuon mau", nil)
	for _, f := range []string{search.FacetSector, search.FacetWard, search.FacetCert} {
		if len(p.Facets[f]) == 0 {
			t.Fatalf("no %s counts", f)
		}
		v := p.Facets[f][0]
		narrowed := e.search("khuon mau", map[string][]string{f: {v.Value}})
		if narrowed.Total != v.Count || f == search.FacetWard && narrowed.Total >= p.Total {
			t.Errorf("%s=%s counted %d, choosing it gives %d (of %d)", f, v.Value, v.Count, narrowed.Total, p.Total)
		}
		// Combined with a second facet.
		w := narrowed.Facets[search.FacetSize]
		if len(w) > 0 {
			both := e.search("khuon mau", map[string][]string{f: {v.Value}, search.FacetSize: {w[0].Value}})
			if both.Total != w[0].Count {
				t.Errorf("%s=%s and size=%s: counted %d, gives %d", f, v.Value, w[0].Value, w[0].Count, both.Total)
			}
		}
	}

	// An enterprise with an IATF certificate expiring tomorrow.
	v, err := e.reg.Create(e.officer, enterprise.NewEnterprise{Profile: enterprise.Profile{TaxCode: "0109876557", Name: "Công ty TNHH Dập Khuôn Hết Hạn",
		KeySectors: []enterprise.KeySector{enterprise.SectorComponents}}})
	if err != nil {
		t.Fatal(err)
	}
	stds, _ := e.reg.Standards(e.officer, false)
	var iatf int64
	for _, s := range stds {
		if s.Code == "iatf16949" {
			iatf = s.ID
		}
	}
	if _, err := e.reg.AddCertification(e.officer, v.Public.ID, enterprise.CertificationInput{StandardID: iatf, Number: "IATF-0001", Body: "TÜV",
		IssuedOn: now.AddDate(-3, 0, 1), ExpiresOn: now.AddDate(0, 0, 1).Truncate(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	iatfHolders := func() []int64 {
		return ids(e.s.Search(context.Background(), search.Query{Text: "het han", Filters: map[string][]string{search.FacetCert: {"iatf16949"}}, Limit: 50}))
	}
	if !slices.Contains(iatfHolders(), v.Public.ID) {
		t.Fatal("a certificate valid today does not count")
	}
	if p := e.search("dap khuon het han iatf", nil); p.Total != 1 || p.Hits[0].ID != v.Public.ID {
		t.Errorf("'iatf' in the words: %d hits", p.Total)
	}
	*e.clock = now.AddDate(0, 0, 1)
	if err := e.s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(iatfHolders(), v.Public.ID) {
		t.Error("an expired certificate still counts as valid")
	}
}

// Every write reaches the index at the next refresh: a new name is found,
// the old one no longer; a suspended enterprise leaves the directory.
func TestIndexFollowsWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		flagship, _ := e.reg.FindEnterpriseByTaxCode(e.officer, enterprise.DemoFlagshipTaxCode())
		p, err := e.reg.ProfileForEdit(e.officer, flagship.Public.ID)
		if err != nil {
			t.Fatal(err)
		}
		p.Name = "Công ty TNHH Đột Dập Kim Khí Vạn Xuân"
		if _, err := e.reg.Update(e.officer, flagship.Public.ID, p); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := ids(e.search("van xuan", nil)); !slices.Contains(got, flagship.Public.ID) {
			t.Errorf("the new name is not found: %v", got)
		}
		if c, ok := e.s.Card(flagship.Public.ID); !ok || c.Name != p.Name {
			t.Errorf("the hit shows the old name")
		}
		if err := e.reg.SetStatus(e.officer, flagship.Public.ID, enterprise.StatusSuspended, time.Time{}, "tạm ngừng"); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := ids(e.search("van xuan", nil)); slices.Contains(got, flagship.Public.ID) {
			t.Error("a suspended enterprise is still in the directory")
		}
	})
}

// A refresh with nothing written changes nothing: no watcher is told,
// whatever the margin it looks back over.
func TestRefreshWithoutWrites(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	told := 0
	e.s.OnChange(func(context.Context, []search.Changed) { told++ })
	for range 3 {
		if err := e.s.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if told != 0 {
		t.Errorf("watchers told %d times with nothing written", told)
	}
	flagship, _ := e.reg.FindEnterpriseByTaxCode(e.officer, enterprise.DemoFlagshipTaxCode())
	*e.clock = e.clock.Add(time.Minute)
	p, _ := e.reg.ProfileForEdit(e.officer, flagship.Public.ID)
	p.Website = "https://cokhidonganh.example.vn"
	if _, err := e.reg.Update(e.officer, flagship.Public.ID, p); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := e.s.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if told != 1 {
		t.Errorf("watchers told %d times of one write", told)
	}
}
