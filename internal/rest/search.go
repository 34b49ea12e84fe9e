package rest

import (
	"net/http"
	"strings"

	"cnht/internal/search"
)

// searchHit is a hit of the supplier search as the API gives it.
type searchHit struct {
	ID         int64               `json:"id"`
	Name       string              `json:"name"`
	NameEN     string              `json:"name_en"`
	WardCode   string              `json:"ward_code"`
	WardName   string              `json:"ward_name"`
	KeySectors []string            `json:"key_sectors"`
	Certs      []string            `json:"certifications_valid_today"`
	Verified   bool                `json:"verified"`
	Phrase     bool                `json:"phrase"`
	Score      float64             `json:"score"`
	Matches    []searchMatch       `json:"matches"`
	URLs       map[string]string   `json:"urls"`
	Products   []map[string]string `json:"products"`
}

// searchMatch is a field where the words were found: its text with the
// found words between «» marks, and the found words.
type searchMatch struct {
	Field       string   `json:"field"`
	Highlighted string   `json:"highlighted"`
	Found       []string `json:"found"`
}

// searchParams are the parameters of GET /api/v1/search: the words, the
// page, and one per facet (repeatable).
func searchParams() []string {
	return append([]string{"q", "prefix", "limit", "offset", "lang"}, search.Facets()...)
}

// searchSuppliers is the public directory's search as JSON, with the same
// parameters as its pages.
func (a *API) searchSuppliers(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, searchParams())
	sq := search.Query{Text: q.str("q"), Filters: map[string][]string{}, Facets: true}
	if len(sq.Text) > 200 {
		q.v.Add("q", "field.too_long", "max", 200)
	}
	if p := q.boolean("prefix"); p != nil {
		sq.Prefix = *p
	}
	sq.Limit = q.intRange("limit", 20, 1, 100)
	sq.Offset = q.intRange("offset", 0, 0, maxOffset)
	lang := q.code("lang", func(s string) bool { return s == "vi" || s == "en" })
	if lang == "" {
		lang = a.Lang(r)
	}
	for _, f := range search.Facets() {
		for _, v := range q.vals[f] {
			if v = strings.TrimSpace(v); v != "" {
				sq.Filters[f] = append(sq.Filters[f], v)
			}
		}
	}
	if err := q.v.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	page := a.Search.Search(r.Context(), sq)
	today := a.Registry.Today()
	hits := make([]searchHit, 0, len(page.Hits))
	for _, h := range page.Hits {
		out := searchHit{ID: h.ID, Name: h.Name, NameEN: h.NameEN, WardCode: h.WardCode, WardName: h.WardName, Certs: h.CertsValidOn(today),
			Verified: h.Verified, Phrase: h.Phrase, Score: h.Score, URLs: map[string]string{"vi": a.ProfileURL("vi", h.ID, h.Name), "en": a.ProfileURL("en", h.ID, h.Name)}}
		if lang == "en" && h.WardNameEN != "" {
			out.WardName = h.WardNameEN
		}
		for _, k := range h.KeySectors {
			out.KeySectors = append(out.KeySectors, string(k))
		}
		for _, p := range h.Products {
			name := p.NameVI
			if lang == "en" && p.NameEN != "" {
				name = p.NameEN
			}
			out.Products = append(out.Products, map[string]string{"code": p.Code, "name": name})
		}
		for _, m := range h.Matches {
			sm := searchMatch{Field: m.Field}
			var b strings.Builder
			for _, p := range m.Parts {
				if p.Hit {
					b.WriteString("«" + p.Text + "»")
					sm.Found = append(sm.Found, p.Text)
				} else {
					b.WriteString(p.Text)
				}
			}
			sm.Highlighted = b.String()
			out.Matches = append(out.Matches, sm)
		}
		hits = append(hits, out)
	}
	facets := map[string][]map[string]any{}
	for f, counts := range page.Facets {
		for _, c := range counts {
			facets[f] = append(facets[f], map[string]any{"value": c.Value, "label": a.Search.Label(f, c.Value, lang), "count": c.Count})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": page.Total, "limit": sq.Limit, "offset": sq.Offset, "items": hits, "facets": facets,
		"standards": a.Search.StandardsIn(sq.Text)})
}
