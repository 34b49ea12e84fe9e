package vn

import (
	"bytes"
	"cmp"
	_ "embed" // for the reference files
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// The reference files described in data/README.md, embedded as strings so
// that parsing can slice them without copying.
var (
	//go:embed data/vn-provinces-2025.csv
	provinces2025CSV string
	//go:embed data/vn-provinces-pre2025.csv
	provincesPre2025CSV string
	//go:embed data/vn-districts-pre2025.csv
	districtsPre2025CSV string
	//go:embed data/vn-wards-2025.csv
	wards2025CSV string
	//go:embed data/vn-wards-pre2025.csv
	wardsPre2025CSV string
	//go:embed data/vn-province-mapping-2025.csv
	provinceMappingCSV string
	//go:embed data/vn-ward-mapping-2025.csv
	wardMappingCSV string
	//go:embed data/hanoi-wards-2025.csv
	hanoiWards2025CSV string
	//go:embed data/hanoi-wards-pre2025.csv
	hanoiWardsPre2025CSV string
	//go:embed data/hanoi-districts-pre2025.csv
	hanoiDistrictsPre2025CSV string
	//go:embed data/vn-legacy-encodings.csv
	legacyEncodingsCSV string
)

// dataFile returns an embedded file by name.
func dataFile(name string) (string, bool) {
	switch name {
	case "vn-provinces-2025.csv":
		return provinces2025CSV, true
	case "vn-provinces-pre2025.csv":
		return provincesPre2025CSV, true
	case "vn-districts-pre2025.csv":
		return districtsPre2025CSV, true
	case "vn-wards-2025.csv":
		return wards2025CSV, true
	case "vn-wards-pre2025.csv":
		return wardsPre2025CSV, true
	case "vn-province-mapping-2025.csv":
		return provinceMappingCSV, true
	case "vn-ward-mapping-2025.csv":
		return wardMappingCSV, true
	case "hanoi-wards-2025.csv":
		return hanoiWards2025CSV, true
	case "hanoi-wards-pre2025.csv":
		return hanoiWardsPre2025CSV, true
	case "hanoi-districts-pre2025.csv":
		return hanoiDistrictsPre2025CSV, true
	case "vn-legacy-encodings.csv":
		return legacyEncodingsCSV, true
	}
	return "", false
}

// ReformDate returns 1 July 2025 (midnight UTC), the day the two-tier
// administrative system took effect: districts were abolished and provinces
// and communes merged. A unit code refers to the pre-reform unit before this
// date and to the new unit from it on, because new units reuse the codes of
// their predecessors.
func ReformDate() time.Time {
	return time.Date(2025, time.July, 1, 0, 0, 0, 0, time.UTC)
}

// Era is the administrative arrangement a unit belongs to.
type Era string

// The two arrangements.
const (
	// Era2025 is the two-tier arrangement in force from 1 July 2025.
	Era2025 Era = "2025"
	// EraPre2025 is the three-tier arrangement in force until 30 June 2025
	// (the data is its last state, from 1 March 2025).
	EraPre2025 Era = "pre2025"
)

// EraAt returns the arrangement in force on the calendar date of asOf, read
// in asOf's own location, so that 1 July 2025 00:30 in Hanoi is already the
// new arrangement even though it is 30 June in UTC. The zero time is before
// the reform.
func EraAt(asOf time.Time) Era {
	y, m, d := asOf.Date()
	if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(ReformDate()) {
		return EraPre2025
	}
	return Era2025
}

// Level is the tier of an administrative unit.
type Level string

// The tiers. Districts exist only before the reform.
const (
	// LevelProvince: tỉnh or thành phố trực thuộc trung ương.
	LevelProvince Level = "province"
	// LevelDistrict: quận, huyện, thị xã, thành phố thuộc tỉnh (pre-2025).
	LevelDistrict Level = "district"
	// LevelWard: the commune level — phường, xã, thị trấn (pre-2025), đặc
	// khu (2025).
	LevelWard Level = "ward"
)

// Unit is an administrative unit (province, district or commune-level unit)
// of one era. Codes are the statistics office's codes as strings with their
// leading zeros ("01", "001", "00004").
type Unit struct {
	// Code is 2 digits for a province, 3 for a district, 5 for a ward.
	Code string
	// Name is the name without the type ("Ba Đình").
	Name string
	// FullName is the name with the type ("Phường Ba Đình").
	FullName string
	// NameEN is the name without diacritics, as used in English; it comes
	// from the data where the data has it (provinces, Hanoi units, e.g.
	// "Hanoi") and is derived by removing diacritics otherwise.
	NameEN string
	// Type is the unit type as a slug: thanh_pho_truc_thuoc_trung_uong,
	// tinh, quan, huyen, thi_xa, thanh_pho_thuoc_tinh,
	// thanh_pho_thuoc_thanh_pho_truc_thuoc_trung_uong, phuong, xa,
	// thi_tran, dac_khu.
	Type string
	// ProvinceCode is the unit's province (the unit's own code for a
	// province).
	ProvinceCode string
	// DistrictCode is the unit's district before the reform (the unit's own
	// code for a district); empty for 2025 units and provinces.
	DistrictCode string
	// Level is the unit's tier.
	Level Level
	// Era is the arrangement the unit belongs to; with Code it identifies
	// the unit, since codes are reused across eras.
	Era Era
}

// unitEntry is a unit with the forms used to match and sort it, computed
// once at load time.
type unitEntry struct {
	Unit
	exact string // Name tone-normalised, lower case, tidied
	fold  string // the same, folded
	key   []byte // collation key of Name
}

// unitTable is one list of units with its indexes.
type unitTable struct {
	entries  []unitEntry
	byCode   map[string]int
	byParent map[string][]int // province code → indexes, sorted by name
	byDist   map[string][]int // pre-2025 wards: district code → indexes, sorted by name
	all      []int            // every index, sorted by name
}

// mapRow is one old → new pair of the ward mapping.
type mapRow struct {
	oldFullName, oldDistrict, oldProvince string
	newCode, newFullName, newProvince     string
	partial                               bool
}

// Units is the embedded administrative-unit reference data: provinces,
// districts and wards before the reform, provinces and wards after it, and
// the old → new mappings. It is immutable once loaded and safe for
// concurrent use; load it once and share it.
type Units struct {
	provinces2025, provincesPre unitTable
	districts                   unitTable
	wards2025, wardsPre         unitTable
	wardMap                     map[string][]mapRow // old ward code → new units, in file order
	provinceMap                 map[string]string   // old province code → new province code
}

// LoadUnits parses the embedded reference files. Each call parses them
// anew (a few tens of milliseconds), so the application should call it once
// at start-up and share the result. It fails only if the embedded data is
// inconsistent, which the package's tests rule out.
func LoadUnits() (*Units, error) {
	u := &Units{}
	var err error
	if u.provinces2025, err = loadTable("vn-provinces-2025.csv", "", LevelProvince, Era2025); err != nil {
		return nil, err
	}
	if u.provincesPre, err = loadTable("vn-provinces-pre2025.csv", "", LevelProvince, EraPre2025); err != nil {
		return nil, err
	}
	if u.districts, err = loadTable("vn-districts-pre2025.csv", "hanoi-districts-pre2025.csv", LevelDistrict, EraPre2025); err != nil {
		return nil, err
	}
	if u.wards2025, err = loadTable("vn-wards-2025.csv", "hanoi-wards-2025.csv", LevelWard, Era2025); err != nil {
		return nil, err
	}
	if u.wardsPre, err = loadTable("vn-wards-pre2025.csv", "hanoi-wards-pre2025.csv", LevelWard, EraPre2025); err != nil {
		return nil, err
	}
	if err := u.loadMappings(); err != nil {
		return nil, err
	}
	return u, nil
}

// csvFile is a parsed CSV file with its columns by name.
type csvFile struct {
	name string
	cols map[string]int
	rows [][]string
}

func readCSV(name string, required ...string) (*csvFile, error) {
	text, ok := dataFile(name)
	if !ok {
		return nil, fmt.Errorf("vn: no embedded file %q", name)
	}
	return parseCSV(name, text, required...)
}

// parseCSV parses CSV text with a header row and checks that the required
// columns are there.
func parseCSV(name, text string, required ...string) (*csvFile, error) {
	var records [][]string
	var err error
	if strings.ContainsAny(text, "\"\r") {
		// Quoted fields: let encoding/csv handle them.
		records, err = csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			return nil, fmt.Errorf("vn: %s: %w", name, err)
		}
	} else {
		// The unit lists have no quotes; splitting shares one string
		// instead of allocating every field, which halves the load time.
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		records = make([][]string, len(lines))
		for i, l := range lines {
			records[i] = strings.Split(l, ",")
			if len(records[i]) != len(records[0]) {
				return nil, fmt.Errorf("vn: %s: line %d: wrong number of fields", name, i+1)
			}
		}
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("vn: %s: empty", name)
	}
	f := &csvFile{name: name, cols: make(map[string]int, len(records[0])), rows: records[1:]}
	for i, h := range records[0] {
		f.cols[h] = i
	}
	for _, c := range required {
		if _, ok := f.cols[c]; !ok {
			return nil, fmt.Errorf("vn: %s: no column %q", name, c)
		}
	}
	return f, nil
}

