package rest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
)

// API limits of a listing page: tighter than the service's, since a client
// can always page.
const (
	defaultLimit = 50
	maxLimit     = 200
	maxOffset    = 1<<31 - 1
)

// filterParams are the query parameters of the filters shared by
// listings and counts.
func filterParams(more ...string) []string {
	return append([]string{"key_sector", "industry", "ward_code", "size", "ownership", "product_id", "process_id", "standard_id", "verified", "q"}, more...)
}

// listOnlyParams are the parameters of listings that counts do not take:
// counts are of active enterprises, and international is what they count.
func listOnlyParams() []string {
	return []string{"international", "status", "sort", "desc", "limit", "offset"}
}

// query reads a request's query parameters, collecting every invalid one.
type query struct {
	vals url.Values
	v    apperr.Validation
}

// newQuery refuses parameters not in allowed, so that a misspelt filter
// is an error rather than silently ignored (the same rule as unknown JSON
// fields).
func newQuery(r *http.Request, allowed []string) *query {
	q := &query{vals: r.URL.Query()}
	var unknown []string
	for name := range q.vals {
		if !slices.Contains(allowed, name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		q.v.Add(name, keyUnknownField)
	}
	return q
}

func (q *query) str(name string) string { return strings.TrimSpace(q.vals.Get(name)) }

// id reads a positive integer; 0 when absent.
func (q *query) id(name string) int64 {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.v.Add(name, keyNumber)
		return 0
	}
	return n
}

// intRange reads an integer within [min, max]; def when absent.
func (q *query) intRange(name string, def, min, max int) int {
	s := q.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		q.v.Add(name, keyNumber)
		return def
	}
	if n < min || n > max {
		q.v.Add(name, keyRange, "min", strconv.Itoa(min), "max", strconv.Itoa(max))
		return def
	}
	return n
}

// boolean reads true or false; nil when absent.
func (q *query) boolean(name string) *bool {
	switch q.str(name) {
	case "":
		return nil
	case "true":
		t := true
		return &t
	case "false":
		f := false
		return &f
	}
	q.v.Add(name, keyChoose)
	return nil
}

// code reads a value that valid must accept.
func (q *query) code(name string, valid func(string) bool) string {
	s := q.str(name)
	if s != "" && !valid(s) {
		q.v.Add(name, keyChoose)
	}
	return s
}

func inChoices(cs []enterprise.Choice) func(string) bool {
	return func(s string) bool {
		return slices.ContainsFunc(cs, func(c enterprise.Choice) bool { return c.Code == s })
	}
}

// filter reads the filter parameters shared by listings and counts.
func (q *query) filter() enterprise.Filter {
	return enterprise.Filter{
		KeySector: enterprise.KeySector(q.code("key_sector", func(s string) bool { return enterprise.KeySector(s).Valid() })),
		Industry:  enterprise.Industry(q.code("industry", func(s string) bool { return enterprise.Industry(s).Valid() })),
		WardCode:  q.str("ward_code"),
		Size:      q.code("size", inChoices(enterprise.SizeChoices())),
		Ownership: enterprise.Ownership(q.code("ownership", inChoices(enterprise.OwnershipChoices()))),
		ProductID: q.id("product_id"), ProcessID: q.id("process_id"), StandardID: q.id("standard_id"),
		Verified: q.boolean("verified"),
		Text:     q.str("q"),
	}
}

// serviceFields renames the service's filter fields to the API's
// parameter names.
func serviceFields(err error) error {
	e := apperr.As(err)
	if len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = slices.Clone(e.Fields)
	for i, f := range out.Fields {
		if f.Field == "sector" {
			out.Fields[i].Field = "key_sector"
		}
	}
	return &out
}

func (a *API) listEnterprises(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, filterParams(listOnlyParams()...))
	f := q.filter()
	if intl := q.boolean("international"); intl != nil {
		f.International = *intl
	}
	f.Status = enterprise.Status(q.code("status", func(s string) bool { return enterprise.Status(s).Valid() }))
	f.Sort = enterprise.Sort(q.code("sort", func(s string) bool {
		return slices.Contains([]enterprise.Sort{enterprise.SortName, enterprise.SortTaxCode, enterprise.SortJoined, enterprise.SortEmployees, enterprise.SortUpdated}, enterprise.Sort(s))
	}))
	if desc := q.boolean("desc"); desc != nil {
		f.Desc = *desc
	}
	f.Limit = q.intRange("limit", defaultLimit, 1, maxLimit)
	f.Offset = q.intRange("offset", 0, 0, maxOffset)
	if err := q.v.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	page, err := a.Registry.FindEnterprises(r.Context(), f)
	if err != nil {
		a.fail(w, r, serviceFields(err))
		return
	}
	writeJSON(w, http.StatusOK, pageJSON(page))
}

func (a *API) enterpriseCounts(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, filterParams("date"))
	f := q.filter()
	var date time.Time
	if s := q.str("date"); s != "" {
		d, err := parseDate(s)
		if err != nil {
			q.v.Add("date", keyDate)
		}
		date = d
	}
	if err := q.v.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Registry.CountAsOf(r.Context(), date, f)
	if err != nil {
		a.fail(w, r, serviceFields(err))
		return
	}
	writeJSON(w, http.StatusOK, countsJSON(c))
}

func (a *API) createEnterprise(w http.ResponseWriter, r *http.Request) {
	// Permission before reading the body, as for users.
	if _, err := actor.Require(r.Context(), actor.Officer, actor.Admin); err != nil {
		a.fail(w, r, err)
		return
	}
	var in newEnterpriseInput
	if !a.decodeInto(w, r, &in) {
		return
	}
	view, err := a.Registry.Create(r.Context(), enterprise.NewEnterprise{Profile: in.profile(), JoinedOn: in.JoinedOn.Time(), Status: in.Status})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/enterprises/"+strconv.FormatInt(view.Public.ID, 10))
	writeJSON(w, http.StatusCreated, enterpriseJSON(view))
}

func (a *API) getEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	view, err := a.Registry.FindEnterprise(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, enterpriseJSON(view))
}

// patchEnterprise applies a JSON merge patch (RFC 7396) to the profile as
// it is now: only the fields in the body change. The version read with the
// profile goes with the update unless the body names one, so that a change
// made between the read and the write is not overwritten (409).
func (a *API) patchEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		_, err = actor.RequireUser(r.Context())
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	cur, err := a.Registry.ProfileForEdit(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	p := profilePatch{profileInput: profileInputOf(cur), Version: cur.Version}
	if !a.decodeInto(w, r, &p) {
		return
	}
	next := p.profile()
	next.Version = p.Version // null in the patch: 0, no check
	view, err := a.Registry.Update(r.Context(), id, next)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, enterpriseJSON(view))
}
