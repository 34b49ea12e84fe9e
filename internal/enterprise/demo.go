package enterprise

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// DemoFlagshipName is the name of the demo's first enterprise, which is
// always generated the same way (components, Đông Anh, certified, tier 1,
// multinational customers), so that the demo's enterprise login can be
// given a rich profile: find it with FindEnterpriseByTaxCode(
// DemoFlagshipTaxCode()) and AssignOrganisation.
const DemoFlagshipName = "Công ty TNHH Cơ khí Chính xác Đông Anh"

// MaxDemo is the largest number of enterprises LoadDemo generates; the
// tax-code space it draws from holds this many distinct codes.
const MaxDemo = 1_400_000

// perEntityAuditMax is the largest load written with one audit entry per
// change; larger loads (benchmarks) write one per batch.
const perEntityAuditMax = 10_000

// demoBatch is the number of enterprises per transaction of a large load.
const demoBatch = 5_000

// LoadDemo generates n enterprises of a realistic Hanoi registry and
// stores them (system or admin callers only; the registry must be empty).
// The data is deterministic: the same seed and the same day (the service
// clock's today) give the same registry. The day matters because
// certificates are renewed up to it, so that about a third of the
// enterprises meet international standards on the day the demo is loaded
// whenever that is; joining dates and status changes span 2019–2025.
//
// Up to 10,000 enterprises load in one transaction with an audit entry for
// every creation, status change, certificate and verification, so that
// profiles show a real timeline. Larger loads (benchmarks, up to MaxDemo)
// commit every 5,000 enterprises and write one audit entry per batch
// instead: a million hash-chained entries would measure the audit log, not
// the registry.
func LoadDemo(ctx context.Context, s *Service, seed int64, n int) error {
	a := actor.From(ctx)
	if !a.System && a.Role != actor.Admin {
		return forbidden()
	}
	if n < 0 || n > MaxDemo {
		var v apperr.Validation
		v.Add("n", "field.too_many", "max", MaxDemo)
		return v.Err()
	}
	var count int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises`).Scan(&count); err != nil {
		return apperr.Wrap(err, "count enterprises")
	}
	if count > 0 {
		return apperr.New(apperr.Conflict, "demo.not_empty")
	}
	g, err := newDemoGen(ctx, s, seed)
	if err != nil {
		return err
	}
	perEntity := n <= perEntityAuditMax
	batch, mode := demoBatch, auditBatch
	if perEntity {
		batch, mode = max(n, 1), auditEach
	}
	for start := 0; start < n; start += batch {
		end := min(n, start+batch)
		items := make([]bulkEnterprise, 0, end-start)
		for i := start; i < end; i++ {
			items = append(items, g.enterprise(i))
		}
		note := fmt.Sprintf("demo seed %d, enterprises %d–%d", seed, start, end-1)
		if err := s.db.WithTx(ctx, func(tx *db.Tx) error { return s.bulkInsert(ctx, tx, items, mode, note) }); err != nil {
			return err
		}
	}
	if !perEntity {
		// Fresh statistics, so that the planners choose the indexes at
		// once rather than after PostgreSQL's autovacuum gets to it (SQLite
		// has none).
		if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
			return apperr.Wrap(err, "analyze")
		}
	}
	return nil
}

// DemoTaxCode is the tax code of the demo's enterprise number i (0-based):
// Hanoi's prefix 01, a sequence spread over the whole range by a fixed
// permutation (so neighbouring enterprises do not have neighbouring
// codes), and its check digit (vn.TaxCheckDigit).
func DemoTaxCode(i int) string {
	const m, p = MaxDemo, 982_451 // p is prime and does not divide m: i → i·p mod m is a permutation
	base := 100_000 + (int64(i)%m*p%m)*7
	for k := int64(0); k < 7; k++ {
		first9 := fmt.Sprintf("01%07d", base+k)
		if c, ok := vn.TaxCheckDigit(first9); ok {
			return first9 + string(c)
		}
	}
	// Seven consecutive prefixes cannot all lack a check digit: their
	// weighted sums differ by 3 (weight of digit 9) except across a carry.
	panic("enterprise: no valid tax code near " + strconv.FormatInt(base, 10))
}

// DemoFlagshipTaxCode is the tax code of DemoFlagshipName.
func DemoFlagshipTaxCode() string { return DemoTaxCode(0) }

type genWard struct {
	code, name string
	parks      []string
}

// demoGen holds what generation needs, built once per load.
type demoGen struct {
	seed      int64
	today     time.Time
	lines     map[KeySector][]demoLine
	brands    []string
	roots     []string
	wards     []genWard
	wardCum   []int
	streets   []string
	customers []demoCustomer
	bodies    []demoBody
	family    []string
	given     []struct{ middle, given string }
	titles    []string
	products  map[string]int64
	processes map[string]int64
	standards map[string]int64
	names     map[string]bool // names given so far: company names are unique by law
}

func newDemoGen(ctx context.Context, s *Service, seed int64) (*demoGen, error) {
	g := &demoGen{seed: seed, today: s.Today(), lines: map[KeySector][]demoLine{}, brands: demoBrands(), roots: demoForeignRoots(),
		streets: demoStreets(), customers: demoCustomers(), bodies: demoBodies(), family: demoFamilyNames(), given: demoGivenNames(),
		titles: demoTitles(), products: map[string]int64{}, processes: map[string]int64{}, standards: map[string]int64{}, names: map[string]bool{}}
	for _, l := range demoLines() {
		g.lines[l.sector] = append(g.lines[l.sector], l)
	}
	ps, err := s.Products(ctx, false)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		g.products[p.Code] = p.ID
	}
	pr, err := s.Processes(ctx, false)
	if err != nil {
		return nil, err
	}
	for _, p := range pr {
		g.processes[p.Code] = p.ID
	}
	sts, err := s.Standards(ctx, false)
	if err != nil {
		return nil, err
	}
	for _, st := range sts {
		g.standards[st.Code] = st.ID
	}
	// Wards: the industrial communes of the table where the province has
	// them, and every other ward of the province with a small weight (city
	// offices, small workshops).
	all := s.Wards()
	used := map[string]bool{}
	total := 0
	for _, dw := range demoWards() {
		for _, u := range all {
			if u.Name == dw.name && !used[u.Code] {
				used[u.Code] = true
				total += dw.weight * 10
				g.wards = append(g.wards, genWard{u.Code, u.Name, dw.parks})
				g.wardCum = append(g.wardCum, total)
				break
			}
		}
	}
	for _, u := range all {
		if !used[u.Code] {
			total += 6
			g.wards = append(g.wards, genWard{u.Code, u.Name, nil})
			g.wardCum = append(g.wardCum, total)
		}
	}
	if len(g.wards) == 0 {
		return nil, apperr.Wrap(fmt.Errorf("province %s has no wards", s.province), "demo wards")
	}
	return g, nil
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// between is a uniformly random day from a to b inclusive (a when b is
// before a).
func between(r *rand.Rand, a, b time.Time) time.Time {
	n := int(b.Sub(a).Hours() / 24)
	if n <= 0 {
		return a
	}
	return a.AddDate(0, 0, r.IntN(n+1))
}

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// ascii is a Vietnamese name without diacritics, in title case, for
// English names ("Thăng Long" → "Thang Long").
func ascii(s string) string {
	words := strings.Fields(vn.Fold(s))
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

// enterprise generates enterprise number i. Each enterprise draws from its
// own random stream (seed, i), so enterprises can be generated in any
// order and a change to one field's rule does not reshuffle the others.
func (g *demoGen) enterprise(i int) bulkEnterprise {
	r := rand.New(rand.NewPCG(uint64(g.seed), uint64(i)))
	var it bulkEnterprise
	p := &it.rec.Profile
	p.TaxCode = DemoTaxCode(i)
	flagship := i == 0

	// Sector, line of business, ownership, legal form.
	sector := SectorComponents
	if u := r.Float64(); !flagship && u >= 0.60 {
		sector = SectorHighTech
		if u >= 0.82 {
			sector = SectorTextile
		}
	}
	line := g.pickLine(r, sector)
	if flagship {
		line = g.lines[SectorComponents][0]
	}
	fdi := !flagship && chance(r, map[KeySector]float64{SectorComponents: 0.18, SectorHighTech: 0.22, SectorTextile: 0.12}[sector])
	switch {
	case flagship:
		p.LegalForm, p.Ownership = FormMultiMemberLLC, OwnershipPrivate
	case fdi:
		p.LegalForm = []LegalForm{FormSingleMemberLLC, FormSingleMemberLLC, FormSingleMemberLLC, FormSingleMemberLLC, FormMultiMemberLLC, FormJointStock}[r.IntN(6)]
		p.Ownership = OwnershipForeign
		if chance(r, 0.12) {
			p.Ownership = OwnershipJointVenture
		}
	default:
		u := r.Float64()
		switch {
		case u < 0.38:
			p.LegalForm = FormMultiMemberLLC
		case u < 0.63:
			p.LegalForm = FormSingleMemberLLC
		case u < 0.95:
			p.LegalForm = FormJointStock
		case u < 0.98:
			p.LegalForm = FormSoleProprietor
		default:
			p.LegalForm = FormCooperative
		}
		p.Ownership = OwnershipPrivate
		if p.LegalForm == FormJointStock && chance(r, 0.08) {
			p.Ownership = OwnershipState
		}
	}
	p.KeySectors = []KeySector{sector}
	if !flagship && sector != SectorTextile && chance(r, 0.10) {
		other := SectorHighTech
		if sector == SectorHighTech {
			other = SectorComponents
		}
		p.KeySectors = append(p.KeySectors, other)
	}

	// Address.
	w := g.pickWard(r)
	if flagship {
		for _, x := range g.wards {
			if x.name == "Đông Anh" {
				w = x
			}
		}
	}
	p.WardCode = w.code
	if len(w.parks) > 0 && chance(r, 0.7) {
		p.Street = fmt.Sprintf("Lô %s%d-%02d, %s", pick(r, []string{"CN", "CN", "B", "C", "D"}), 1+r.IntN(12), 1+r.IntN(30), pick(r, w.parks))
	} else {
		p.Street = fmt.Sprintf("Số %d, %s", 1+r.IntN(250), pick(r, g.streets))
	}

	// Names.
	domain := g.nameCompany(r, p, line, fdi, w, flagship)

	// Contacts.
	p.Phone = fmt.Sprintf("024 %d%03d %04d", pick(r, []int{3, 3, 6, 2}), r.IntN(1000), r.IntN(10000))
	p.Email = pick(r, []string{"info", "sales", "contact", "kinhdoanh"}) + "@" + domain
	if chance(r, 0.75) {
		p.Website = "https://www." + domain
	}
	fam, gv := pick(r, g.family), pick(r, g.given)
	p.Contact = Contact{Name: fam + " " + gv.middle + " " + gv.given, Title: pick(r, g.titles),
		Phone: fmt.Sprintf("09%d %03d %04d", r.IntN(10), r.IntN(1000), r.IntN(10000)),
		Email: vn.Fold(gv.given) + "." + vn.Fold(firstRune(fam)+firstRune(gv.middle)) + "@" + domain}
	p.ContactPrivate = chance(r, 0.4)

	// Size: employees log-normal around 55 (FDI larger); revenue and
	// capital follow, in whole millions of đồng.
	emp := int64(math.Round(math.Exp(4.0 + r.NormFloat64()*1.0)))
	if fdi {
		emp = emp * 18 / 10
	}
	if flagship {
		emp = 240
	}
	emp = min(max(emp, 5), 6000)
	perHead := 400 + r.Int64N(1600) // million đồng of revenue per employee
	revenue := emp * perHead * 1_000_000
	capital := max(revenue*int64(15+r.IntN(45))/100/100_000_000*100_000_000, 500_000_000)
	if !chance(r, 0.01) {
		p.Employees = &emp
	}
	if !chance(r, 0.04) {
		p.RevenueVND = &revenue
		p.RevenueYear = g.today.Year() - 1
	}
	if !chance(r, 0.02) {
		p.CharterCapitalVND = &capital
	}
	p.SectorGroup = vn.SectorIndustry
	if chance(r, 0.03) {
		p.SectorGroup = vn.SectorTrade
	}

	// Capability.
	p.Industries = subset(r, line.industries, 1)
	for _, code := range subset(r, line.products, 1) {
		if id, ok := g.products[code]; ok {
			p.ProductIDs = append(p.ProductIDs, id)
		}
	}
	for _, code := range subset(r, line.processes, 2) {
		if id, ok := g.processes[code]; ok {
			p.ProcessIDs = append(p.ProcessIDs, id)
		}
	}
	p.Materials, p.Equipment = line.materials, line.equipment
	p.Capacity = fmt.Sprintf(line.capacity, max(1, int(emp)/20+r.IntN(5)))

	// History: joining the registry (most at the programme's 2019 start),
	// then suspensions and closures.
	joined, founded := g.joining(r, fdi)
	if flagship {
		joined, founded = day(2019, 3, 15), 2008
	}
	p.FoundedYear = founded
	it.rec.JoinedOn = joined
	it.periods = g.periods(r, joined, flagship)
	it.rec.Status = it.periods[len(it.periods)-1].Status

	// Certificates.
	certClass := r.Float64()
	if flagship {
		certClass = 0
	}
	it.certs = g.certificates(r, certClass, line, p.Industries, fdi, flagship)
	hasIntl := certClass < 0.36

	// Customers, markets, tier.
	mncP := 0.2
	switch {
	case fdi:
		mncP = 0.8
	case hasIntl:
		mncP = 0.7
	}
	var mnc bool
	for k := 0; k < 1+r.IntN(3); k++ {
		if chance(r, mncP) || flagship {
			c := g.customerFor(r, p.Industries)
			if c.name != "" && !containsCustomer(p.Customers, c.name) {
				p.Customers = append(p.Customers, Customer{Name: c.name, Country: c.country, Multinational: c.multinational, Private: chance(r, 0.25)})
				mnc = mnc || c.multinational
			}
		} else if chance(r, 0.6) {
			name := g.domesticName(r, sector)
			if !containsCustomer(p.Customers, name) {
				p.Customers = append(p.Customers, Customer{Name: name, Country: "VN", Private: chance(r, 0.3)})
			}
		}
	}
	if flagship {
		p.Customers = []Customer{{"Honda Việt Nam", "VN", true, false}, {"Toyota Motor Việt Nam", "VN", true, false}, {"Denso Việt Nam", "VN", true, true}}
		mnc = true
	}
	markets := []string{"JP", "KR", "CN", "US", "TW", "DE", "TH", "SG", "MY", "IN", "FR", "MX"}
	nm := 0
	switch {
	case fdi:
		nm = 1 + r.IntN(4)
	case hasIntl:
		nm = r.IntN(4)
	case chance(r, 0.2):
		nm = 1
	}
	for k := 0; k < nm; k++ {
		m := markets[min(r.IntN(len(markets)), r.IntN(len(markets)))] // skewed to the first, the larger markets
		if !containsString(p.ExportMarkets, m) {
			p.ExportMarkets = append(p.ExportMarkets, m)
		}
	}
	switch {
	case flagship || mnc && hasIntl && chance(r, 0.6):
		p.SupplierTier = Tier1
	case mnc:
		p.SupplierTier = Tier2
	case chance(r, 0.5):
		p.SupplierTier = []Tier{Tier2, Tier3, Tier3}[r.IntN(3)]
	}

	// Officer verification.
	u := r.Float64()
	switch {
	case flagship || u < 0.45:
		for _, c := range FieldGroupChoices() {
			it.verified = append(it.verified, FieldGroup(c.Code))
		}
	case u < 0.75:
		it.verified = []FieldGroup{GroupIdentity, GroupAddress}
	}
	if len(it.verified) > 0 {
		it.verifiedAt = minDate(between(r, joined.AddDate(0, 0, 30), joined.AddDate(0, 0, 400)), g.today).Add(time.Duration(8+r.IntN(9)) * time.Hour)
	}
	it.rec.Verified = len(it.verified) == len(FieldGroupChoices())
	it.rec.Version = 1
	created := joined.Add(time.Duration(8+r.IntN(9))*time.Hour + time.Duration(r.IntN(3600))*time.Second)
	it.rec.CreatedAt, it.rec.UpdatedAt = created, created
	return it
}

func firstRune(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return string(r)
}

func containsCustomer(cs []Customer, name string) bool {
	for _, c := range cs {
		if c.Name == name {
			return true
		}
	}
	return false
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// subset picks between least and all of xs, keeping their order.
func subset[T any](r *rand.Rand, xs []T, least int) []T {
	least = min(least, len(xs))
	k := least + r.IntN(len(xs)-least+1)
	idx := r.Perm(len(xs))[:k]
	keep := make([]bool, len(xs))
	for _, j := range idx {
		keep[j] = true
	}
	var out []T
	for j, x := range xs {
		if keep[j] {
			out = append(out, x)
		}
	}
	return out
}

func (g *demoGen) pickLine(r *rand.Rand, k KeySector) demoLine {
	ls := g.lines[k]
	total := 0
	for _, l := range ls {
		total += l.weight
	}
	n := r.IntN(total)
	for _, l := range ls {
		if n < l.weight {
			return l
		}
		n -= l.weight
	}
	return ls[0]
}

func (g *demoGen) pickWard(r *rand.Rand) genWard {
	n := r.IntN(g.wardCum[len(g.wardCum)-1])
	lo, hi := 0, len(g.wardCum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if g.wardCum[mid] > n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return g.wards[lo]
}

// nameCompany sets the Vietnamese, English and short names, unique among
// the names given so far (company names are unique by law), and returns
// the company's e-mail domain.
func (g *demoGen) nameCompany(r *rand.Rand, p *Profile, line demoLine, fdi bool, w genWard, flagship bool) string {
	form := map[LegalForm]string{FormSingleMemberLLC: "Công ty TNHH", FormMultiMemberLLC: "Công ty TNHH", FormJointStock: "Công ty Cổ phần",
		FormSoleProprietor: "Doanh nghiệp tư nhân", FormCooperative: "Hợp tác xã"}[p.LegalForm]
	formEN := map[LegalForm]string{FormSingleMemberLLC: "Company Limited", FormMultiMemberLLC: "Company Limited", FormJointStock: "Joint Stock Company",
		FormSoleProprietor: "Private Enterprise", FormCooperative: "Cooperative"}[p.LegalForm]
	formShort := map[LegalForm]string{FormSingleMemberLLC: "CO., LTD", FormMultiMemberLLC: "CO., LTD", FormJointStock: "JSC"}[p.LegalForm]
	if flagship {
		p.Name, p.NameEN, p.ShortName = DemoFlagshipName, "Dong Anh Precision Mechanical Company Limited", "DAPM CO., LTD"
		g.names[p.Name] = true
		return "cokhidonganh.com.vn"
	}
	if fdi {
		root := pick(r, g.roots)
		ln := pick(r, demoFDILines(line.sector))
		place, placeEN := pick(r, []string{"Việt Nam", "Việt Nam", "Vina", "Hà Nội"}), ""
		placeEN = map[string]string{"Việt Nam": "Vietnam", "Vina": "Vina", "Hà Nội": "Hanoi"}[place]
		for k := 0; ; k++ {
			base := root + " " + ln + " " + place
			if k > 0 {
				base = root + " " + ln + " " + strconv.Itoa(k+1) + " " + place
			}
			if !g.names[form+" "+base] {
				p.Name = form + " " + base
				p.NameEN = strings.Replace(base, place, placeEN, 1) + " " + formEN
				break
			}
		}
		g.names[p.Name] = true
		p.ShortName = strings.ToUpper(root) + " " + strings.ToUpper(placeEN)
		return strings.ToLower(strings.ReplaceAll(root, " ", "")) + "-vn.com"
	}
	brand := pick(r, g.brands)
	kind := r.Float64()
	candidates := func(place string) (vi, en, short string) {
		switch {
		case kind < 0.7:
			vi, en, short = line.vi+" "+brand, ascii(brand)+" "+line.en, strings.ToUpper(ascii(brand))+" "+line.short
		case kind < 0.88:
			vi, en, short = "Sản xuất và Thương mại "+brand, ascii(brand)+" Production and Trading", strings.ToUpper(ascii(brand))+" PRODUCTION & TRADING"
		default:
			vi, en, short = "Kỹ thuật và Thương mại "+brand, ascii(brand)+" Engineering and Trading", strings.ToUpper(ascii(brand))+" ENGINEERING"
		}
		if place != "" {
			vi, en = vi+" "+place, en+" "+ascii(place)
		}
		return vi, en, short
	}
	places := []string{"", w.name, "Hà Nội", "Việt Nam", "Thăng Long"}
	if chance(r, 0.25) {
		places[0], places[1] = places[1], places[0]
	}
	for k := 0; ; k++ {
		place := ""
		if k < len(places) {
			place = places[k]
		} else {
			place = w.name + " " + strconv.Itoa(k-len(places)+2)
		}
		if place == brand {
			continue
		}
		vi, en, short := candidates(place)
		if !g.names[form+" "+vi] {
			p.Name, p.NameEN, p.ShortName = form+" "+vi, en+" "+formEN, strings.TrimSpace(short+" "+formShort)
			break
		}
	}
	g.names[p.Name] = true
	dom := strings.ToLower(strings.ReplaceAll(ascii(brand), " ", "")) + strings.ToLower(strings.Fields(line.short)[0])
	return dom + pick(r, []string{".com.vn", ".vn", ".com"})
}

// domesticName is a name for a domestic customer.
func (g *demoGen) domesticName(r *rand.Rand, k KeySector) string {
	l := g.pickLine(r, k)
	return pick(r, []string{"Công ty TNHH", "Công ty Cổ phần"}) + " " + l.vi + " " + pick(r, g.brands)
}

// customerFor picks a customer serving one of the industries.
func (g *demoGen) customerFor(r *rand.Rand, inds []Industry) demoCustomer {
	var fit []demoCustomer
	for _, c := range g.customers {
		for _, ci := range c.industries {
			if containsIndustry(inds, ci) {
				fit = append(fit, c)
				break
			}
		}
	}
	if len(fit) == 0 {
		return demoCustomer{}
	}
	return pick(r, fit)
}

func containsIndustry(xs []Industry, x Industry) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// joining draws the day the enterprise joined the registry (more than half
// at the programme's 2019 start, then a steady flow to 2025) and its
// founding year.
func (g *demoGen) joining(r *rand.Rand, fdi bool) (time.Time, int) {
	weights := []float64{0.55, 0.07, 0.07, 0.07, 0.08, 0.09, 0.07} // 2019 … 2025
	u, year := r.Float64(), 2019
	for _, wt := range weights {
		if u < wt {
			break
		}
		u -= wt
		year++
	}
	year = min(year, 2025)
	joined := between(r, day(year, 1, 2), day(year, 12, 28))
	if !joined.Before(g.today) {
		joined = between(r, g.today.AddDate(0, 0, -180), g.today.AddDate(0, 0, -1))
	}
	first := 1995
	if fdi {
		first = 2004
	}
	founded := first + r.IntN(max(1, joined.Year()-first-1))
	return joined, founded
}

// periods draws the status history: about 4% closed, 1.5% suspended now,
// 4% suspended for a while in the past.
func (g *demoGen) periods(r *rand.Rand, joined time.Time, flagship bool) []StatusPeriod {
	horizon := minDate(day(2025, 12, 31), g.today)
	ps := []StatusPeriod{{Status: StatusActive, From: joined}}
	u := r.Float64()
	if flagship {
		return ps
	}
	switch {
	case u < 0.04:
		from := joined.AddDate(0, 0, 180)
		if from.Before(horizon) {
			at := between(r, from, horizon)
			ps[0].To = at
			ps = append(ps, StatusPeriod{Status: StatusClosed, From: at, Note: pick(r, []string{"Giải thể theo quyết định của chủ sở hữu", "Chấm dứt hoạt động sản xuất", "Sáp nhập vào công ty mẹ"})})
		}
	case u < 0.055:
		from := maxDate(joined.AddDate(0, 0, 90), day(2024, 1, 1))
		if from.Before(horizon) {
			at := between(r, from, horizon)
			ps[0].To = at
			ps = append(ps, StatusPeriod{Status: StatusSuspended, From: at, Note: "Tạm ngừng kinh doanh có thời hạn"})
		}
	case u < 0.10:
		from := joined.AddDate(0, 0, 90)
		last := minDate(day(2025, 6, 30), horizon.AddDate(0, 0, -60))
		if from.Before(last) {
			at := between(r, from, last)
			back := minDate(at.AddDate(0, 0, 60+r.IntN(240)), horizon)
			ps[0].To = at
			ps = append(ps, StatusPeriod{Status: StatusSuspended, From: at, To: back, Note: "Tạm ngừng kinh doanh có thời hạn"},
				StatusPeriod{Status: StatusActive, From: back, Note: "Hoạt động trở lại"})
		}
	}
	return ps
}

func maxDate(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// certificates draws the enterprise's certificates. certClass decides the
// story: below 0.29 certified before 2024 and renewed ever since; below
// 0.36 first certified in 2024 or later; below 0.45 certified once and
// let lapse; below 0.51 holding only national (non-international)
// conformity certificates; otherwise none.
func (g *demoGen) certificates(r *rand.Rand, certClass float64, line demoLine, inds []Industry, fdi, flagship bool) []bulkCert {
	var out []bulkCert
	body := g.pickBody(r, fdi)
	primary, years := "iso9001", 3
	switch {
	case flagship:
		primary = "iatf16949"
	case line.sector == SectorTextile && chance(r, 0.4):
		primary, years = "oekotex100", 1
	case containsIndustry(inds, IndustryMedical) && chance(r, 0.5):
		primary = "iso13485"
	case containsIndustry(inds, IndustryAerospace) && chance(r, 0.6):
		primary = "as9100"
	case (containsIndustry(inds, IndustryAutomobile) || containsIndustry(inds, IndustryMotorcycle)) && chance(r, 0.35):
		primary = "iatf16949"
	}
	if primary == "oekotex100" {
		body = pick(r, []demoBody{{"Hohenstein Việt Nam", true}, {"TESTEX Việt Nam", true}})
	}
	switch {
	case certClass < 0.36:
		start := between(r, day(2010, 1, 1), day(2023, 12, 31))
		if certClass >= 0.29 {
			start = between(r, day(2024, 1, 1), g.today.AddDate(0, 0, -30))
		}
		out = append(out, g.chain(r, primary, body, line.scope, start, years, time.Time{})...)
		if flagship {
			out = append(out, g.chain(r, "iso9001", body, line.scope, day(2012, 5, 10), 3, time.Time{})...)
		}
		for _, sec := range []struct {
			code string
			p    float64
		}{{"iso14001", 0.35}, {"iso45001", 0.15}, {"iecq080000", 0.2}, {"iso50001", 0.04}, {"iso17025", 0.03}} {
			if sec.code == "iecq080000" && !containsIndustry(inds, IndustryElectronics) {
				continue
			}
			if !chance(r, sec.p) {
				continue
			}
			from := start.AddDate(r.IntN(4), r.IntN(12), 0)
			if !from.Before(g.today) {
				continue
			}
			var stop time.Time
			if chance(r, 0.25) {
				stop = from.AddDate(3*(1+r.IntN(2)), 0, 0) // let lapse after one or two terms
			}
			b := body
			if sec.code == "iso17025" {
				b = demoBody{"BoA – Văn phòng Công nhận Chất lượng", false}
			}
			out = append(out, g.chain(r, sec.code, b, line.scope, from, 3, stop)...)
		}
	case certClass < 0.45:
		// Certified, then let lapse: the last certificate expired between
		// mid-2020 and yesterday.
		end := between(r, day(2020, 6, 1), g.today.AddDate(0, 0, -1))
		terms := 1 + r.IntN(3)
		out = append(out, g.chain(r, primary, body, line.scope, end.AddDate(-years*terms, 0, 0), years, end)...)
	case certClass < 0.51:
		code := pick(r, []string{"tcvn", "qcvn"})
		b := pick(r, []demoBody{{"QUACERT", false}, {"Vinacontrol CE", false}, {"QUATEST 1", false}})
		out = append(out, g.chain(r, code, b, line.scope, between(r, day(2015, 1, 1), day(2024, 12, 31)), 3, time.Time{})...)
	}
	return out
}

func (g *demoGen) pickBody(r *rand.Rand, fdi bool) demoBody {
	for {
		b := pick(r, g.bodies)
		if b.foreign || !fdi {
			return b
		}
	}
}

// chain is a certificate and its renewals from start: each renewal issued
// up to 45 days before the previous one expires (sometimes weeks after, a
// gap), until today, or until stop when the holder let it lapse (the last
// certificate then expires on or before stop).
func (g *demoGen) chain(r *rand.Rand, code string, body demoBody, scope string, start time.Time, years int, stop time.Time) []bulkCert {
	id, ok := g.standards[code]
	if !ok {
		return nil
	}
	var out []bulkCert
	issued := start
	serial := r.IntN(1_000_000)
	for !issued.After(g.today) {
		expires := issued.AddDate(years, 0, 0)
		if !stop.IsZero() && expires.After(stop) {
			if len(out) > 0 {
				break
			}
			expires = stop
		}
		if !expires.After(issued) {
			break
		}
		out = append(out, bulkCert{standardID: id, number: certNumber(body.name, code, issued, serial+len(out)), body: body.name, scope: scope, issuedOn: issued, expiresOn: expires})
		if !stop.IsZero() && !expires.Before(stop) {
			break
		}
		if chance(r, 0.08) {
			issued = expires.AddDate(0, 0, 5+r.IntN(36))
		} else {
			issued = expires.AddDate(0, 0, -r.IntN(46))
		}
	}
	return out
}

// certNumber makes a certificate number in the style of its body.
func certNumber(body, code string, issued time.Time, serial int) string {
	yy := issued.Year() % 100
	n := serial % 1_000_000
	switch {
	case code == "tcvn":
		return fmt.Sprintf("HC %04d.%02d", n%10000, yy)
	case code == "qcvn":
		return fmt.Sprintf("HQ %04d.%02d", n%10000, yy)
	case code == "iso17025":
		return fmt.Sprintf("VILAS %03d", 100+n%900)
	case code == "iecq080000":
		return fmt.Sprintf("IECQ-H %s %02d.%04d", strings.ToUpper(strings.Fields(body)[0]), yy, n%10000)
	case strings.HasPrefix(body, "Bureau Veritas"):
		return fmt.Sprintf("VN%06d", n)
	case strings.HasPrefix(body, "SGS"):
		return fmt.Sprintf("VN%02d/%05d", yy, n%100000)
	case strings.HasPrefix(body, "TÜV Rheinland"):
		return fmt.Sprintf("44 100 %08d", 20_000_000+n)
	case strings.HasPrefix(body, "TÜV SÜD"):
		return fmt.Sprintf("12 %s %05d TMS", prefixFor(code, map[string]string{"iso14001": "104", "iso45001": "117", "iatf16949": "111"}, "100"), n%100000)
	case strings.HasPrefix(body, "DNV"):
		return fmt.Sprintf("%06d-%d-AQ-VNM-UKAS", 100000+n%900000, issued.Year())
	case strings.HasPrefix(body, "Intertek"):
		return fmt.Sprintf("CERT-%07d", n)
	case strings.HasPrefix(body, "BSI"):
		return fmt.Sprintf("%s %06d", prefixFor(code, map[string]string{"iso14001": "EMS", "iso45001": "OHS", "iso13485": "MD", "iatf16949": "IATF"}, "FM"), 500000+n%500000)
	case strings.HasPrefix(body, "LRQA"):
		return fmt.Sprintf("LRQ %07d", n)
	case strings.HasPrefix(body, "QUACERT"):
		return fmt.Sprintf("HT %04d.%02d.%02d", n%10000, yy, 1+n%40)
	case strings.HasPrefix(body, "Vinacontrol"):
		return fmt.Sprintf("VCC%04d/%d", n%10000, issued.Year())
	case strings.HasPrefix(body, "Hohenstein"):
		return fmt.Sprintf("%02d.HVN.%05d", yy, n%100000)
	case strings.HasPrefix(body, "TESTEX"):
		return fmt.Sprintf("SHVO %06d", n)
	}
	return fmt.Sprintf("%06d", n)
}

// prefixFor is the number prefix a body uses for a standard, or def.
func prefixFor(code string, m map[string]string, def string) string {
	if p, ok := m[code]; ok {
		return p
	}
	return def
}
