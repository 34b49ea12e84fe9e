package importer

import (
	"math"
	"strconv"
	"strings"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// Column is what was found in one column: its header, the field it maps
// to, the text encoding detected in it, and what repairing it changes.
type Column struct {
	Index    int                 `json:"index"`
	Header   string              `json:"header"` // repaired, as shown to the user
	Field    Field               `json:"field"`
	Detected vn.LegacyEncoding   `json:"detected,omitempty"` // text fields only
	Used     vn.LegacyEncoding   `json:"used,omitempty"`     // Detected, or the user's override
	Repaired int                 `json:"repaired"`           // cells whose text repair changes
	Example  *Repair             `json:"example,omitempty"`  // one of them, before and after
	Samples  []string            `json:"samples,omitempty"`  // a few raw values
	Problems []apperr.FieldError `json:"-"`
}

// Repair is a cell before and after its text was repaired.
type Repair struct {
	Before string `json:"before"`
	After  string `json:"after"`
}

// Options are the user's corrections to what was detected.
type Options struct {
	// Mapping replaces AutoMap's guess when not nil.
	Mapping Mapping
	// Encodings overrides the detected encoding of a column, by index.
	Encodings map[int]vn.LegacyEncoding
}

// Result is a file turned into rows for the registry, with what was found
// in each column.
type Result struct {
	Table   *Table
	Columns []Column
	Rows    []enterprise.ImportRow
	// Missing lists required fields no column holds.
	Missing []Field
	present map[string]bool // the profile fields the columns supply
}

// Converter turns tables into rows; it knows the administrative units to
// map addresses with.
type Converter struct {
	Units    *vn.Units
	Province string    // the 2-digit code of the province the registry serves
	Today    time.Time // the day new 2025 units are looked up on
	// wards remembers what each district and ward text of a file gave:
	// files repeat a few hundred wards over their rows, and finding one
	// by name ranks every ward of the province.
	wards map[[2]string]wardFound
}

type wardFound struct {
	code, key string
	args      []any
}

// Convert maps, repairs and parses a table. Rows whose values cannot be
// read carry Problems; nothing is dropped.
func (c Converter) Convert(t *Table, opt Options) Result {
	samples := make(sampler, len(t.Header))
	for _, r := range t.Rows {
		samples.add(r.Cells)
	}
	res := c.prepare(t.Header, samples, opt)
	c.wards = map[[2]string]wardFound{}
	res.Table = t
	res.Rows = make([]enterprise.ImportRow, 0, len(t.Rows))
	for _, r := range t.Rows {
		res.Rows = append(res.Rows, c.row(r, res.Columns, res.present))
	}
	return res
}

// Stream is Convert for a file opened with Open: the columns now, and the
// rows as the source yields them, each read again from the file, mapped
// and repaired on the way (the columns' repair counts grow as it goes).
// The result holds no table and no rows.
func (c Converter) Stream(f *File, opt Options) (Result, enterprise.RowSource) {
	res := c.prepare(f.Header, f.samples, opt)
	cols, present := res.Columns, res.present
	c.wards = map[[2]string]wardFound{}
	return res, func(yield func(enterprise.ImportRow) error) error {
		return f.Each(func(r Row) error { return yield(c.row(r, cols, present)) })
	}
}

// prepare finds what each column holds: its field, from opt's mapping or
// AutoMap's, and the encoding of its text, detected from its samples.
func (c Converter) prepare(header []string, samples [][]string, opt Options) Result {
	m := opt.Mapping
	if m == nil {
		m = AutoMap(header)
	}
	var res Result
	for _, f := range []Field{FieldTaxCode, FieldName} {
		if !m.Has(f) {
			res.Missing = append(res.Missing, f)
		}
	}
	res.Columns = make([]Column, len(header))
	for i, h := range header {
		col := Column{Index: i, Header: RepairHeader(h)}
		if i < len(m) {
			col.Field = m[i]
		}
		col.Samples = samples[i][:min(3, len(samples[i]))]
		if textFields[col.Field] {
			col.Detected = vn.DetectLegacy(samples[i])
			col.Used = col.Detected
			if e, ok := opt.Encodings[i]; ok {
				col.Used = e
			}
		}
		res.Columns[i] = col
	}
	// Which profile fields the file supplies: one map for every row (an
	// empty cell leaves a field as it is anyway).
	res.present = map[string]bool{}
	for _, col := range res.Columns {
		switch col.Field {
		case FieldIgnore, FieldDistrict, FieldStandard, FieldCertNumber, FieldCertBody, FieldCertScope, FieldIssuedOn, FieldExpiresOn:
		case FieldWard:
			res.present["ward_code"] = true
		default:
			res.present[string(col.Field)] = true
		}
	}
	return res
}

// text repairs one cell of a text column, counting what changed.
func (col *Column) text(cell Cell) string {
	raw := strings.TrimSpace(cell.Text)
	out := raw
	if col.Used != "" {
		out = vn.DecodeLegacy(col.Used, raw)
		if col.Used == vn.EncodingTCVN3 && vn.IsTCVN3UpperFont(cell.Font) {
			out = strings.ToUpper(out)
		}
	} else {
		out = vn.NFC(raw)
	}
	if out != raw {
		col.Repaired++
		if col.Example == nil {
			col.Example = &Repair{Before: raw, After: out}
		}
	}
	return out
}

func (c Converter) row(r Row, cols []Column, present map[string]bool) enterprise.ImportRow {
	out := enterprise.ImportRow{Line: r.Line, Present: present}
	p := &out.Profile
	problem := func(field, key string, kv ...any) {
		fe := apperr.FieldError{Field: field, Key: key}
		if len(kv) > 0 {
			fe.Args = map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				fe.Args[kv[i].(string)] = kv[i+1]
			}
		}
		out.Problems = append(out.Problems, fe)
	}
	var ward, district string
	for i := range cols {
		col := &cols[i]
		if col.Field == FieldIgnore || i >= len(r.Cells) {
			continue
		}
		cell := r.Cells[i]
		var v string
		if textFields[col.Field] {
			v = col.text(cell)
		} else {
			v = vn.NFC(strings.TrimSpace(cell.Text))
		}
		v = unescapeFormula(v)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "=") {
			// A formula typed as text ("=HYPERLINK(...)") is data nobody
			// meant; it is refused, never evaluated.
			problem(string(col.Field), "import.formula")
			continue
		}
		switch col.Field {
		case FieldTaxCode:
			p.TaxCode = v
			// Excel keeps a tax code typed as a number without its
			// leading zero: 100233488 is 0100233488.
			if isDigits(v) && (len(v) == 9 || len(v) == 12) {
				p.TaxCode = "0" + v
			}
		case FieldName:
			p.Name = v
		case FieldNameEN:
			p.NameEN = v
		case FieldShortName:
			p.ShortName = v
		case FieldStreet:
			p.Street = v
		case FieldWard:
			ward = v
		case FieldDistrict:
			district = v
		case FieldPhone:
			p.Phone = v
		case FieldEmail:
			p.Email = v
		case FieldWebsite:
			p.Website = v
		case FieldContactName:
			p.Contact.Name = v
		case FieldContactPhone:
			p.Contact.Phone = v
		case FieldContactEmail:
			p.Contact.Email = v
		case FieldMaterials:
			p.Materials = v
		case FieldCapacity:
			p.Capacity = v
		case FieldEmployees, FieldCapital, FieldRevenue:
			n, err := parseAmount(v)
			if err != nil {
				problem(string(col.Field), "field.number")
				continue
			}
			switch col.Field {
			case FieldEmployees:
				p.Employees = &n
			case FieldCapital:
				p.CharterCapitalVND = &n
			default:
				p.RevenueVND = &n
			}
		case FieldRevenueYear, FieldFoundedYear:
			y, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
			if err != nil {
				problem(string(col.Field), "field.year")
				continue
			}
			if col.Field == FieldRevenueYear {
				p.RevenueYear = y
			} else {
				p.FoundedYear = y
			}
		case FieldJoinedOn:
			d, err := parseDate(v)
			if err != nil {
				problem("joined_on", "field.date")
				continue
			}
			out.JoinedOn = d
		case FieldStandard, FieldCertNumber, FieldCertBody, FieldCertScope:
			if out.Cert == nil {
				out.Cert = &enterprise.ImportCert{}
			}
			switch col.Field {
			case FieldStandard:
				out.Cert.Standard = v
			case FieldCertNumber:
				out.Cert.Number = v
			case FieldCertBody:
				out.Cert.Body = v
			default:
				out.Cert.Scope = v
			}
		case FieldIssuedOn, FieldExpiresOn:
			d, err := parseDate(v)
			if err != nil {
				problem(string(col.Field), "field.date")
				continue
			}
			if out.Cert == nil {
				out.Cert = &enterprise.ImportCert{}
			}
			if col.Field == FieldIssuedOn {
				out.Cert.IssuedOn = d
			} else {
				out.Cert.ExpiresOn = d
			}
		case FieldKeySectors:
			ks, ok := parseSectors(v)
			if !ok {
				problem("key_sectors", "import.sector_unknown", "value", v)
				continue
			}
			p.KeySectors = ks
		}
	}
	if ward != "" {
		k := [2]string{district, ward}
		w, ok := c.wards[k]
		if !ok {
			w.code, w.key, w.args = c.ward(district, ward)
			if c.wards != nil && len(c.wards) < 100_000 {
				c.wards[k] = w
			}
		}
		code, key, args := w.code, w.key, w.args
		if key != "" {
			problem("ward_code", key, args...)
		} else {
			p.WardCode = code
		}
	}
	return out
}