// get returns a row's value of a column, "" if the file has no such column.
func (f *csvFile) get(row []string, col string) string {
	if i, ok := f.cols[col]; ok {
		return row[i]
	}
	return ""
}

// getter returns a function reading one column, resolved once for a loop.
func (f *csvFile) getter(col string) func(row []string) string {
	i, ok := f.cols[col]
	if !ok {
		return func([]string) string { return "" }
	}
	return func(row []string) string { return row[i] }
}

// loadTable reads a national list and overlays English names from the
// matching Hanoi file (which must agree with the national list).
func loadTable(file, hanoiFile string, level Level, era Era) (unitTable, error) {
	f, err := readCSV(file, "code", "name", "type", "province_code", "full_name")
	if err != nil {
		return unitTable{}, err
	}
	t := unitTable{
		entries:  make([]unitEntry, 0, len(f.rows)),
		byCode:   make(map[string]int, len(f.rows)),
		byParent: make(map[string][]int),
	}
	code, name, fullName, nameEN := f.getter("code"), f.getter("name"), f.getter("full_name"), f.getter("name_en")
	typ, province, district := f.getter("type"), f.getter("province_code"), f.getter("district_code")
	for _, row := range f.rows {
		u := Unit{
			Code:         code(row),
			Name:         name(row),
			FullName:     fullName(row),
			NameEN:       nameEN(row),
			Type:         typ(row),
			ProvinceCode: province(row),
			DistrictCode: district(row),
			Level:        level,
			Era:          era,
		}
		if level == LevelDistrict {
			u.DistrictCode = u.Code
		}
		if _, dup := t.byCode[u.Code]; dup || u.Code == "" || u.Name == "" {
			return unitTable{}, fmt.Errorf("vn: %s: bad or duplicate code %q", file, u.Code)
		}
		t.byCode[u.Code] = len(t.entries)
		t.entries = append(t.entries, unitEntry{Unit: u})
	}
	if hanoiFile != "" {
		h, err := readCSV(hanoiFile, "code", "name", "name_en")
		if err != nil {
			return unitTable{}, err
		}
		for _, row := range h.rows {
			code := h.get(row, "code")
			i, ok := t.byCode[code]
			if !ok || t.entries[i].Name != h.get(row, "name") {
				return unitTable{}, fmt.Errorf("vn: %s: unit %q disagrees with %s", hanoiFile, code, file)
			}
			t.entries[i].NameEN = h.get(row, "name_en")
		}
	}
	for i := range t.entries {
		e := &t.entries[i]
		if e.NameEN == "" {
			e.NameEN = stripDiacritics(e.Name)
		}
		// A full name is always the type word and the name (a test checks
		// it), and every type word is a known prefix, so matching the name
		// after stripping the prefix covers full names too.
		normalized := NormalizeTone(e.Name)
		e.exact, e.fold = tidyForms(normalized)
		e.key = keyOfNormalized(normalized)
	}
	t.all = make([]int, len(t.entries))
	for i := range t.all {
		t.all[i] = i
	}
	slices.SortFunc(t.all, t.byName)
	for _, i := range t.all { // t.all is sorted, so each group comes out sorted
		p := t.entries[i].ProvinceCode
		t.byParent[p] = append(t.byParent[p], i)
		if level == LevelWard && era == EraPre2025 {
			if t.byDist == nil {
				t.byDist = make(map[string][]int)
			}
			d := t.entries[i].DistrictCode
			t.byDist[d] = append(t.byDist[d], i)
		}
	}
	return t, nil
}

