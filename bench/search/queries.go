package main

import (
	"math/rand/v2"
	"slices"
	"strings"

	"cnht/internal/search"
)

// query is one search: folded words, at most one facet filter; every
// query asks for the top 20 and the total, and in the facet pass for the
// counts of every facet value too.
type query struct {
	words  []string
	filter *facetValue
	source string // where the words came from (product, process, name, ward, english)
}

func (q query) text() string { return strings.Join(q.words, " ") }

// englishQueries are English words a buyer types.
var englishQueries = []string{"stamping", "plastic injection", "mould", "components", "precision machining", "electronics",
	"packaging", "rubber", "welding", "steel", "cnc", "casting", "spare parts", "textile", "powder coating"}

// nameStop are the words of legal forms that nearly every name has
// ("công ty TNHH", "cổ phần"): nobody searches for them.
var nameStop = map[string]bool{"cong": true, "ty": true, "tnhh": true, "co": true, "phan": true, "mtv": true, "thanh": true,
	"vien": true, "mot": true, "company": true, "limited": true, "ltd": true, "jsc": true, "joint": true, "stock": true,
	"viet": true, "nam": true, "vietnam": true, "ha": true, "noi": true, "hanoi": true, "va": true, "and": true, "xa": true,
	"phuong": true, "commune": true, "ward": true, "tm": true, "dv": true, "sx": true, "xnk": true}

// edgeStop are joining words a query does not begin or end with.
var edgeStop = map[string]bool{"and": true, "of": true, "for": true, "the": true, "va": true, "cac": true, "cho": true, "with": true}

// makeQueries draws n queries from the documents' own vocabulary, seeded:
// each from a random profile, its words a span of 1–3 words of one of its
// product or process names, of its name, of its ward, or an English
// word; half of them with one filter on a facet value of that same
// profile (sector, ward, certificate valid today, size, product,
// process), so that most queries have matches, as real ones do.
func makeQueries(docs []doc, n int, seed uint64) []query {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	span := func(ws []string) []string {
		if len(ws) == 0 {
			return nil
		}
		k := min(len(ws), 1+r.IntN(3))
		i := r.IntN(len(ws) - k + 1)
		return ws[i : i+k]
	}
	filterFacets := []string{search.FacetSector, search.FacetWard, search.FacetCert, search.FacetSize, search.FacetProduct, search.FacetProcess}
	out := make([]query, 0, n)
	for len(out) < n {
		d := &docs[r.IntN(len(docs))]
		var q query
		switch x := r.IntN(100); {
		case x < 30 && len(d.products) > 0:
			q.source, q.words = "product", span(d.products[r.IntN(len(d.products))])
		case x < 50 && len(d.processes) > 0:
			q.source, q.words = "process", span(d.processes[r.IntN(len(d.processes))])
		case x < 70:
			var ws []string
			for _, w := range d.name {
				if !nameStop[w] && len(w) > 1 {
					ws = append(ws, w)
				}
			}
			// Name words: one or two of them, as people remember a name.
			if len(ws) > 0 {
				k := min(len(ws), 1+r.IntN(2))
				i := r.IntN(len(ws) - k + 1)
				q.source, q.words = "name", ws[i:i+k]
			}
		case x < 85:
			var ws []string
			for _, w := range d.ward {
				if !nameStop[w] {
					ws = append(ws, w)
				}
			}
			q.source, q.words = "ward", ws
		default:
			q.source, q.words = "english", strings.Fields(englishQueries[r.IntN(len(englishQueries))])
		}
		if len(q.words) > 3 {
			q.words = q.words[:3]
		}
		// A span does not begin or end with a joining word ("nuts and"),
		// and is not a lone letter ("o" of "ô tô").
		for len(q.words) > 0 && edgeStop[q.words[0]] {
			q.words = q.words[1:]
		}
		for len(q.words) > 0 && edgeStop[q.words[len(q.words)-1]] {
			q.words = q.words[:len(q.words)-1]
		}
		if len(q.text()) < 3 {
			continue
		}
		if r.IntN(2) == 0 {
			// A facet the profile has, then one of its values there.
			var fs []string
			for _, fv := range d.facets {
				if slices.Contains(filterFacets, fv.facet) && !slices.Contains(fs, fv.facet) {
					fs = append(fs, fv.facet)
				}
			}
			if len(fs) > 0 {
				f := fs[r.IntN(len(fs))]
				var vs []string
				for _, fv := range d.facets {
					if fv.facet == f {
						vs = append(vs, fv.value)
					}
				}
				q.filter = &facetValue{f, vs[r.IntN(len(vs))]}
			}
		}
		out = append(out, q)
	}
	return out
}
