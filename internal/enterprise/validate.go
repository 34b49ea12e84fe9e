package enterprise

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// Length limits, in characters. Generous: they stop abuse, not people.
const (
	maxName      = 300
	maxShort     = 100
	maxLine      = 300
	maxContact   = 200
	maxPhone     = 40
	maxEmail     = 254
	maxText      = 4000
	maxCustomers = 50
	maxMarkets   = 60
	maxItems     = 200
)

// TaxCodeKey is the i18n key of the message for a broken tax-code rule
// ("taxcode.check_digit" ...), so that a form says exactly what to fix.
func TaxCodeKey(rule vn.TaxCodeRule) string { return "taxcode." + string(rule) }

// CanonicalTaxCode checks a tax code and returns its canonical form
// (vn.ParseTaxCode), or an Invalid error on field tax_code naming the rule
// broken.
func CanonicalTaxCode(s string) (string, error) {
	var v apperr.Validation
	c := checkTaxCode(&v, s)
	return c, v.Err()
}

func checkTaxCode(v *apperr.Validation, s string) string {
	c, err := vn.ParseTaxCode(s)
	var te *vn.TaxCodeError
	switch {
	case errors.As(err, &te):
		v.Add("tax_code", TaxCodeKey(te.Rule))
	case err != nil:
		v.Add("tax_code", "taxcode.invalid")
	}
	return c
}

// maxAmountVND bounds capital and revenue: 9 million billion đồng, far
// above any enterprise's and below 2^53, so that every figure survives
// JSON (the audit trail, the API's clients) exactly.
const maxAmountVND = 9_000_000_000_000_000

// maxEmployees bounds a headcount.
const maxEmployees = 10_000_000

func clean(s string) string { return strings.TrimSpace(vn.NFC(s)) }

func tooLong(v *apperr.Validation, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		v.Add(field, "field.too_long", "max", max)
	}
}

// normalise tidies what people type: NFC, trimmed, lists without
// duplicates, country codes in upper case, a website with its scheme, a
// ward code with its leading zeros.
func normalise(p Profile) Profile {
	p.TaxCode = strings.TrimSpace(p.TaxCode)
	for _, f := range []*string{&p.Name, &p.NameEN, &p.ShortName, &p.Street, &p.Phone, &p.Materials, &p.Equipment, &p.Capacity,
		&p.Contact.Name, &p.Contact.Title, &p.Contact.Phone} {
		*f = clean(*f)
	}
	p.Email = strings.ToLower(clean(p.Email))
	p.Contact.Email = strings.ToLower(clean(p.Contact.Email))
	p.Website = clean(p.Website)
	if p.Website != "" && !strings.Contains(p.Website, "://") {
		p.Website = "https://" + p.Website
	}
	p.WardCode = strings.TrimSpace(p.WardCode)
	if n := len(p.WardCode); n > 0 && n < 5 && isDigits(p.WardCode) {
		p.WardCode = strings.Repeat("0", 5-n) + p.WardCode
	}
	if p.SectorGroup == "" {
		p.SectorGroup = vn.SectorIndustry
	}
	p.KeySectors = dedupe(p.KeySectors)
	p.Industries = dedupe(p.Industries)
	p.ProductIDs = dedupe(p.ProductIDs)
	p.ProcessIDs = dedupe(p.ProcessIDs)
	for i := range p.ExportMarkets {
		p.ExportMarkets[i] = strings.ToUpper(strings.TrimSpace(p.ExportMarkets[i]))
	}
	p.ExportMarkets = dedupe(slices.DeleteFunc(p.ExportMarkets, func(c string) bool { return c == "" }))
	for i := range p.Customers {
		c := &p.Customers[i]
		c.Name, c.Country = clean(c.Name), strings.ToUpper(strings.TrimSpace(c.Country))
	}
	return p
}