// byName orders entries by collation of their names, then by code so that
// the order is total.
func (t *unitTable) byName(i, j int) int {
	if c := bytes.Compare(t.entries[i].key, t.entries[j].key); c != 0 {
		return c
	}
	return cmp.Compare(t.entries[i].Code, t.entries[j].Code)
}

func (u *Units) loadMappings() error {
	pm, err := readCSV("vn-province-mapping-2025.csv", "old_code", "new_code")
	if err != nil {
		return err
	}
	u.provinceMap = make(map[string]string, len(pm.rows))
	for _, row := range pm.rows {
		old, nw := pm.get(row, "old_code"), pm.get(row, "new_code")
		if _, ok := u.provincesPre.byCode[old]; !ok {
			return fmt.Errorf("vn: %s: unknown old province %q", pm.name, old)
		}
		if _, ok := u.provinces2025.byCode[nw]; !ok {
			return fmt.Errorf("vn: %s: unknown new province %q", pm.name, nw)
		}
		u.provinceMap[old] = nw
	}
	wm, err := readCSV("vn-ward-mapping-2025.csv", "old_code", "old_full_name", "old_district_code",
		"old_province_code", "new_code", "new_full_name", "new_province_code", "merge_type")
	if err != nil {
		return err
	}
	u.wardMap = make(map[string][]mapRow, len(u.wardsPre.entries))
	oldCode, oldFullName, oldDistrict, oldProvince := wm.getter("old_code"), wm.getter("old_full_name"),
		wm.getter("old_district_code"), wm.getter("old_province_code")
	newCode, newFullName, newProvince, mergeType := wm.getter("new_code"), wm.getter("new_full_name"),
		wm.getter("new_province_code"), wm.getter("merge_type")
	for _, row := range wm.rows {
		r := mapRow{
			oldFullName: oldFullName(row),
			oldDistrict: oldDistrict(row),
			oldProvince: oldProvince(row),
			newCode:     newCode(row),
			newFullName: newFullName(row),
			newProvince: newProvince(row),
		}
		switch mergeType(row) {
		case "full":
		case "partial":
			r.partial = true
		default:
			return fmt.Errorf("vn: %s: bad merge_type %q", wm.name, mergeType(row))
		}
		old := oldCode(row)
		u.wardMap[old] = append(u.wardMap[old], r)
	}
	return nil
}

