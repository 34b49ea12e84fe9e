package enterprise

import (
	"context"
	"strconv"
	"strings"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// SizeUnknownFilter in Filter.Size selects enterprises whose size class is
// not known (figures missing), for officers completing the registry.
const SizeUnknownFilter = "unknown"

// Sort orders a listing.
type Sort string

// The orders. SortName is Vietnamese dictionary order (vn.Compare) of the
// name, through the stored key vn.Key, so the database sorts it.
const (
	SortName      Sort = "name"
	SortTaxCode   Sort = "tax_code"
	SortJoined    Sort = "joined_on"
	SortEmployees Sort = "employees"
	SortUpdated   Sort = "updated_at"
)

// Paging bounds of FindEnterprises.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Filter selects enterprises for FindEnterprises and CountAsOf; zero
// fields do not filter. In CountAsOf, StandardID and International are
// judged on the day counted, Status, Sort and paging are ignored, and the
// other fields are the enterprises' current values.
type Filter struct {
	KeySector KeySector
	Industry  Industry
	// WardCode is a 2025 ward code.
	WardCode string
	// Size is a vn.SizeClass, SizeUnknownFilter, or "" for any.
	Size      string
	Ownership Ownership
	ProductID int64
	ProcessID int64
	// StandardID keeps enterprises holding a valid certificate of that
	// standard (today in listings).
	StandardID int64
	// International keeps enterprises meeting international standards
	// (today in listings).
	International bool
	Status        Status
	// Verified keeps fully verified (true) or not fully verified (false)
	// enterprises.
	Verified *bool
	// Text matches the name, short name or English name, ignoring case and
	// diacritics ("dong anh" finds "Đông Anh"), or a tax-code prefix. It
	// is a plain filter; ranked search is the search capability's.
	Text string

	Sort   Sort
	Desc   bool
	Limit  int
	Offset int
}

// Page is one page of a listing.
type Page struct {
	Items []Summary `json:"items"`
	// Total is the number of enterprises matching the filter.
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func itoa(n int) string { return strconv.Itoa(n) }

// where builds a WHERE clause with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

// arg adds a value and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + itoa(len(w.args))
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// checkFilter reports filter values that are not codes of their lists.
func checkFilter(f *Filter) error {
	var v apperr.Validation
	if f.KeySector != "" && !f.KeySector.Valid() {
		v.Add("sector", "field.choose")
	}
	if f.Industry != "" && !f.Industry.Valid() {
		v.Add("industry", "field.choose")
	}
	if f.Size != "" && !inList(SizeChoices(), f.Size) {
		v.Add("size", "field.choose")
	}
	if f.Ownership != "" && !f.Ownership.Valid() {
		v.Add("ownership", "field.choose")
	}
	if f.Status != "" && !f.Status.Valid() {
		v.Add("status", "field.choose")
	}
	switch f.Sort {
	case "", SortName, SortTaxCode, SortJoined, SortEmployees, SortUpdated:
	default:
		v.Add("sort", "field.choose")
	}
	if f.Offset < 0 {
		v.Add("offset", "field.not_negative")
	}
	return v.Err()
}

// unmerged makes w leave out profiles merged into others (which are those
// others now): asked by id, from a partial index of the few merged ones,
// not of e's row, so that counts still read indexes only; and only when
// there are any, so that a registry without merges pays nothing.
func unmerged(ctx context.Context, q db.Querier, w *where) error {
	var any bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM enterprises WHERE merged_into <> 0)`).Scan(&any); err != nil {
		return apperr.Wrap(err, "find merged")
	}
	if any {
		w.add(`e.id NOT IN (SELECT m.id FROM enterprises m WHERE m.merged_into <> 0)`)
	}
	return nil
}

// filterSQL adds f's conditions on enterprises e to w; day is the stored
// date certificates must be valid on.
func filterSQL(f Filter, day string, w *where) {
	link := func(table, col string, v any) {
		w.add(`EXISTS (SELECT 1 FROM ` + table + ` x WHERE x.enterprise_id = e.id AND x.` + col + ` = ` + w.arg(v) + `)`)
	}
	if f.KeySector != "" {
		link("enterprise_sectors", "sector", string(f.KeySector))
	}
	if f.Industry != "" {
		link("enterprise_industries", "industry", string(f.Industry))
	}
	if f.ProductID != 0 {
		link("enterprise_products", "product_id", f.ProductID)
	}
	if f.ProcessID != 0 {
		link("enterprise_processes", "process_id", f.ProcessID)
	}
	if f.WardCode != "" {
		w.add(`e.ward_code = ` + w.arg(f.WardCode))
	}
	switch f.Size {
	case "":
	case SizeUnknownFilter:
		w.add(`e.size_class = ''`)
	default:
		w.add(`e.size_class = ` + w.arg(f.Size))
	}
	if f.Ownership != "" {
		w.add(`e.ownership = ` + w.arg(string(f.Ownership)))
	}
	if f.StandardID != 0 || f.International {
		d := w.arg(day)
		if f.StandardID != 0 {
			w.add(`EXISTS (SELECT 1 FROM certifications c WHERE c.enterprise_id = e.id AND c.standard_id = ` + w.arg(f.StandardID) +
				` AND c.removed_at = 0 AND c.issued_on <= ` + d + ` AND c.expires_on > ` + d + `)`)
		}
		if f.International {
			w.add(intlOn(d))
		}
	}
	if f.Verified != nil {
		w.add(`e.verified = ` + w.arg(*f.Verified))
	}
	if t := vn.Fold(f.Text); t != "" {
		if digits := taxDigits(t); len(digits) >= 2 {
			like := `%` + escapeLike(t) + `%`
			w.add(`(e.tax_code LIKE ` + w.arg(digits+`%`) + ` OR e.search_fold LIKE ` + w.arg(like) + ` ESCAPE '\')`)
		} else {
			// Every word typed must appear somewhere in the names, in any
			// order: "co khi dong anh" finds "Cơ khí Chính xác Đông Anh".
			for _, word := range strings.Fields(t) {
				w.add(`e.search_fold LIKE ` + w.arg(`%`+escapeLike(word)+`%`) + ` ESCAPE '\'`)
			}
		}
	}
}

