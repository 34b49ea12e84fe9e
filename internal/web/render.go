package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/job"
	"cnht/internal/plan"
	"cnht/internal/search"
	"cnht/internal/vn"
	"reflect"
)

//go:embed templates
var templateFS embed.FS

// pages holds every template, parsed once at start-up: each page is the
// layout plus the page's own file; fragments (file names starting with
// "frag_") stand alone, for htmx updates.
type pages struct {
	t map[string]*template.Template
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	// list and dict build arguments for templates that take several.
	"list": func(xs ...string) []string { return xs },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"money": func(n int64, p *i18n.Printer) string { return p.Money(n) },
	// milli writes thousandths as a number to type back into a form
	// ("16,5", "1.000").
	"milli": func(m int64, lang string) string { return plan.Milli(m).Format(lang, 3) },
	"has": func(list any, v any) bool {
		rv := reflect.ValueOf(list)
		if rv.Kind() != reflect.Slice {
			return false
		}
		for i := range rv.Len() {
			if fmt.Sprint(rv.Index(i).Interface()) == fmt.Sprint(v) {
				return true
			}
		}
		return false
	},
	"choiceName": func(list []enterprise.Choice, code any, lang string) string {
		for _, c := range list {
			if c.Code == fmt.Sprint(code) {
				return c.Name(lang)
			}
		}
		return fmt.Sprint(code)
	},
	"taxcode": vn.FormatTaxCode,
	// label names a code of one of the registry's code lists in lang.
	"label": func(kind string, code any, lang string) string {
		lists := map[string]func() []enterprise.Choice{
			"status": enterprise.StatusChoices, "size": enterprise.SizeChoices, "sector": enterprise.KeySectorChoices,
			"industry": enterprise.IndustryChoices, "legal_form": enterprise.LegalFormChoices, "ownership": enterprise.OwnershipChoices,
			"tier": enterprise.TierChoices, "group": enterprise.FieldGroupChoices, "sector_group": enterprise.SectorGroupChoices,
		}
		c := fmt.Sprint(code)
		if f, ok := lists[kind]; ok {
			for _, x := range f() {
				if x.Code == c {
					return x.Name(lang)
				}
			}
		}
		return c
	},
	"deref": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
	"rows":  func(n int) []int { return make([]int, n) },
	"upper": strings.ToUpper,
	"int64": func(n int) int64 { return int64(n) },
	// percent shows a 0–1 score as a whole percentage.
	"percent": func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" },
	"score":   scorePercent,
	// profileURL links a directory profile in a language.
	"profileURL": ProfileURL,
	// cardName is a hit's name in a language.
	"cardName": func(c search.CardHit, lang string) string {
		if lang == "en" && c.NameEN != "" {
			return c.NameEN
		}
		return c.Name
	},
	"certsToday": func(c search.CardHit, day time.Time) []string { return c.CertsValidOn(day) },
	// jobView shows a job's progress block inside another page.
	"jobView": func(b Base, j *job.Job) JobPage { return JobPage{Base: b, Job: *j} },
	"roleKey": func(r actor.Role) string {
		if r == actor.Public {
			return "role.public"
		}
		return "role." + string(r)
	},
	"statusClass": func(s any) string {
		switch fmt.Sprint(s) {
		case "done", "active", "valid":
			return "badge-ok"
		case "failed", "expired", "closed":
			return "badge-danger"
		case "running", "pending":
			return "badge-info"
		}
		return "badge-muted"
	},
}

func parsePages() (*pages, error) {
	p := &pages{t: map[string]*template.Template{}}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if name == "layout.html" || !strings.HasSuffix(name, ".html") {
			continue
		}
		var t *template.Template
		if strings.HasPrefix(name, "frag_") {
			// Fragments share the layout file's named blocks but not its page.
			t, err = template.Must(layout.Clone()).ParseFS(templateFS, path.Join("templates", name))
		} else {
			t, err = template.Must(layout.Clone()).ParseFS(templateFS, path.Join("templates", name))
		}
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		p.t[strings.TrimSuffix(name, ".html")] = t
	}
	return p, nil
}