// ward finds the 2025 ward of an address: a 2025 ward by name or code,
// or an old ward (with its old district when the file has one) mapped to
// the ward that took it. A split or ambiguous old ward is not guessed:
// the row goes back to a person with the candidates.
func (c Converter) ward(district, ward string) (code, key string, args []any) {
	names := func(us []vn.Unit) string {
		var out []string
		for _, u := range us {
			out = append(out, u.FullName)
		}
		return strings.Join(out, "; ")
	}
	if isDigits(ward) {
		if u, ok := c.Units.Ward(ward, c.Today); ok && u.ProvinceCode == c.Province {
			return u.Code, "", nil
		}
		res := c.Units.MapOldWard(ward)
		return c.mapped(res, ward, names)
	}
	if district == "" {
		if found := c.Units.FindWards(c.Province, ward, c.Today); len(found) == 1 {
			return found[0].Code, "", nil
		}
	}
	res := c.Units.MapOldAddress(c.Province, district, ward)
	if res.Status == vn.MapNotFound && district != "" {
		// Perhaps a 2025 ward after all, with the old district kept.
		if found := c.Units.FindWards(c.Province, ward, c.Today); len(found) == 1 {
			return found[0].Code, "", nil
		}
	}
	return c.mapped(res, ward, names)
}