// escapeLike escapes LIKE's wildcards so that text matches literally.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// taxDigits returns the digits of s when s is a tax code being typed
// (digits and separators only), else "".
func taxDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-':
		default:
			return ""
		}
	}
	d := b.String()
	if len(d) > 10 {
		d = d[:10] + "-" + d[10:]
	}
	return d
}

// FindEnterprises lists enterprises matching f, one page at a time, with
// the total count. Officers and admins list every status; everyone else
// lists active enterprises only (the Status filter is ignored for them).
// Rows carry public fields only.
func (s *Service) FindEnterprises(ctx context.Context, f Filter) (Page, error) {
	if err := checkFilter(&f); err != nil {
		return Page{}, err
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	f.Limit = min(f.Limit, MaxLimit)
	if !manages(actor.From(ctx)) {
		f.Status = StatusActive
	}
	today := dateStr(s.Today())
	var w where
	if err := unmerged(ctx, s.db, &w); err != nil {
		return Page{}, err
	}
	filterSQL(f, today, &w)
	if f.Status != "" {
		w.add(`e.status = ` + w.arg(string(f.Status)))
	}
	page := Page{Limit: f.Limit, Offset: f.Offset}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises e`+w.sql(), w.args...).Scan(&page.Total); err != nil {
		return Page{}, apperr.Wrap(err, "count enterprises")
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	var order string
	switch f.Sort {
	case SortTaxCode:
		order = "e.tax_code" + dir
	case SortJoined:
		order = "e.joined_on" + dir + ", e.name_key"
	case SortEmployees:
		order = "e.employees" + dir + ", e.name_key"
	case SortUpdated:
		order = "e.updated_at" + dir
	default:
		order = "e.name_key" + dir
	}
	q := `SELECT e.id, e.tax_code, e.name, e.name_en, e.short_name, e.ward_code, e.ownership, e.employees, e.size_class, e.status, e.joined_on, e.verified, e.updated_at
		FROM enterprises e` + w.sql() + ` ORDER BY ` + order + `, e.id` + dir + ` LIMIT ` + itoa(f.Limit) + ` OFFSET ` + itoa(f.Offset)
	rows, err := s.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return Page{}, apperr.Wrap(err, "list enterprises")
	}
	defer rows.Close()
	byID := map[int64]int{}
	for rows.Next() {
		var m Summary
		var own, size, status, joined string
		var emp, updated int64
		if err := rows.Scan(&m.ID, &m.TaxCode, &m.Name, &m.NameEN, &m.ShortName, &m.WardCode, &own, &emp, &size, &status, &joined, &m.FullyVerified, &updated); err != nil {
			return Page{}, apperr.Wrap(err, "scan enterprise")
		}
		m.Ownership, m.SizeClass, m.Status = Ownership(own), vn.SizeClass(size), Status(status)
		m.Employees, m.JoinedOn, m.UpdatedAt = figure(emp), parseDate(joined), db.FromMicros(updated)
		m.WardName = s.wardName(m.WardCode)
		byID[m.ID] = len(page.Items)
		page.Items = append(page.Items, m)
	}
	if err := rows.Err(); err != nil {
		return Page{}, apperr.Wrap(err, "list enterprises")
	}
	rows.Close()
	if err := s.decorate(ctx, page.Items, byID, today); err != nil {
		return Page{}, err
	}
	return page, nil
}

// decorate fills the key sectors and today's international standing of a
// page's rows, with one query each for the whole page.
func (s *Service) decorate(ctx context.Context, items []Summary, byID map[int64]int, today string) error {
	if len(items) == 0 {
		return nil
	}
	args := make([]any, 0, len(items)+1)
	for _, m := range items {
		args = append(args, m.ID)
	}
	in := db.Placeholders(1, len(items))
	rows, err := s.db.QueryContext(ctx, `SELECT enterprise_id, sector FROM enterprise_sectors WHERE enterprise_id IN (`+in+`) ORDER BY enterprise_id, sector`, args...)
	if err != nil {
		return apperr.Wrap(err, "page sectors")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			return apperr.Wrap(err, "scan sector")
		}
		m := &items[byID[id]]
		m.KeySectors = append(m.KeySectors, KeySector(k))
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "page sectors")
	}
	rows.Close()
	for i := range items {
		sortByChoices(items[i].KeySectors, KeySectorChoices())
	}
	args = append(args, today)
	d := "$" + itoa(len(args))
	rows, err = s.db.QueryContext(ctx, `SELECT DISTINCT c.enterprise_id FROM certifications c JOIN standards st ON st.id = c.standard_id
		WHERE c.enterprise_id IN (`+in+`) AND st.international AND c.removed_at = 0 AND c.issued_on <= `+d+` AND c.expires_on > `+d, args...)
	if err != nil {
		return apperr.Wrap(err, "page certifications")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return apperr.Wrap(err, "scan certification")
		}
		items[byID[id]].MeetsInternationalStandards = true
	}
	return apperr.Wrap(rows.Err(), "page certifications")
}