// wardTable and provinceTable return the table of an era.
func (u *Units) wardTable(e Era) *unitTable {
	if e == Era2025 {
		return &u.wards2025
	}
	return &u.wardsPre
}

func (u *Units) provinceTable(e Era) *unitTable {
	if e == Era2025 {
		return &u.provinces2025
	}
	return &u.provincesPre
}

// lookup returns the unit with a code.
func (t *unitTable) lookup(code string) (Unit, bool) {
	i, ok := t.byCode[code]
	if !ok {
		return Unit{}, false
	}
	return t.entries[i].Unit, true
}

// units copies the units at some indexes, so callers cannot reach the
// shared table.
func (t *unitTable) units(idx []int) []Unit {
	out := make([]Unit, len(idx))
	for k, i := range idx {
		out[k] = t.entries[i].Unit
	}
	return out
}

// Ward returns the commune-level unit (phường, xã, thị trấn, đặc khu) with a
// 5-digit code as it was on the date asOf: the pre-2025 unit before
// ReformDate, the 2025 unit from it on. The same code can name different
// units in the two eras, which is why the date is required.
func (u *Units) Ward(code string, asOf time.Time) (Unit, bool) {
	return u.wardTable(EraAt(asOf)).lookup(code)
}

// Province returns the province with a 2-digit code as it was on asOf (63
// provinces before ReformDate, 34 from it on).
func (u *Units) Province(code string, asOf time.Time) (Unit, bool) {
	return u.provinceTable(EraAt(asOf)).lookup(code)
}

// District returns the pre-2025 district-level unit with a 3-digit code;
// districts were abolished on ReformDate, so there is no date to choose.
func (u *Units) District(code string) (Unit, bool) {
	return u.districts.lookup(code)
}

// Provinces returns the provinces in force on asOf, in Vietnamese
// collation order of their names.
func (u *Units) Provinces(asOf time.Time) []Unit {
	t := u.provinceTable(EraAt(asOf))
	return t.units(t.all)
}