func (c Converter) mapped(res vn.MapResult, typed string, names func([]vn.Unit) string) (string, string, []any) {
	switch res.Status {
	case vn.MapFull:
		return res.New.Code, "", nil
	case vn.MapSplit:
		return "", "import.ward_split", []any{"old", res.Old.FullName, "candidates", names(res.Candidates)}
	case vn.MapAmbiguous:
		return "", "import.ward_ambiguous", []any{"value", typed, "candidates", names(res.Candidates)}
	}
	return "", "import.ward_unknown", []any{"value", typed}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// parseAmount reads 1.234.567, 1234567 and the 1.2345E+10 Excel may
// store, refusing fractions.
func parseAmount(s string) (int64, error) {
	if n, err := vn.ParseInt(s); err == nil {
		return n, nil
	}
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), nil
		}
	}
	return vn.ParseInt(s)
}

// excelEpoch is day 0 of Excel's date serials (1900 system, with its
// leap-year bug absorbed for dates after February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads dd/mm/yyyy and its variants, or an Excel date serial.
func parseDate(s string) (time.Time, error) {
	if d, err := vn.ParseDate(s); err == nil {
		return d, nil
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n >= 1 && n < 2958466 {
		return excelEpoch.AddDate(0, 0, int(n)), nil
	}
	return vn.ParseDate(s)
}

// parseSectors reads key sectors named in Vietnamese or English, with or
// without diacritics, several separated by ; or ,.
func parseSectors(s string) ([]enterprise.KeySector, bool) {
	var out []enterprise.KeySector
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' || r == '+' }) {
		f := foldHeader(part)
		if f == "" {
			continue
		}
		var hit enterprise.KeySector
		for _, ch := range enterprise.KeySectorChoices() {
			for _, name := range []string{ch.Code, foldHeader(ch.NameVI), foldHeader(ch.NameEN)} {
				if f == name {
					hit = enterprise.KeySector(ch.Code)
				}
			}
			for _, kw := range sectorWords[enterprise.KeySector(ch.Code)] {
				if strings.Contains(f, kw) {
					hit = enterprise.KeySector(ch.Code)
				}
			}
		}
		if hit == "" {
			return nil, false
		}
		if !contains(out, hit) {
			out = append(out, hit)
		}
	}
	return out, len(out) > 0
}

// sectorWords are words officers write for the three key sectors.
var sectorWords = map[enterprise.KeySector][]string{
	enterprise.SectorComponents: {"linh kien", "phu tung", "co khi", "components", "spare parts"},
	enterprise.SectorTextile:    {"det may", "da giay", "textile", "garment", "leather", "footwear"},
	enterprise.SectorHighTech:   {"cong nghe cao", "high tech", "hightech", "high technology"},
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
