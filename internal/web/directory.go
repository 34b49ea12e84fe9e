package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/search"
	"cnht/internal/vn"
)

// The public supplier directory has its language in the URL, so that a
// page can be shared and indexed in either: /vi/nha-cung-cap and
// /en/suppliers, a profile under each.
var directoryPath = map[string]string{"vi": "/vi/nha-cung-cap", "en": "/en/suppliers"}

// directoryPageSize is how many hits a page shows.
const directoryPageSize = 20

// DirectoryPage is a search of the public directory.
type DirectoryPage struct {
	Base
	Query    string
	Filters  map[string][]string
	Result   search.Page
	Facets   []FacetBlock
	Page     int
	Pages    int
	Prev     string
	Next     string
	Action   string
	Ready    bool
	Standard []string // standards the words named, filtered on
	Today    time.Time
	// CanSave is true for the roles that save searches; SaveQuery is the
	// search to save.
	CanSave   bool
	SaveQuery string
	// Body is the facets and results already rendered, when the same
	// search was shown before and nothing changed since.
	Body template.HTML
}

// bodyCache keeps the rendered facets and results of recent directory
// searches: a directory is asked the same few things again and again, and
// rendering them costs far more than finding them.
type bodyCache struct {
	mu      sync.Mutex
	entries map[string]cachedBody
}

type cachedBody struct {
	gen  uint64
	html template.HTML
}

const bodyCacheSize = 256

func (c *bodyCache) get(key string, gen uint64) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e.html, ok && e.gen == gen
}

func (c *bodyCache) put(key string, gen uint64, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= bodyCacheSize {
		c.entries = map[string]cachedBody{} // start again: cheap, and rare
	}
	c.entries[key] = cachedBody{gen, h}
}

// FacetBlock is one facet's values with their counts and links.
type FacetBlock struct {
	Name   string
	Label  string
	Values []FacetValue
}

// FacetValue is a facet value as a page lists it.
type FacetValue struct {
	Value    string
	Label    string
	Count    int
	Selected bool
}

// withLang returns r speaking lang, whatever the cookie says.
func withLang(r *http.Request, lang string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), keyLang, lang))
}

// DirectoryURL is the directory's address in lang with a query.
func DirectoryURL(lang string, q url.Values) string {
	if len(q) == 0 {
		return directoryPath[lang]
	}
	return directoryPath[lang] + "?" + q.Encode()
}

// ProfileURL is a public profile's address in lang: its id, then its name
// as a slug, which is there for people and search engines and is not
// checked.
func ProfileURL(lang string, id int64, name string) string {
	slug := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return ' '
	}, vn.Fold(name))), "-")
	u := directoryPath[lang] + "/" + strconv.FormatInt(id, 10)
	if slug != "" {
		u += "-" + slug
	}
	return u
}

// queryOf reads a directory search from a query string.
func queryOf(v url.Values) (search.Query, map[string][]string, int) {
	q, page := search.QueryFromValues(v, directoryPageSize)
	return q, q.Filters, page
}

func (s *Server) directory(lang string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r = withLang(r, lang)
		b := s.base(r, "dir.title")
		b.HrefVI, b.HrefEN = DirectoryURL("vi", r.URL.Query()), DirectoryURL("en", r.URL.Query())
		v := r.URL.Query()
		q, filters, page := queryOf(v)
		gen := s.Search.Generation()
		key := lang + "|" + strconv.FormatBool(s.Search.Ready()) + "|" + v.Encode()
		if len(q.Text) > 200 {
			q.Text = q.Text[:200]
		}
		p := DirectoryPage{Base: b, Query: v.Get("q"), Filters: filters, Page: page, Action: directoryPath[lang], Ready: s.Search.Ready(), Today: s.Registry.Today()}
		// The public (no session, no message pending) gets the same page
		// for the same search: kept whole.
		_, noFlash := r.Cookie(flashCookie)
		public := actor.From(r.Context()).Anonymous() && noFlash != nil && r.Header.Get("HX-Request") != "true"
		if public {
			if page, ok := s.dirCache.get("page|"+key, gen); ok {
				writeHTML(w, []byte(page))
				return
			}
		}
		if body, ok := s.dirCache.get(key, gen); ok {
			// Rendered before, nothing changed since: only the frame is new.
			p.Body = body
			s.finishDirectory(w, r, &p, v, public, key, gen)
			return
		}
		p.Result = s.Search.Search(r.Context(), q)
		p.Standard = s.Search.StandardsIn(q.Text)
		for i := range p.Standard {
			p.Standard[i] = s.Search.Label(search.FacetCert, p.Standard[i], lang)
		}
		p.Pages = (p.Result.Total + directoryPageSize - 1) / directoryPageSize
		link := func(n int) string {
			x := url.Values{}
			for k, vs := range v {
				if k != "page" && k != "prefix" {
					x[k] = vs
				}
			}
			if n > 1 {
				x.Set("page", strconv.Itoa(n))
			}
			return DirectoryURL(lang, x)
		}
		if page > 1 {
			p.Prev = link(page - 1)
		}
		if page < p.Pages {
			p.Next = link(page + 1)
		}
		for _, f := range search.Facets() {
			counts := p.Result.Facets[f]
			if len(counts) == 0 {
				continue
			}
			fb := FacetBlock{Name: f, Label: b.P.T("dir.facet." + f)}
			for i, c := range counts {
				sel := false
				for _, x := range filters[f] {
					sel = sel || x == c.Value
				}
				if i >= 12 && !sel {
					continue // the dozen most frequent, and any chosen
				}
				label := s.Search.Label(f, c.Value, lang)
				if f == search.FacetVerified {
					label = b.P.T("dir.verified_yes")
				}
				fb.Values = append(fb.Values, FacetValue{Value: c.Value, Label: label, Count: c.Count, Selected: sel})
			}
			p.Facets = append(p.Facets, fb)
		}
		var buf bytes.Buffer
		if err := s.pages.t["frag_directory"].ExecuteTemplate(&buf, "frag_directory.html", p); err != nil {
			s.renderError(w, r, apperr.Wrap(err, "render directory"))
			return
		}
		p.Body = template.HTML(buf.String()) // rendered by html/template: escaped already
		s.dirCache.put(key, gen, p.Body)
		s.finishDirectory(w, r, &p, v, public, key, gen)
	}
}