// Districts returns the pre-2025 districts of a pre-2025 province, in
// Vietnamese collation order of their names.
func (u *Units) Districts(provinceCode string) []Unit {
	return u.districts.units(u.districts.byParent[provinceCode])
}

// Wards returns the commune-level units of a province as on asOf, in
// Vietnamese collation order of their names (ties by code). The province
// code is of the same era (before the reform, "02" is Hà Giang; after it,
// Hà Giang is part of "08" Tuyên Quang).
func (u *Units) Wards(provinceCode string, asOf time.Time) []Unit {
	t := u.wardTable(EraAt(asOf))
	return t.units(t.byParent[provinceCode])
}

// DistrictWards returns the pre-2025 commune-level units of a pre-2025
// district, in Vietnamese collation order of their names.
func (u *Units) DistrictWards(districtCode string) []Unit {
	return u.wardsPre.units(u.wardsPre.byDist[districtCode])
}

// FindWards finds the commune-level units of a province (of asOf's era; ""
// searches every province) whose name matches what a person typed: with or
// without diacritics, with either tone-mark placement ("Hoà"/"Hòa"), in any
// case, with or without the type ("Phường", "Xã", "Thị trấn", "Đặc khu", or
// "P.", "X.", "TT."), with leading zeros in numbered names ("Phường 01") or
// as a 5-digit code. Results come best first: exact matches (diacritics as
// typed), then matches after folding, then units of another type than the
// one typed (kept because a unit typed "Xã" may since have become a
// "Phường"); within each rank in collation order. No match gives nil.
func (u *Units) FindWards(provinceCode, name string, asOf time.Time) []Unit {
	t := u.wardTable(EraAt(asOf))
	scope := t.all
	if provinceCode != "" {
		scope = t.byParent[provinceCode]
	}
	return t.units(t.find(scope, parseQuery(name, wardPrefixes)))
}

// nameQuery is a typed name prepared for matching.
type nameQuery struct {
	raw                         string // trimmed input, to compare with codes
	exact, fold                 string // the whole input
	strippedExact, strippedFold string // without the type prefix, if any
	types                       []string
}

// namePrefix is a type word people put before a name.
type namePrefix struct {
	words []string // folded words
	types []string // unit types it stands for
}

// Type prefixes by tier; read-only.
var (
	wardPrefixes = []namePrefix{
		{[]string{"phuong"}, []string{"phuong"}},
		{[]string{"p"}, []string{"phuong"}},
		{[]string{"xa"}, []string{"xa"}},
		{[]string{"x"}, []string{"xa"}},
		{[]string{"thi", "tran"}, []string{"thi_tran"}},
		{[]string{"tt"}, []string{"thi_tran"}},
		{[]string{"dac", "khu"}, []string{"dac_khu"}},
	}
	districtPrefixes = []namePrefix{
		{[]string{"quan"}, []string{"quan"}},
		{[]string{"q"}, []string{"quan"}},
		{[]string{"huyen"}, []string{"huyen"}},
		{[]string{"h"}, []string{"huyen"}},
		{[]string{"thi", "xa"}, []string{"thi_xa"}},
		{[]string{"tx"}, []string{"thi_xa"}},
		{[]string{"thanh", "pho"}, []string{"thanh_pho_thuoc_tinh", "thanh_pho_thuoc_thanh_pho_truc_thuoc_trung_uong"}},
		{[]string{"tp"}, []string{"thanh_pho_thuoc_tinh", "thanh_pho_thuoc_thanh_pho_truc_thuoc_trung_uong"}},
	}
	provincePrefixes = []namePrefix{
		{[]string{"tinh"}, []string{"tinh"}},
		{[]string{"thanh", "pho"}, []string{"thanh_pho_truc_thuoc_trung_uong"}},
		{[]string{"tp"}, []string{"thanh_pho_truc_thuoc_trung_uong"}},
	}
)

// parseQuery prepares a typed name, recognising a type prefix.
func parseQuery(s string, prefixes []namePrefix) nameQuery {
	q := nameQuery{raw: strings.TrimSpace(s)}
	q.exact, q.fold = nameForms(s)
	words := strings.Fields(q.exact)
	folded := strings.Fields(q.fold)
	if len(words) != len(folded) {
		return q // cannot happen for real text; do not strip then
	}
	for _, p := range prefixes {
		if len(folded) > len(p.words) && slices.Equal(folded[:len(p.words)], p.words) {
			q.strippedExact = strings.Join(words[len(p.words):], " ")
			q.strippedFold = strings.Join(folded[len(p.words):], " ")
			q.types = p.types
			break
		}
	}
	return q
}

