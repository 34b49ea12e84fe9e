package main

import (
	"context"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// bleveEngine is bleve v2.6.1 in memory. The text is folded in Go (NFC,
// then vn.Fold: bleve's own folding misses đ) and split the way cnht
// splits, so bleve's analyzer only splits at spaces; facet values are
// keyword fields with doc values. A query is a conjunction of match
// queries on the words and term queries on the filter, size 20, with terms
// facets on every facet when counts are asked.
//
// scorch false is bleve.NewMemOnly (upsidedown over the gtreap store);
// true is bleve's default index type, scorch, kept in memory (an empty
// path), indexed in large batches since in-memory scorch does not merge
// its segments.
type bleveEngine struct {
	scorch bool
	ix     bleve.Index
	// values is the number of distinct values of each facet, the size
	// of its terms facet (every value counted).
	values map[string]int
}

func (e *bleveEngine) name() string {
	if e.scorch {
		return "bleve scorch"
	}
	return "bleve memonly"
}

func facetField(f string) string { return "f_" + f }

func (e *bleveEngine) build(ctx context.Context, docs []doc) error {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer("folded", map[string]any{"type": custom.Name, "tokenizer": whitespace.Name, "token_filters": []string{}}); err != nil {
		return err
	}
	dm := bleve.NewDocumentStaticMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer, text.Store, text.IncludeInAll, text.IncludeTermVectors, text.DocValues = "folded", false, false, false, false
	dm.AddFieldMappingsAt("text", text)
	for _, f := range facetNames {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer, fm.Store, fm.IncludeInAll, fm.IncludeTermVectors, fm.DocValues = keyword.Name, false, false, false, true
		dm.AddFieldMappingsAt(facetField(f), fm)
	}
	im.DefaultMapping = dm
	im.DefaultAnalyzer = "folded"
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	var err error
	batchSize := 2000
	if e.scorch {
		e.ix, err = bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
		batchSize = max(20000, len(docs)/16)
	} else {
		e.ix, err = bleve.NewMemOnly(im)
	}
	if err != nil {
		return err
	}
	e.values = map[string]int{}
	seen := map[facetValue]bool{}
	b := e.ix.NewBatch()
	for i, d := range docs {
		m := map[string]any{"text": d.text}
		fs := map[string][]string{}
		for _, fv := range d.facets {
			fs[fv.facet] = append(fs[fv.facet], fv.value)
			if !seen[fv] {
				seen[fv] = true
				e.values[fv.facet]++
			}
		}
		for f, vs := range fs {
			m[facetField(f)] = vs
		}
		if err := b.Index(strconv.FormatInt(d.id, 10), m); err != nil {
			return err
		}
		if b.Size() >= batchSize || i == len(docs)-1 {
			if err := e.ix.Batch(b); err != nil {
				return err
			}
			b.Reset()
		}
	}
	return nil
}

func (e *bleveEngine) query(q query, filter bool) bq.Query {
	var qs []bq.Query
	for _, w := range q.words {
		m := bleve.NewMatchQuery(w)
		m.SetField("text")
		m.Analyzer = "folded"
		qs = append(qs, m)
	}
	if filter && q.filter != nil {
		t := bleve.NewTermQuery(q.filter.value)
		t.SetField(facetField(q.filter.facet))
		qs = append(qs, t)
	}
	return bleve.NewConjunctionQuery(qs...)
}

func (e *bleveEngine) search(ctx context.Context, q query, facets bool) (result, error) {
	req := bleve.NewSearchRequestOptions(e.query(q, true), 20, 0, false)
	if facets {
		for _, f := range facetNames {
			if q.filter != nil && q.filter.facet == f {
				continue
			}
			req.AddFacet(f, bleve.NewFacetRequest(facetField(f), max(1, e.values[f])))
		}
	}
	res, err := e.ix.SearchInContext(ctx, req)
	if err != nil {
		return result{}, err
	}
	out := result{total: int(res.Total)}
	for _, h := range res.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil {
			return result{}, err
		}
		out.ids = append(out.ids, id)
	}
	if !facets {
		return out, nil
	}
	out.facets = map[string]map[string]int{}
	for f, r := range res.Facets {
		m := map[string]int{}
		if r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				m[t.Term] = t.Count
			}
		}
		out.facets[f] = m
	}
	if q.filter != nil {
		// The facet filtered on, counted without its filter: a second
		// search, no hits, that facet only.
		f := q.filter.facet
		req := bleve.NewSearchRequestOptions(e.query(q, false), 0, 0, false)
		req.AddFacet(f, bleve.NewFacetRequest(facetField(f), max(1, e.values[f])))
		res, err := e.ix.SearchInContext(ctx, req)
		if err != nil {
			return result{}, err
		}
		m := map[string]int{}
		if r := res.Facets[f]; r != nil && r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				m[t.Term] = t.Count
			}
		}
		out.facets[f] = m
	}
	return out, nil
}

func (e *bleveEngine) close() {
	if e.ix != nil {
		e.ix.Close()
	}
}