// finishDirectory sends a directory page around its rendered body (alone
// to htmx), with what depends on who asks: saving the search.
func (s *Server) finishDirectory(w http.ResponseWriter, r *http.Request, p *DirectoryPage, v url.Values, public bool, key string, gen uint64) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(p.Body))
		return
	}
	if role := actor.From(r.Context()).Role; role == actor.Buyer || role == actor.Officer || role == actor.Admin {
		p.CanSave = true
		keep := url.Values{}
		for k, vs := range v {
			if k != "page" && k != "prefix" {
				keep[k] = vs
			}
		}
		p.SaveQuery = keep.Encode()
	}
	if !public {
		s.render(w, r, http.StatusOK, "directory", *p)
		return
	}
	var buf bytes.Buffer
	if err := s.pages.t["directory"].ExecuteTemplate(&buf, "layout", *p); err != nil {
		s.renderError(w, r, apperr.Wrap(err, "render directory"))
		return
	}
	s.dirCache.put("page|"+key, gen, template.HTML(buf.String()))
	writeHTML(w, buf.Bytes())
}

// writeHTML sends a rendered page.
func writeHTML(w http.ResponseWriter, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(page)
}

// ProfilePage is an enterprise's public profile in the directory.
type ProfilePage struct {
	Base
	P2    enterprise.Public
	Certs []enterprise.Certification
	Back  string
	Today time.Time
}

func (s *Server) directoryProfile(lang string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r = withLang(r, lang)
		idText, _, _ := strings.Cut(r.PathValue("id"), "-")
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || id <= 0 {
			s.renderError(w, r, apperr.New(apperr.NotFound, "error.not_found"))
			return
		}
		// The public's view, whoever asks: the directory shows public
		// fields only, also to an officer signed in.
		ctx := actor.NewContext(r.Context(), actor.Actor{IP: actor.From(r.Context()).IP})
		v, err := s.Registry.FindEnterprise(ctx, id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		b := s.base(r, "")
		b.Title = v.Public.Name
		if lang == "en" && v.Public.NameEN != "" {
			b.Title = v.Public.NameEN
		}
		b.HrefVI, b.HrefEN = ProfileURL("vi", id, v.Public.Name), ProfileURL("en", id, v.Public.Name)
		s.render(w, r, http.StatusOK, "directory_profile", ProfilePage{Base: b, P2: v.Public, Certs: v.Public.Certifications, Back: directoryPath[lang], Today: s.Registry.Today()})
	}
}

// sitemap lists the directory and every listed profile, in both
// languages, for search engines.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil || s.Config.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	base := scheme + "://" + r.Host
	type link struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type entry struct {
		Loc   string `xml:"loc"`
		Links []link `xml:"xhtml:link"`
	}
	var entries []entry
	add := func(vi, en string) {
		links := []link{{"alternate", "vi", base + vi}, {"alternate", "en", base + en}}
		entries = append(entries, entry{Loc: base + vi, Links: links}, entry{Loc: base + en, Links: links})
	}
	add(directoryPath["vi"], directoryPath["en"])
	for _, id := range s.Search.IDs() {
		if c, ok := s.Search.Card(id); ok {
			add(ProfileURL("vi", id, c.Name), ProfileURL("en", id, c.Name))
		}
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	_ = enc.Encode(struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr"`
		URLs    []entry  `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml", URLs: entries})
}