// dedupe removes repeated values, keeping the first of each in order.
func dedupe[T comparable](xs []T) []T {
	seen := make(map[T]bool, len(xs))
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// validate checks a normalised profile and records every broken rule at
// once. linkedProducts and linkedProcesses are what the enterprise already
// has, which stay allowed after an admin deactivates them.
func (s *Service) validate(ctx context.Context, q db.Querier, p *Profile, v *apperr.Validation, linkedProducts, linkedProcesses []int64) error {
	// Years go to the message as text: a number printer would write
	// 2025 as "2.025".
	thisYear := s.Today().Year()
	p.TaxCode = checkTaxCode(v, p.TaxCode)
	if p.Name == "" {
		v.Add("name", "field.required")
	}
	tooLong(v, "name", p.Name, maxName)
	tooLong(v, "name_en", p.NameEN, maxName)
	tooLong(v, "short_name", p.ShortName, maxShort)
	if !p.LegalForm.Valid() {
		v.Add("legal_form", "field.choose")
	}
	if !p.Ownership.Valid() {
		v.Add("ownership", "field.choose")
	}
	if p.FoundedYear != 0 && (p.FoundedYear < 1900 || p.FoundedYear > thisYear) {
		v.Add("founded_year", "enterprise.year_range", "min", "1900", "max", strconv.Itoa(thisYear))
	}
	tooLong(v, "street", p.Street, maxLine)
	if p.WardCode != "" {
		if u, ok := s.units.Ward(p.WardCode, vn.ReformDate()); !ok || u.ProvinceCode != s.province {
			v.Add("ward_code", "enterprise.ward_unknown", "code", p.WardCode)
		}
	}
	checkPhone(v, "phone", p.Phone)
	checkEmail(v, "email", p.Email)
	checkWebsite(v, "website", &p.Website)
	tooLong(v, "contact.name", p.Contact.Name, maxContact)
	tooLong(v, "contact.title", p.Contact.Title, maxContact)
	checkPhone(v, "contact.phone", p.Contact.Phone)
	checkEmail(v, "contact.email", p.Contact.Email)
	for _, f := range []struct {
		field string
		n     *int64
		max   int64
	}{{"employees", p.Employees, maxEmployees}, {"charter_capital_vnd", p.CharterCapitalVND, maxAmountVND}, {"revenue_vnd", p.RevenueVND, maxAmountVND}} {
		switch {
		case f.n == nil:
		case *f.n < 0:
			v.Add(f.field, "field.not_negative")
		case *f.n > f.max:
			v.Add(f.field, "field.too_large", "max", f.max)
		}
	}
	if p.RevenueVND != nil || p.RevenueYear != 0 {
		if p.RevenueYear < 1990 || p.RevenueYear > thisYear {
			v.Add("revenue_year", "enterprise.year_range", "min", "1990", "max", strconv.Itoa(thisYear))
		}
	}
	if p.SectorGroup != vn.SectorIndustry && p.SectorGroup != vn.SectorTrade {
		v.Add("sector_group", "field.choose")
	}
	if len(p.KeySectors) == 0 {
		v.Add("key_sectors", "enterprise.key_sector_required")
	}
	for _, k := range p.KeySectors {
		if !k.Valid() {
			v.Add("key_sectors", "field.choose")
			break
		}
	}
	for _, i := range p.Industries {
		if !i.Valid() {
			v.Add("industries", "field.choose")
			break
		}
	}
	if len(p.ProductIDs) > maxItems {
		v.Add("product_ids", "field.too_many", "max", maxItems)
	} else if err := checkCatalogue(ctx, q, v, "product_ids", "products", p.ProductIDs, linkedProducts); err != nil {
		return err
	}
	if len(p.ProcessIDs) > maxItems {
		v.Add("process_ids", "field.too_many", "max", maxItems)
	} else if err := checkCatalogue(ctx, q, v, "process_ids", "processes", p.ProcessIDs, linkedProcesses); err != nil {
		return err
	}
	tooLong(v, "materials", p.Materials, maxText)
	tooLong(v, "equipment", p.Equipment, maxText)
	tooLong(v, "capacity", p.Capacity, maxText)
	if len(p.Customers) > maxCustomers {
		v.Add("customers", "field.too_many", "max", maxCustomers)
	}
	for i, c := range p.Customers {
		f := fmt.Sprintf("customers[%d]", i)
		if c.Name == "" {
			v.Add(f+".name", "field.required")
		}
		tooLong(v, f+".name", c.Name, maxName)
		if c.Country != "" && !ValidCountry(c.Country) {
			v.Add(f+".country", "field.country", "code", c.Country)
		}
	}
	if len(p.ExportMarkets) > maxMarkets {
		v.Add("export_markets", "field.too_many", "max", maxMarkets)
	}
	for _, c := range p.ExportMarkets {
		if !ValidCountry(c) {
			v.Add("export_markets", "field.country", "code", c)
			break
		}
	}
	if !p.SupplierTier.Valid() {
		v.Add("supplier_tier", "field.choose")
	}
	return nil
}

// checkCatalogue checks that every id is an active entry of table, or one
// the enterprise already has.
func checkCatalogue(ctx context.Context, q db.Querier, v *apperr.Validation, field, table string, ids, linked []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT id, active FROM `+table+` WHERE id IN (`+db.Placeholders(1, len(ids))+`)`, args...)
	if err != nil {
		return apperr.Wrap(err, "check "+table)
	}
	defer rows.Close()
	ok := map[int64]bool{}
	for rows.Next() {
		var id int64
		var active bool
		if err := rows.Scan(&id, &active); err != nil {
			return apperr.Wrap(err, "scan "+table)
		}
		ok[id] = active || slices.Contains(linked, id)
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "check "+table)
	}
	for _, id := range ids {
		if !ok[id] {
			v.Add(field, "field.choose")
			break
		}
	}
	return nil
}

func checkPhone(v *apperr.Validation, field, s string) {
	if s == "" {
		return
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +.-()/", r):
		default:
			v.Add(field, "field.phone")
			return
		}
	}
	if digits < 8 || digits > 15 || utf8.RuneCountInString(s) > maxPhone {
		v.Add(field, "field.phone")
	}
}

func checkEmail(v *apperr.Validation, field, s string) {
	if s == "" {
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > maxEmail || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		v.Add(field, "field.email")
	}
}

// checkWebsite accepts an http or https URL with a dotted host name, and
// stores it without a trailing slash on a bare host.
func checkWebsite(v *apperr.Validation, field string, s *string) {
	if *s == "" {
		return
	}
	u, err := url.Parse(*s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Hostname(), ".") ||
		strings.ContainsAny(*s, " \t") || u.User != nil || len(*s) > maxLine {
		v.Add(field, "field.url")
		return
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if u.Path == "/" && u.RawQuery == "" && u.Fragment == "" {
		u.Path = ""
	}
	*s = u.String()
}