// nameForms returns the exact (tone-normalised, lower case) and folded forms
// of a name, both tidied: punctuation becomes a space, apostrophes go
// ("Đạ M'ri" = "Đạ Mri"), white space is collapsed and leading zeros of
// numbers dropped ("Phường 01" = "Phường 1").
func nameForms(s string) (exact, fold string) {
	return tidyForms(NormalizeTone(s))
}

// tidyForms is nameForms for text already through NormalizeTone. It makes
// both forms in one pass when it can, because it runs for every unit at
// load time.
func tidyForms(s string) (exact, fold string) {
	simple := isSimple(s)
	var e, f strings.Builder
	e.Grow(len(s))
	if simple {
		f.Grow(len(s))
	}
	write := func(r rune) {
		lower, folded := unicode.ToLower(r), unicode.ToLower(r)
		if info, ok := lookupLetter(r); ok {
			lower, folded = info.lower, rune(info.ascii)
		}
		e.WriteRune(lower)
		if simple {
			f.WriteRune(folded)
		}
	}
	space, inNumber, zeros := false, false, false
	flushZeros := func() { // a number made only of zeros is "0"
		if zeros {
			write('0')
			zeros = false
		}
	}
	for _, r := range s {
		switch r {
		case '\'', '\u2019', '\u2018', '`', '\u02BC':
			continue
		case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '.', ',', '(', ')', '/', '_', ';', ':':
			r = ' '
		}
		isDigit := r >= '0' && r <= '9'
		if !isDigit {
			flushZeros()
			inNumber = false
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && e.Len() > 0 {
			e.WriteByte(' ')
			if simple {
				f.WriteByte(' ')
			}
		}
		space = false
		if isDigit && !inNumber && r == '0' {
			zeros = true // a leading zero: dropped unless the number is all zeros
			continue
		}
		inNumber = isDigit
		zeros = false
		write(r)
	}
	flushZeros()
	exact = e.String()
	if simple {
		return exact, f.String()
	}
	return exact, Fold(exact)
}

// Match ranks, best first.
const (
	rankExact    = iota // diacritics as typed (tone placement normalised)
	rankFolded          // equal after folding
	rankOtherTyp        // name equal, but the typed type prefix differs
	rankNone
)

// rank scores how well an entry matches a query.
func (e *unitEntry) rank(q nameQuery) int {
	if q.exact == "" {
		return rankNone
	}
	if q.raw == e.Code {
		return rankExact
	}
	typeOK := q.types == nil || slices.Contains(q.types, e.Type)
	switch {
	case q.exact == e.exact || typeOK && q.strippedExact != "" && q.strippedExact == e.exact:
		return rankExact
	case q.fold == e.fold || typeOK && q.strippedFold != "" && q.strippedFold == e.fold:
		return rankFolded
	case q.strippedFold != "" && q.strippedFold == e.fold:
		return rankOtherTyp
	}
	return rankNone
}

// ranked groups the indexes within scope that match q by rank, each group
// in scope order (collation order).
func (t *unitTable) ranked(scope []int, q nameQuery) [rankNone][]int {
	var byRank [rankNone][]int
	for _, i := range scope {
		if r := t.entries[i].rank(q); r < rankNone {
			byRank[r] = append(byRank[r], i)
		}
	}
	return byRank
}

// find returns the indexes within scope that match q, best rank first.
func (t *unitTable) find(scope []int, q nameQuery) []int {
	var out []int
	for _, idx := range t.ranked(scope, q) {
		out = append(out, idx...)
	}
	return out
}

// best returns the indexes of the best rank that matched, or nil.
func (t *unitTable) best(scope []int, q nameQuery) []int {
	for _, idx := range t.ranked(scope, q) {
		if len(idx) > 0 {
			return idx
		}
	}
	return nil
}

// MapStatus says how an old unit maps to the new arrangement.
type MapStatus string

// The outcomes of mapping an old unit.
const (
	// MapFull: the whole old unit went into one new unit (MapResult.New).
	MapFull MapStatus = "full"
	// MapSplit: the old unit was divided among several new units
	// (MapResult.Candidates); which one an address belongs to depends on
	// its street or village, so a person must choose.
	MapSplit MapStatus = "split"
	// MapNotFound: no old unit matched the input, or it has no mapping.
	MapNotFound MapStatus = "not_found"
	// MapAmbiguous: the input matched several old units
	// (MapResult.Candidates holds those old units); a person must choose.
	MapAmbiguous MapStatus = "ambiguous"
)

// MapResult is the outcome of mapping an old unit to the 2025 arrangement.
// Old is set whenever the old unit was identified; New only for MapFull.
// Candidates holds the new units for MapSplit and the matching old units
// for MapAmbiguous, in collation order.
type MapResult struct {
	// Status says which of the other fields are set.
	Status MapStatus
	// Old is the pre-2025 unit the input identified.
	Old Unit
	// New is the 2025 unit that took the whole old unit (MapFull only).
	New Unit
	// Candidates lists the units a person must choose from.
	Candidates []Unit
}

// MapOldWard maps a pre-2025 commune-level code to the 2025 unit(s) that
// replaced it. A split unit gives MapSplit with the candidate new units and
// no New: the code alone cannot say which part an address was in, and this
// function never guesses.
func (u *Units) MapOldWard(oldWardCode string) MapResult {
	rows := u.wardMap[oldWardCode]
	if len(rows) == 0 {
		res := MapResult{Status: MapNotFound}
		res.Old, _ = u.wardsPre.lookup(oldWardCode)
		return res
	}
	old, ok := u.wardsPre.lookup(oldWardCode)
	if !ok {
		// A dozen units outside Hanoi are in the mapping but not in the
		// pre-2025 list (see data/README.md): describe them from the mapping.
		old = unitFromMapping(oldWardCode, rows[0].oldFullName, rows[0].oldProvince, rows[0].oldDistrict, EraPre2025)
	}
	res := MapResult{Old: old}
	if len(rows) == 1 && !rows[0].partial {
		res.Status = MapFull
		res.New = u.newWard(rows[0])
		return res
	}
	// Partial rows: the old unit was split (a lone partial row means the
	// rest went somewhere the data does not say; still a person's call).
	res.Status = MapSplit
	for _, r := range rows {
		res.Candidates = append(res.Candidates, u.newWard(r))
	}
	sortUnits(res.Candidates)
	return res
}

// newWard returns the 2025 unit of a mapping row, from the 2025 list where
// it is there (it carries later renamings) and from the row otherwise.
func (u *Units) newWard(r mapRow) Unit {
	if w, ok := u.wards2025.lookup(r.newCode); ok {
		return w
	}
	return unitFromMapping(r.newCode, r.newFullName, r.newProvince, "", Era2025)
}

// unitFromMapping builds a ward Unit from a code and a full name.
func unitFromMapping(code, fullName, province, district string, era Era) Unit {
	w := Unit{Code: code, Name: fullName, FullName: fullName, ProvinceCode: province,
		DistrictCode: district, Level: LevelWard, Era: era}
	for _, p := range []struct{ prefix, typ string }{
		{"Phường ", "phuong"}, {"Xã ", "xa"}, {"Thị trấn ", "thi_tran"}, {"Đặc khu ", "dac_khu"},
	} {
		if name, ok := strings.CutPrefix(fullName, p.prefix); ok {
			w.Name, w.Type = name, p.typ
			break
		}
	}
	w.NameEN = stripDiacritics(w.Name)
	return w
}

// sortUnits sorts units in collation order of their names, then by code.
func sortUnits(us []Unit) {
	slices.SortStableFunc(us, func(a, b Unit) int {
		if c := Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
}

// MapOldProvince maps a pre-2025 province code to the 2025 province that
// absorbed it. Provinces were merged whole, so the result is MapFull or
// MapNotFound.
func (u *Units) MapOldProvince(oldProvinceCode string) MapResult {
	old, ok := u.provincesPre.lookup(oldProvinceCode)
	if !ok {
		return MapResult{Status: MapNotFound}
	}
	nw, _ := u.provinces2025.lookup(u.provinceMap[oldProvinceCode])
	return MapResult{Status: MapFull, Old: old, New: nw}
}

// MapOldAddress maps the commune part of a pre-2025 address to the 2025
// arrangement. provinceCode is the pre-2025 province (2-digit code, or a
// name; "" for any province); district is the old district as a 3-digit code
// or a name ("Quận Ba Đình", "Q. Ba Dinh", "ba đình"; "" when not known);
// ward is the old commune as a 5-digit code or a name, matched as in
// FindWards. The old ward is looked up within the old district, then mapped
// with MapOldWard.
//
// Nothing is guessed: a name typed with its diacritics that matches exactly
// one unit is taken even if other units fold to the same letters, but input
// that still matches several old units gives MapAmbiguous with those units
// as Candidates, and a split unit gives MapSplit. Input that contradicts
// itself (a ward code outside the given district) gives MapNotFound.
func (u *Units) MapOldAddress(provinceCode, district, ward string) MapResult {
	provinceCode, district, ward = strings.TrimSpace(provinceCode), strings.TrimSpace(district), strings.TrimSpace(ward)
	if ward == "" {
		return MapResult{Status: MapNotFound}
	}
	// The province, or all of them. Two digits are a code, anything else a
	// name.
	var provinces []string
	switch {
	case provinceCode == "":
	case len(provinceCode) == 2 && isDigits(provinceCode):
		if _, ok := u.provincesPre.byCode[provinceCode]; !ok {
			return MapResult{Status: MapNotFound}
		}
		provinces = []string{provinceCode}
	default:
		for _, i := range u.provincesPre.best(u.provincesPre.all, parseQuery(provinceCode, provincePrefixes)) {
			provinces = append(provinces, u.provincesPre.entries[i].Code)
		}
		if len(provinces) == 0 {
			return MapResult{Status: MapNotFound}
		}
	}
	inProvince := func(code string) bool { return provinces == nil || slices.Contains(provinces, code) }

	// The district(s), if given. Three digits are a code, anything else a
	// name, which may match several districts (Thị xã and Huyện Kỳ Anh).
	var districts []string
	switch {
	case district == "":
	case len(district) == 3 && isDigits(district):
		if d, ok := u.districts.lookup(district); !ok || !inProvince(d.ProvinceCode) {
			return MapResult{Status: MapNotFound}
		}
		districts = []string{district}
	default:
		var scope []int
		if provinces == nil {
			scope = u.districts.all
		} else {
			for _, p := range provinces {
				scope = append(scope, u.districts.byParent[p]...)
			}
		}
		for _, i := range u.districts.best(scope, parseQuery(district, districtPrefixes)) {
			districts = append(districts, u.districts.entries[i].Code)
		}
		if len(districts) == 0 {
			return MapResult{Status: MapNotFound}
		}
	}
	inDistrict := func(code string) bool { return districts == nil || slices.Contains(districts, code) }

	// The ward, by code.
	if len(ward) == 5 && isDigits(ward) {
		old, ok := u.wardsPre.lookup(ward)
		if !ok {
			res := u.MapOldWard(ward) // units only the mapping knows
			if res.Status == MapNotFound {
				return res
			}
			old = res.Old
			if !inProvince(old.ProvinceCode) || districts != nil && old.DistrictCode != "" && !inDistrict(old.DistrictCode) {
				return MapResult{Status: MapNotFound}
			}
			return res
		}
		if !inProvince(old.ProvinceCode) || !inDistrict(old.DistrictCode) {
			return MapResult{Status: MapNotFound}
		}
		return u.MapOldWard(ward)
	}

	// The ward, by name.
	var scope []int
	switch {
	case districts != nil:
		for _, d := range districts {
			scope = append(scope, u.wardsPre.byDist[d]...)
		}
	case provinces != nil:
		for _, p := range provinces {
			scope = append(scope, u.wardsPre.byParent[p]...)
		}
	default:
		scope = u.wardsPre.all
	}
	found := u.wardsPre.best(scope, parseQuery(ward, wardPrefixes))
	switch len(found) {
	case 0:
		return MapResult{Status: MapNotFound}
	case 1:
		return u.MapOldWard(u.wardsPre.entries[found[0]].Code)
	}
	cands := u.wardsPre.units(found)
	sortUnits(cands)
	return MapResult{Status: MapAmbiguous, Candidates: cands}
}

// isDigits reports whether s is a non-empty string of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
