package search

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
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

// Facet values counted document by document and value by value agree,
// for sparse and dense sets, after documents changed and were deleted;
// facets filtered on count their own values as if unfiltered.
func TestFacetCountsByDocAndByValue(t *testing.T) {
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	ix := New(day)
	r := rand.New(rand.NewPCG(1, 2))
	sizes, wards := []string{"micro", "small", "medium", "large"}, []string{"00001", "00002", "00003", "00004", "00005"}
	products := []string{"gear", "mould", "pcb", "fabric", "screw", "spring"}
	doc := func(id int64) Doc {
		d := Doc{ID: id, Names: []string{fmt.Sprintf("Công ty %d", id)}, Text: []string{[]string{"khuôn", "dập", "ép nhựa"}[r.IntN(3)]},
			Facets: map[string][]string{"size": {sizes[r.IntN(4)]}, "ward": {wards[r.IntN(5)]}}, Verified: r.IntN(3) == 0}
		for _, p := range products {
			if r.IntN(3) == 0 {
				d.Facets["product"] = append(d.Facets["product"], p)
			}
		}
		if r.IntN(4) == 0 {
			d.Certs = []Cert{{Standard: "iso9001", IssuedOn: day.AddDate(-1, 0, 0), ExpiresOn: day.AddDate(1, 0, 0)}}
		}
		return d
	}
	docs := map[int64]Doc{}
	for id := int64(1); id <= 3000; id++ {
		docs[id] = doc(id)
		ix.Put(nil, docs[id])
	}
	for id := int64(1); id <= 3000; id += 7 {
		d := doc(id)
		old := docs[id]
		ix.Put(&old, d)
		docs[id] = d
	}
	for id := int64(2); id <= 3000; id += 11 {
		ix.Delete(docs[id])
		delete(docs, id)
	}
	all := make([]uint32, len(ix.facetIDs))
	for s := range all {
		all[s] = uint32(s)
	}
	for _, q := range []Query{{Text: "khuon"}, {Text: "cong ty"}, {Text: "ep nhua", Filters: map[string][]string{"size": {"small"}}},
		{Text: "cong ty", Filters: map[string][]string{"product": {"gear", "pcb"}, "ward": {"00003"}}}} {
		ix.mu.RLock()
		_, _, base, _, match := ix.match(q)
		ix.mu.RUnlock()
		for _, set := range []*roaring.Bitmap{match, base} {
			byDoc, byValue := make([]int, len(all)), make([]int, len(all))
			ix.countByDoc(set, all, byDoc)
			ix.countByValue(set, all, byValue)
			for s, k := range ix.facetKeys {
				if k.facet != FacetCert && byDoc[s] != byValue[s] {
					t.Errorf("%q: %s=%s counted %d by document, %d by value", q.Text, k.facet, k.value, byDoc[s], byValue[s])
				}
			}
		}
		// What the search returns: each value's count is what filtering
		// on it (instead of the facet's own filter) finds.
		q.Facets = true
		res := ix.Search(q)
		for f, cs := range res.Facets {
			if f == FacetCert {
				continue
			}
			for _, c := range cs {
				q2 := Query{Text: q.Text, Filters: map[string][]string{}}
				for g, vs := range q.Filters {
					if g != f {
						q2.Filters[g] = vs
					}
				}
				q2.Filters[f] = []string{c.Value}
				if got := ix.Search(q2).Total; got != c.Count {
					t.Errorf("%q %v: %s=%s counted %d, filtering on it finds %d", q.Text, q.Filters, f, c.Value, c.Count, got)
				}
			}
		}
	}
}