// Names lists the parsed pages, for the test that renders each.
func (p *pages) Names() []string {
	var out []string
	for n := range p.t {
		out = append(out, n)
	}
	return out
}

// Field is what the shared form-field blocks of layout.html need.
type Field struct {
	Name, Label, Value, Error, Hint, Type string
	Required                              bool
}

// Fld builds a Field from the page: its label translated, its error (if
// any) from the page's errors. Used as {{template "text" ($.Fld "name" "label.key" .Value true)}}.
func (b Base) Fld(name, labelKey string, value any, required bool) Field {
	f := Field{Name: name, Label: b.P.T(labelKey), Error: b.Errors[name], Required: required, Type: "text"}
	if value != nil {
		f.Value = fmt.Sprint(value)
	}
	return f
}

// WithHint returns the field with a hint under its label.
func (f Field) WithHint(h string) Field { f.Hint = h; return f }

// NavItem is one link of the navigation.
type NavItem struct {
	Href    string
	Label   string
	Current bool
}

// Base is what every page shows: the layout's data.
type Base struct {
	Lang      string
	OtherLang string
	// HrefVI and HrefEN, when set, are the page's own address in each
	// language (pages with the language in the URL).
	HrefVI, HrefEN string
	P              *i18n.Printer
	User           *account.User
	Role           actor.Role
	Title          string
	Path           string
	Nav            []NavItem
	Flash          string
	OfficeName     string
	Year           int
	// Errors maps a form field to its message; Form keeps what was typed.
	Errors map[string]string
	Error  string
	// Refresh, when set, reloads the page every so many seconds (a page
	// waiting for a job to end).
	Refresh int
	// Form is what was posted when a page is shown again after a refused
	// action; a page with several forms names each in a hidden "_form".
	Form url.Values
}

// Typed is what the user typed into field of the form named form when
// that form was refused, else def: a failed save keeps what was typed.
func (b Base) Typed(form, field, def string) string {
	if b.Form != nil && b.Form.Get("_form") == form {
		return b.Form.Get(field)
	}
	return def
}

// Refused reports whether the page is shown again for the form named form.
func (b Base) Refused(form string) bool { return b.Form != nil && b.Form.Get("_form") == form }

// HasError reports whether a field has an error (for the has-error class).
func (b Base) HasError(field string) bool { _, ok := b.Errors[field]; return ok }

func (s *Server) base(r *http.Request, titleKey string) Base {
	lang := langOf(r)
	p := s.Bundle.Printer(lang)
	b := Base{Lang: lang, OtherLang: "en", P: p, Path: r.URL.Path, Year: time.Now().Year(), OfficeName: s.Config.OfficeName}
	if lang == "en" {
		b.OtherLang = "vi"
		b.OfficeName = s.Config.OfficeNameEN
	}
	if titleKey != "" {
		b.Title = p.T(titleKey)
	}
	if u, ok := userOf(r); ok {
		b.User = &u
		b.Role = u.Role
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		b.Flash = p.T(c.Value)
	}
	b.Nav = s.nav(r, b.Role, p)
	return b
}

