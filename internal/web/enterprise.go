package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// EnterpriseListPage is the officers' list of the registry.
type EnterpriseListPage struct {
	Base
	Filter     enterprise.Filter
	Query      url.Values
	Page       enterprise.Page
	Choices    Choices
	Pages      []PageLink
	Verified   string
	FilterOpen bool
}

// ExportHref links the list, with its filters, in a file format.
func (p EnterpriseListPage) ExportHref(format string) template.URL {
	href := "/enterprises/export." + format
	if q := p.ExportQuery(); q != "" {
		href += "?" + q
	}
	return template.URL(href) // built from url.Values: nothing to escape
}

// ExportQuery is the list's filters as a query string, without paging.
func (p EnterpriseListPage) ExportQuery() string {
	q := url.Values{}
	for k, v := range p.Query {
		if k != "page" {
			q[k] = v
		}
	}
	return q.Encode()
}

// exportDirectMax is the longest list exported in the request that asks;
// a longer one is written by a job, whose file is then downloaded.
const exportDirectMax = 20_000

// ExportByJob tells whether the list is long enough to export by a job.
func (p EnterpriseListPage) ExportByJob() bool { return p.Page.Total > exportDirectMax }

// Choices are the option lists of the registry's forms and filters.
type Choices struct {
	KeySectors  []enterprise.Choice
	Industries  []enterprise.Choice
	Sizes       []enterprise.Choice
	Ownerships  []enterprise.Choice
	LegalForms  []enterprise.Choice
	Statuses    []enterprise.Choice
	Tiers       []enterprise.Choice
	Groups      []enterprise.Choice
	FieldGroups []enterprise.Choice
	Wards       []vn.Unit
	Products    []enterprise.Product
	Processes   []enterprise.Process
	Standards   []enterprise.Standard
}

// PageLink is one link of a pagination.
type PageLink struct {
	Label   string
	Href    string
	Current bool
	Gap     bool
}

func (s *Server) choices(r *http.Request) (Choices, error) {
	ctx := r.Context()
	c := Choices{
		KeySectors: enterprise.KeySectorChoices(), Industries: enterprise.IndustryChoices(), Sizes: enterprise.SizeChoices(),
		Ownerships: enterprise.OwnershipChoices(), LegalForms: enterprise.LegalFormChoices(), Statuses: enterprise.StatusChoices(),
		Tiers: enterprise.TierChoices(), Groups: enterprise.SectorGroupChoices(), FieldGroups: enterprise.FieldGroupChoices(),
		Wards: s.Registry.Wards(),
	}
	var err error
	if c.Products, err = s.Registry.Products(ctx, false); err != nil {
		return c, err
	}
	if c.Processes, err = s.Registry.Processes(ctx, false); err != nil {
		return c, err
	}
	c.Standards, err = s.Registry.Standards(ctx, false)
	return c, err
}

const listPageSize = 50

// filterFromQuery reads the list's filters from a query string (the
// list, its exports).
// FilterFromQuery reads the registry list's filters from a query string.
func FilterFromQuery(q url.Values) enterprise.Filter {
	f := enterprise.Filter{
		KeySector: enterprise.KeySector(q.Get("key_sector")), Industry: enterprise.Industry(q.Get("industry")),
		WardCode: q.Get("ward_code"), Size: q.Get("size"), Ownership: enterprise.Ownership(q.Get("ownership")),
		Status: enterprise.Status(q.Get("status")), Text: q.Get("q"), Sort: enterprise.Sort(q.Get("sort")),
		Desc: q.Get("desc") == "1", International: q.Get("international") == "1",
	}
	f.ProductID, _ = strconv.ParseInt(q.Get("product_id"), 10, 64)
	f.ProcessID, _ = strconv.ParseInt(q.Get("process_id"), 10, 64)
	f.StandardID, _ = strconv.ParseInt(q.Get("standard_id"), 10, 64)
	switch q.Get("verified") {
	case "1":
		t := true
		f.Verified = &t
	case "0":
		t := false
		f.Verified = &t
	}
	return f
}

