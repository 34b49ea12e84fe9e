package search

import (
	"testing"
	"time"
)

// A new version of a document replaces the old in every term and facet;
// a deleted one is found by nothing; a word pair of one document is
// inline until a second document has it.
func TestPutReplacesAndDeletes(t *testing.T) {
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	ix := New(day)
	a := Doc{ID: 7, Names: []string{"Công ty TNHH Khuôn mẫu Alpha"}, Text: []string{"thép SKD11"}, Facets: map[string][]string{"sector": {"components"}},
		Certs: []Cert{{Standard: "iatf16949", International: true, IssuedOn: day.AddDate(-1, 0, 0), ExpiresOn: day.AddDate(1, 0, 0)}}}
	b := Doc{ID: 8, Names: []string{"Công ty TNHH Khuôn mẫu Beta"}, Facets: map[string][]string{"sector": {"components"}}}
	ix.Put(nil, a)
	ix.Put(nil, b)
	total := func(text string, filters map[string][]string) int {
		return ix.Search(Query{Text: text, Filters: filters, Limit: 10}).Total
	}
	if total("khuon mau", nil) != 2 || total("alpha", nil) != 1 || total("", map[string][]string{"cert": {"iatf16949"}}) != 1 {
		t.Fatalf("before: %d %d %d", total("khuon mau", nil), total("alpha", nil), total("", map[string][]string{"cert": {"iatf16949"}}))
	}
	if p := ix.post[ix.terms["mau alpha"]]; p.all != nil || !p.has {
		t.Error("a pair of one document is not inline")
	}
	if p := ix.post[ix.terms["khuon mau"]]; p.all == nil || p.all.GetCardinality() != 2 {
		t.Error("a pair of two documents has no bitmap")
	}
	a2 := Doc{ID: 7, Names: []string{"Công ty Cổ phần Gamma"}, Facets: map[string][]string{"sector": {"textile"}}}
	ix.Put(&a, a2)
	for q, want := range map[string]int{"alpha": 0, "skd11": 0, "gamma": 1, "khuon mau": 1} {
		if got := total(q, nil); got != want {
			t.Errorf("after the change, %q finds %d, want %d", q, got, want)
		}
	}
	if got := total("", map[string][]string{"sector": {"components"}}); got != 1 {
		t.Errorf("the old facet value still counts: %d", got)
	}
	if got := total("", map[string][]string{"cert": {"iatf16949"}}); got != 0 {
		t.Errorf("the old certificate still counts: %d", got)
	}
	ix.Delete(b)
	if got := total("khuon mau", nil); got != 0 || ix.Len() != 1 {
		t.Errorf("after delete: %d found, %d documents", got, ix.Len())
	}
}