// nav lists the links a role may follow. Hiding a link is a courtesy:
// every service checks permission again.
func (s *Server) nav(r *http.Request, role actor.Role, p *i18n.Printer) []NavItem {
	items := []NavItem{{Href: "/", Label: p.T("nav.home")}}
	switch role {
	case actor.Admin, actor.Officer:
		items = append(items, NavItem{Href: "/enterprises", Label: p.T("nav.enterprises")}, NavItem{Href: "/registry/counts", Label: p.T("nav.counts")},
			NavItem{Href: "/claims", Label: p.T("nav.claims")}, NavItem{Href: "/certifications/expiring", Label: p.T("nav.expiring")}, NavItem{Href: "/imports", Label: p.T("nav.imports")}, NavItem{Href: "/duplicates", Label: p.T("nav.duplicates")}, NavItem{Href: "/statistics", Label: p.T("nav.statistics")}, NavItem{Href: "/figures", Label: p.T("nav.figures")}, NavItem{Href: "/indicators", Label: p.T("nav.indicators")}, NavItem{Href: "/plans", Label: p.T("nav.plans")}, NavItem{Href: "/jobs", Label: p.T("nav.jobs")})
		if role == actor.Admin {
			items = append(items, NavItem{Href: "/admin/users", Label: p.T("nav.users")}, NavItem{Href: "/admin/orgs", Label: p.T("nav.orgs")}, NavItem{Href: "/admin/catalogues", Label: p.T("nav.catalogues")})
		}
	case actor.Enterprise:
		items = append(items, NavItem{Href: "/my-company", Label: p.T("nav.my_company")}, NavItem{Href: "/statistics", Label: p.T("nav.statistics")}, NavItem{Href: "/certifications/expiring", Label: p.T("nav.expiring")})
	default:
		items = append(items, NavItem{Href: directoryPath[langOf(r)], Label: p.T("nav.directory")}, NavItem{Href: "/registry/counts", Label: p.T("nav.counts")}, NavItem{Href: "/plans", Label: p.T("nav.plans")}, NavItem{Href: "/open-data", Label: p.T("nav.open_data")})
	}
	if role == actor.Buyer || role == actor.Officer || role == actor.Admin {
		label := p.T("nav.saved")
		if n, err := s.Watch.Unread(r.Context()); err == nil && n > 0 {
			label += " (" + strconv.Itoa(n) + ")"
		}
		items = append(items, NavItem{Href: "/saved-searches", Label: label})
	}
	for i := range items {
		items[i].Current = items[i].Href == r.URL.Path || items[i].Href != "/" && strings.HasPrefix(r.URL.Path, items[i].Href+"/")
	}
	return items
}

const flashCookie = "cnht_flash"

// flash shows a message (an i18n key) on the next page.
func (s *Server) flash(w http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", MaxAge: 30, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

// render executes a page into a buffer first, so that a template error
// becomes a clean error page rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages.t[name]
	if !ok {
		s.renderError(w, r, apperr.Wrap(fmt.Errorf("no template %q", name), "render"))
		return
	}
	var buf bytes.Buffer
	entry := "layout"
	if strings.HasPrefix(name, "frag_") {
		entry = name + ".html"
	}
	if err := t.ExecuteTemplate(&buf, entry, data); err != nil {
		s.Logger.Error("template", "name", name, "err", err)
		if name != "error" {
			s.renderError(w, r, apperr.Wrap(err, "template "+name))
		} else {
			http.Error(w, "Lỗi hệ thống / Internal error", http.StatusInternalServerError)
		}
		return
	}
	if _, err := r.Cookie(flashCookie); err == nil {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// ErrorPage is the friendly error page.
type ErrorPage struct {
	Base
	Status  int
	Message string
	LoginTo string
}

// renderError shows an error page in the user's language; the public is
// sent to the login page when it needs to sign in.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := apperr.HTTPStatus(err)
	if isInternal(err) {
		s.Logger.Error("request failed", "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet && r.Header.Get("HX-Request") == "" {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	b := s.base(r, "")
	msg := b.P.Error(err)
	titleKey := map[int]string{404: "error.title_404", 403: "error.title_403", 401: "error.title_401", 429: "error.title_429", 422: "error.title_422", 409: "error.title_409"}[status]
	if titleKey == "" {
		titleKey = "error.title_500"
	}
	b.Title = b.P.T(titleKey)
	s.render(w, r, status, "error", ErrorPage{Base: b, Status: status, Message: msg})
}

// notFound is the 404 page for unknown paths.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, apperr.New(apperr.NotFound, "error.not_found"))
}