func (s *Server) enterpriseList(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	q := r.URL.Query()
	f := FilterFromQuery(q)
	f.Limit = listPageSize
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	f.Offset = (page - 1) * listPageSize
	res, err := s.Registry.FindEnterprises(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ch, err := s.choices(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	b := s.base(r, "enterprise.list.title")
	active := false
	for k, v := range q {
		if k != "page" && k != "sort" && k != "desc" && len(v) > 0 && v[0] != "" {
			active = true
		}
	}
	s.render(w, r, http.StatusOK, "enterprise_list", EnterpriseListPage{
		Base: b, Filter: f, Query: q, Page: res, Choices: ch, Verified: q.Get("verified"), FilterOpen: active,
		Pages: pageLinks(r.URL, page, (res.Total+listPageSize-1)/listPageSize),
	})
}

// pageLinks makes a pagination: first, last, and two around the current.
func pageLinks(u *url.URL, current, last int) []PageLink {
	if last <= 1 {
		return nil
	}
	var out []PageLink
	gap := false
	for p := 1; p <= last; p++ {
		if p != 1 && p != last && (p < current-2 || p > current+2) {
			if !gap {
				out = append(out, PageLink{Gap: true})
				gap = true
			}
			continue
		}
		gap = false
		q := u.Query()
		q.Set("page", strconv.Itoa(p))
		out = append(out, PageLink{Label: strconv.Itoa(p), Href: u.Path + "?" + q.Encode(), Current: p == current})
	}
	return out
}

// SortHref returns the list's URL sorted by col (toggling the direction
// when it is already the sort column).
func (p EnterpriseListPage) SortHref(col string) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Del("page")
	desc := ""
	if string(p.Filter.Sort) == col && !p.Filter.Desc {
		desc = "1"
	}
	q.Set("sort", col)
	if desc != "" {
		q.Set("desc", desc)
	} else {
		q.Del("desc")
	}
	return "/enterprises?" + q.Encode()
}

// SortState is the aria-sort of a column.
func (p EnterpriseListPage) SortState(col string) string {
	if string(p.Filter.Sort) != col && !(col == "name" && p.Filter.Sort == "") {
		return "none"
	}
	if p.Filter.Desc {
		return "descending"
	}
	return "ascending"
}

// EnterprisePage is an enterprise's profile.
type EnterprisePage struct {
	Base
	V        enterprise.View
	History  []HistoryItem
	Today    time.Time
	Choices  Choices
	Claims   []enterprise.Claim
	Verified map[string]bool
	Merges   []enterprise.Merge
}

func (s *Server) enterpriseShow(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	s.renderEnterprise(w, r, id, http.StatusOK, s.base(r, ""))
}

func (s *Server) renderEnterprise(w http.ResponseWriter, r *http.Request, id int64, status int, b Base) {
	v, err := s.Registry.FindEnterprise(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := EnterprisePage{Base: b, V: v, Today: s.Registry.Today(), Verified: map[string]bool{}}
	p.Title = v.Public.Name
	for _, g := range v.Public.Verified {
		p.Verified[string(g)] = true
	}
	if v.Private != nil {
		h, err := s.Registry.History(r.Context(), id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		p.History = s.historyItems(r.Context(), b, "enterprise", h)
	}
	if v.CanManage {
		if p.Choices, err = s.choices(r); err != nil {
			s.renderError(w, r, err)
			return
		}
		if p.Claims, err = s.Registry.Claims(r.Context(), enterprise.ClaimFilter{EnterpriseID: id}); err != nil {
			s.renderError(w, r, err)
			return
		}
		if p.Merges, err = s.Registry.Merges(r.Context(), id); err != nil {
			s.renderError(w, r, err)
			return
		}
	} else if v.Own {
		if p.Choices.Standards, err = s.Registry.Standards(r.Context(), false); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.render(w, r, status, "enterprise_show", p)
}

// EnterpriseFormPage is the create and edit form.
type EnterpriseFormPage struct {
	Base
	ID      int64
	Form    enterprise.Profile
	Raw     map[string]string
	Choices Choices
	// JoinedOn and Status only on create.
	JoinedOn string
	Status   string
	Has      func(kind string, v any) bool
}

func (s *Server) enterpriseNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	s.renderEnterpriseForm(w, r, http.StatusOK, s.base(r, "enterprise.new.title"), 0, enterprise.Profile{SectorGroup: vn.SectorIndustry}, map[string]string{"joined_on": vn.FormatDate(s.Registry.Today())})
}

func (s *Server) renderEnterpriseForm(w http.ResponseWriter, r *http.Request, status int, b Base, id int64, p enterprise.Profile, raw map[string]string) {
	ch, err := s.choices(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// The service names nested fields ("contact.email", "customers[2].name");
	// the form's inputs are flat.
	for k, msg := range b.Errors {
		flat := k
		switch {
		case strings.HasPrefix(k, "contact."):
			flat = "contact_" + strings.TrimPrefix(k, "contact.")
		case strings.HasPrefix(k, "customers["):
			flat = "customers"
			if i, _, ok := strings.Cut(strings.TrimPrefix(k, "customers["), "]"); ok {
				if n, err := strconv.Atoi(i); err == nil {
					msg = b.P.T("enterprise.customer_row", "n", n+1) + ": " + msg
				}
			}
		}
		if flat != k {
			delete(b.Errors, k)
			if _, taken := b.Errors[flat]; !taken {
				b.Errors[flat] = msg
			}
		}
	}
	// Entries an admin deactivated stay on offer to a profile that has
	// them, so that saving the form does not drop them silently.
	if all, err := s.Registry.Products(r.Context(), true); err == nil {
		for _, x := range all {
			if !x.Active && slices.Contains(p.ProductIDs, x.ID) {
				ch.Products = append(ch.Products, x)
			}
		}
	}
	if all, err := s.Registry.Processes(r.Context(), true); err == nil {
		for _, x := range all {
			if !x.Active && slices.Contains(p.ProcessIDs, x.ID) {
				ch.Processes = append(ch.Processes, x)
			}
		}
	}
	name := "enterprise_form"
	s.render(w, r, status, name, EnterpriseFormPage{Base: b, ID: id, Form: p, Raw: raw, Choices: ch, JoinedOn: raw["joined_on"], Status: raw["status"]})
}

// profileFromForm reads the form into a Profile. Numbers are read the
// Vietnamese way (1.234.567); text that is not a number is kept in raw so
// the form shows it again, and reported as a field error.
func profileFromForm(r *http.Request, v *apperr.Validation) (enterprise.Profile, map[string]string) {
	f := r.PostForm
	raw := map[string]string{}
	p := enterprise.Profile{
		TaxCode: f.Get("tax_code"), Name: f.Get("name"), NameEN: f.Get("name_en"), ShortName: f.Get("short_name"),
		LegalForm: enterprise.LegalForm(f.Get("legal_form")), Ownership: enterprise.Ownership(f.Get("ownership")),
		Street: f.Get("street"), WardCode: f.Get("ward_code"), Phone: f.Get("phone"), Email: f.Get("email"), Website: f.Get("website"),
		Contact:        enterprise.Contact{Name: f.Get("contact_name"), Title: f.Get("contact_title"), Phone: f.Get("contact_phone"), Email: f.Get("contact_email")},
		ContactPrivate: f.Get("contact_private") == "1",
		SectorGroup:    vn.SectorGroup(f.Get("sector_group")),
		Materials:      f.Get("materials"), Equipment: f.Get("equipment"), Capacity: f.Get("capacity"),
	}
	p.Version, _ = strconv.ParseInt(f.Get("version"), 10, 64)
	year := func(field string) int {
		s := strings.TrimSpace(f.Get(field))
		raw[field] = s
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(field, "field.year")
			return 0
		}
		return n
	}
	amount := func(field string) *int64 {
		s := strings.TrimSpace(f.Get(field))
		raw[field] = s
		if s == "" {
			return nil
		}
		n, err := vn.ParseInt(s)
		if err != nil {
			v.Add(field, "field.number")
			return nil
		}
		return &n
	}
	p.FoundedYear = year("founded_year")
	p.RevenueYear = year("revenue_year")
	p.Employees = amount("employees")
	p.CharterCapitalVND = amount("charter_capital_vnd")
	p.RevenueVND = amount("revenue_vnd")
	for _, k := range f["key_sectors"] {
		p.KeySectors = append(p.KeySectors, enterprise.KeySector(k))
	}
	for _, k := range f["industries"] {
		p.Industries = append(p.Industries, enterprise.Industry(k))
	}
	for _, k := range f["product_ids"] {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			p.ProductIDs = append(p.ProductIDs, id)
		}
	}
	for _, k := range f["process_ids"] {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			p.ProcessIDs = append(p.ProcessIDs, id)
		}
	}
	for _, c := range strings.FieldsFunc(f.Get("export_markets"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		p.ExportMarkets = append(p.ExportMarkets, strings.ToUpper(c))
	}
	raw["export_markets"] = f.Get("export_markets")
	tier, _ := strconv.Atoi(f.Get("supplier_tier"))
	p.SupplierTier = enterprise.Tier(tier)
	names, countries, mnc, priv := f["customer_name"], f["customer_country"], f["customer_mnc"], f["customer_private"]
	for i, n := range names {
		c := enterprise.Customer{Name: n}
		if i < len(countries) {
			c.Country = strings.ToUpper(strings.TrimSpace(countries[i]))
		}
		// A row with a country but no name goes to the service, which
		// says the name is missing, instead of vanishing.
		if strings.TrimSpace(n) == "" && c.Country == "" {
			continue
		}
		c.Multinational = i < len(mnc) && mnc[i] == "1"
		c.Private = i < len(priv) && priv[i] == "1"
		p.Customers = append(p.Customers, c)
	}
	raw["joined_on"] = f.Get("joined_on")
	raw["status"] = f.Get("status")
	return p, raw
}

func (s *Server) enterpriseCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	var v apperr.Validation
	p, raw := profileFromForm(r, &v)
	in := enterprise.NewEnterprise{Profile: p, Status: enterprise.Status(raw["status"])}
	if raw["joined_on"] != "" {
		d, err := vn.ParseDate(raw["joined_on"])
		if err != nil {
			v.Add("joined_on", "field.date")
		}
		in.JoinedOn = d
	}
	// Text that is not a number or a date is reported first: the service
	// is not called with half a form.
	err := v.Err()
	if err == nil {
		var view enterprise.View
		view, err = s.Registry.Create(r.Context(), in)
		if err == nil {
			s.flash(w, r, "enterprise.created")
			http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(view.Public.ID, 10), http.StatusSeeOther)
			return
		}
	}
	s.formError(w, r, err, func(b Base) { s.renderEnterpriseForm(w, r, apperr.HTTPStatus(err), b, 0, p, raw) }, "enterprise.new.title")
}

func (s *Server) enterpriseEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	p, err := s.Registry.ProfileForEdit(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	raw := map[string]string{}
	if p.FoundedYear != 0 {
		raw["founded_year"] = strconv.Itoa(p.FoundedYear)
	}
	if p.RevenueYear != 0 {
		raw["revenue_year"] = strconv.Itoa(p.RevenueYear)
	}
	for k, n := range map[string]*int64{"employees": p.Employees, "charter_capital_vnd": p.CharterCapitalVND, "revenue_vnd": p.RevenueVND} {
		if n != nil {
			raw[k] = vn.FormatInt(*n)
		}
	}
	raw["export_markets"] = strings.Join(p.ExportMarkets, ", ")
	b := s.base(r, "enterprise.edit.title")
	s.renderEnterpriseForm(w, r, http.StatusOK, b, id, p, raw)
}

func (s *Server) enterpriseUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.mayEdit(w, r, id) || !s.parseForm(w, r) {
		return
	}
	var v apperr.Validation
	p, raw := profileFromForm(r, &v)
	err := v.Err()
	if err == nil {
		if _, err = s.Registry.Update(r.Context(), id, p); err == nil {
			s.flash(w, r, "enterprise.updated")
			http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
			return
		}
	}
	if apperr.As(err).Key == "enterprise.stale" {
		// Someone saved the profile meanwhile: the form keeps what this
		// user typed, now against the current version, so that saving
		// again is a deliberate overwrite rather than the same refusal.
		if cur, ferr := s.Registry.ProfileForEdit(r.Context(), id); ferr == nil {
			p.Version = cur.Version
		}
		err = apperr.New(apperr.Conflict, "enterprise.stale_form")
	}
	s.formError(w, r, err, func(b Base) { s.renderEnterpriseForm(w, r, apperr.HTTPStatus(err), b, id, p, raw) }, "enterprise.edit.title")
}

func (s *Server) enterpriseStatus(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	on, err := vn.ParseDate(r.PostFormValue("on"))
	if err != nil {
		var v apperr.Validation
		v.Add("on", "field.date")
		s.actionError(w, r, id, v.Err())
		return
	}
	if err := s.Registry.SetStatus(r.Context(), id, enterprise.Status(r.PostFormValue("status")), on, r.PostFormValue("note")); err != nil {
		s.actionError(w, r, id, err)
		return
	}
	s.flash(w, r, "enterprise.updated")
	http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) enterpriseVerify(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	var groups []enterprise.FieldGroup
	for _, g := range r.PostForm["groups"] {
		groups = append(groups, enterprise.FieldGroup(g))
	}
	var err error
	if r.PostFormValue("action") == "unverify" {
		err = s.Registry.Unverify(r.Context(), id, groups...)
	} else {
		err = s.Registry.Verify(r.Context(), id, groups...)
	}
	if err != nil {
		s.actionError(w, r, id, err)
		return
	}
	s.flash(w, r, "enterprise.verified")
	http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// actionError shows the profile again with the error of an action taken
// on it (status, verification, certificate), or the error page.
func (s *Server) actionError(w http.ResponseWriter, r *http.Request, id int64, err error) {
	s.formError(w, r, err, func(b Base) {
		b.Form = r.PostForm
		s.renderEnterprise(w, r, id, apperr.HTTPStatus(err), b)
	}, "")
}

func (s *Server) myCompany(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Enterprise) {
		return
	}
	v, err := s.Registry.MyEnterprise(r.Context())
	if apperr.Is(err, apperr.NotFound) {
		s.renderClaimForm(w, r, http.StatusOK, s.base(r, "claim.title"))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(v.Public.ID, 10), http.StatusSeeOther)
}

// mayEdit answers forbidden before a form is read when the caller may not
// edit the enterprise, so that a stranger's malformed form is refused for
// who sent it, not for what it says. The service checks again.
func (s *Server) mayEdit(w http.ResponseWriter, r *http.Request, id int64) bool {
	v, err := s.Registry.FindEnterprise(r.Context(), id)
	if err == nil && !v.CanEdit {
		err = apperr.New(apperr.Forbidden, "error.forbidden")
		if actor.From(r.Context()).Anonymous() {
			err = apperr.New(apperr.Unauthenticated, "error.unauthenticated")
		}
	}
	if err != nil {
		s.renderError(w, r, err)
		return false
	}
	return true
}
