// Package search is the supplier search: an in-memory index of the
// registry's public profiles (index.go, query.go), kept in step with every
// write by asking the registry, a moment apart, what changed since it last
// looked — so that writes made by another instance on the same PostgreSQL
// database are found too. What the search shows of a hit (a Card) is kept
// beside the index, so that a search page needs no database query.
package search

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cnht/internal/actor"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// Card is what a hit shows: public fields only.
type Card struct {
	ID         int64
	Name       string
	NameEN     string
	ShortName  string
	WardCode   string
	WardName   string
	WardNameEN string
	KeySectors []enterprise.KeySector
	Industries []enterprise.Industry
	Products   []enterprise.Ref
	Processes  []enterprise.Ref
	Materials  string
	Equipment  string
	Capacity   string
	Customers  []string
	SizeClass  string
	Ownership  enterprise.Ownership
	Markets    []string
	Verified   bool
	certs      []enterprise.SearchCert
	updated    time.Time // the version indexed
}

// searchDoc gives back the registry document a card was made from, as
// far as the index used it (to take that version out of the index).
func (c *Card) searchDoc() enterprise.SearchDoc {
	return enterprise.SearchDoc{ID: c.ID, Listed: true, Name: c.Name, NameEN: c.NameEN, ShortName: c.ShortName, WardCode: c.WardCode,
		WardName: c.WardName, WardNameEN: c.WardNameEN, KeySectors: c.KeySectors, Industries: c.Industries, Products: c.Products,
		Processes: c.Processes, Materials: c.Materials, Equipment: c.Equipment, Capacity: c.Capacity, Customers: c.Customers,
		ExportMarkets: c.Markets, SizeClass: c.SizeClass, Ownership: c.Ownership, Verified: c.Verified, Certs: c.certs, UpdatedAt: c.updated}
}

// CertsValidOn returns the designations of the card's certificates valid
// on day ("ISO 9001"), each once.
func (c *Card) CertsValidOn(day time.Time) []string {
	var out []string
	for _, x := range c.certs {
		if !x.IssuedOn.After(day) && x.ExpiresOn.After(day) && !slices.Contains(out, x.StandardName) {
			out = append(out, x.StandardName)
		}
	}
	slices.Sort(out)
	return out
}

// Service keeps the index and the cards, and answers searches.
type Service struct {
	registry *enterprise.Service
	logger   *slog.Logger
	ix       *Index
	mu       sync.RWMutex
	cards    map[int64]*Card
	// unlisted are the versions of the enterprises the directory does not
	// list (not active, merged), for the tally that checks a snapshot.
	unlisted map[int64]time.Time
	since    time.Time // the newest change indexed
	ready    atomic.Bool
	gen      atomic.Uint64 // bumped by every change, for the result cache
	cache    *resultCache
	// standards are the certified standards seen, by the folded words of
	// their designation ("iatf 16949" → "iatf16949").
	standards map[string]string
	// labels name the facet values seen (products, processes, wards,
	// standards), facet → value → Vietnamese and English.
	labels map[string]map[string][2]string
	// shared holds one copy of the texts many profiles have (catalogue
	// names, ward names), which the cards point at.
	shared map[string]string
	// watchers are told of the listed enterprises each refresh after the
	// first found new or changed.
	watchers []func(ctx context.Context, changed []Changed)
	// write is held by whatever changes the index (loads, refreshes) and
	// by a snapshot being written, which must see it still.
	write sync.Mutex
	// snapshotDir keeps the snapshot ("": none); dbID and catalogue are
	// the database and catalogue state the index was loaded from.
	snapshotDir       string
	dbID, catalogue   string
	savedGen, savedAt atomic.Int64 // the generation saved last, and when (unix ns)
	fromSnapshot      atomic.Bool  // the last load read a snapshot
}

// Changed is a listed enterprise a refresh found new or changed.
type Changed struct {
	ID        int64
	UpdatedAt time.Time
}

// OnChange registers f to be told, after each refresh but the first
// (which loads everything), of the listed enterprises found new or
// changed. Several instances each tell their own watchers: f must be
// idempotent across them (see package watch).
func (s *Service) OnChange(f func(ctx context.Context, changed []Changed)) {
	s.watchers = append(s.watchers, f)
}

// Matching returns which of ids a query matches (a standard named in the
// words filtering as in Search).
func (s *Service) Matching(q Query, ids []int64) []int64 {
	q.Text, q.Filters, _ = s.standardsIn(q.Text, q.Filters)
	return s.ix.Matching(q, ids)
}

// NewService returns the search over registry; Load or Run fills it.
func NewService(registry *enterprise.Service, logger *slog.Logger) *Service {
	return &Service{registry: registry, logger: logger, ix: New(registry.Today()), cards: map[int64]*Card{}, unlisted: map[int64]time.Time{}, cache: newResultCache(512), standards: map[string]string{}, shared: map[string]string{},
		labels: map[string]map[string][2]string{FacetProduct: {}, FacetProcess: {}, FacetWard: {}, FacetCert: {}}}
}

// SetSnapshot makes the service keep a snapshot of its index in dir, read
// at start instead of the registry when it is sound (see snapshot.go);
// "" keeps none. Call it before Load or Run.
func (s *Service) SetSnapshot(dir string) { s.snapshotDir = dir }

// Generation changes whenever the index does (a refresh found changes,
// the day moved): what was computed from it before may be stale.
func (s *Service) Generation() uint64 { return s.gen.Load() }

// Ready reports whether the index holds the registry (Load has run).
func (s *Service) Ready() bool { return s.ready.Load() }

// FromSnapshot reports whether the last load read the snapshot (rather
// than the whole registry).
func (s *Service) FromSnapshot() bool { return s.fromSnapshot.Load() }

// Index is the index itself (for benchmarks and tests).
func (s *Service) Index() *Index { return s.ix }

// refreshMargin is how far back each refresh asks again: a write whose
// transaction began earlier than another's may commit after it, with an
// older updated_at.
const refreshMargin = 2 * time.Second

// Load fills the index: from the snapshot when there is a sound one
// (then catching up with what changed since it was written), else from
// the whole registry. Refresh then takes the changes.
func (s *Service) Load(ctx context.Context) error {
	s.write.Lock()
	defer s.write.Unlock()
	if s.snapshotDir != "" {
		err := s.loadSnapshot(ctx)
		if err == nil {
			s.fromSnapshot.Store(true)
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		if errors.Is(err, fs.ErrNotExist) {
			s.logger.Info("search: no snapshot yet, indexing the registry")
		} else {
			s.logger.Warn("search: snapshot not used, indexing the registry", "err", err)
		}
		s.clear()
	}
	s.fromSnapshot.Store(false)
	return s.loadAll(ctx)
}

// loadAll indexes the whole registry. The collector runs less often
// meanwhile: the load makes much short-lived garbage.
func (s *Service) loadAll(ctx context.Context) error {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	if s.snapshotDir != "" {
		// The database and the catalogue as they are before the first
		// document is read: a catalogue renamed during the load makes the
		// next start load everything again.
		st, err := s.registry.SearchState(actor.SystemContext(ctx))
		if err != nil {
			return err
		}
		s.dbID, s.catalogue = st.DatabaseID, st.Catalogue
	}
	if err := s.refresh(ctx, time.Time{}); err != nil {
		return err
	}
	s.ix.Compact()
	s.ready.Store(true)
	return nil
}

// loadSnapshot reads the snapshot, checks it was made from this database
// and catalogue, installs it and catches up with the registry's changes
// since it was written (edits, new enterprises, merges and suspensions
// alike: each of them moves updated_at). Then it checks that the index
// holds what the registry lists, in the same versions (a tally of ids and
// updated_at): a snapshot from a copy of the database that has since gone
// back (a backup restored) or a write the polling cannot see is caught
// there, and the registry is loaded instead. The tally counts every
// enterprise, listed or not (the index keeps the versions of those it
// does not list): the registry sums them up from its index on updated_at
// alone.
func (s *Service) loadSnapshot(ctx context.Context) error {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	sys := actor.SystemContext(ctx)
	st, err := s.registry.SearchState(sys)
	if err != nil {
		return err
	}
	sn, err := readSnapshot(snapshotPath(s.snapshotDir, st.DatabaseID))
	if err != nil {
		return err
	}
	switch {
	case sn.dbID != st.DatabaseID:
		return fmt.Errorf("%w: made from another database", errSnapshot)
	case sn.catalogue != st.Catalogue:
		return fmt.Errorf("%w: the catalogue changed since", errSnapshot)
	}
	for code, names := range sn.labels[FacetWard] {
		if vi, en := s.registry.SearchWardNames(code); vi != names[0] || en != names[1] {
			return fmt.Errorf("%w: ward %s is named differently now", errSnapshot, code)
		}
	}
	s.ix.install(&sn.ix)
	s.mu.Lock()
	s.cards, s.unlisted, s.since, s.standards, s.labels, s.shared = sn.cards, sn.unlisted, sn.since, sn.standards, sn.labels, sn.shared
	s.dbID, s.catalogue = sn.dbID, sn.catalogue
	s.mu.Unlock()
	s.savedGen.Store(int64(s.gen.Add(1)))
	s.savedAt.Store(time.Now().UnixNano())
	if day := s.registry.Today(); !day.Equal(s.ix.Day()) {
		s.ix.SetDay(day)
	}
	for try := 0; ; try++ {
		if err := s.refresh(ctx, sn.since.Add(-refreshMargin)); err != nil {
			return err
		}
		want, err := s.registry.SearchTally(sys)
		if err != nil {
			return err
		}
		if want == s.tally() {
			break
		}
		// A write between the catch-up and the tally shows at the next
		// try; a mismatch that stays is the snapshot's.
		if try == 2 {
			return fmt.Errorf("%w: the registry lists %d profiles, the index %d after catching up (or other versions)", errSnapshot, want.Count, s.tally().Count)
		}
	}
	s.ready.Store(true)
	return nil
}

// tally sums up the enterprises the index knows, listed (the cards) or
// not, as the registry's SearchTally does.
func (s *Service) tally() enterprise.SearchTally {
	var t enterprise.SearchTally
	s.mu.RLock()
	for id, c := range s.cards {
		t.Add(id, c.updated)
	}
	for id, at := range s.unlisted {
		t.Add(id, at)
	}
	s.mu.RUnlock()
	return t
}

// clear empties the index and the cards (a snapshot found wanting after
// it was installed).
func (s *Service) clear() {
	s.ready.Store(false)
	s.ix.reset(s.registry.Today())
	s.mu.Lock()
	s.cards, s.unlisted, s.since, s.standards, s.shared = map[int64]*Card{}, map[int64]time.Time{}, time.Time{}, map[string]string{}, map[string]string{}
	s.labels = map[string]map[string][2]string{FacetProduct: {}, FacetProcess: {}, FacetWard: {}, FacetCert: {}}
	s.mu.Unlock()
	s.gen.Add(1)
}

// Refresh indexes what changed since the last look, and moves the
// certificate facets to a new day when the day has changed.
func (s *Service) Refresh(ctx context.Context) error {
	if !s.ready.Load() {
		return s.Load(ctx)
	}
	s.write.Lock()
	defer s.write.Unlock()
	if day := s.registry.Today(); !day.Equal(s.ix.Day()) {
		s.ix.SetDay(day)
		s.gen.Add(1)
	}
	s.mu.RLock()
	since := s.since
	s.mu.RUnlock()
	return s.refresh(ctx, since.Add(-refreshMargin))
}

func (s *Service) refresh(ctx context.Context, since time.Time) error {
	changed := 0
	var listed []Changed
	newest, err := s.registry.SearchDocs(actor.SystemContext(ctx), since, func(d enterprise.SearchDoc) error {
		// Each refresh asks a little further back than the last change
		// seen: what is indexed as it is already is no change.
		s.mu.RLock()
		c, had := s.cards[d.ID]
		_, wasUnlisted := s.unlisted[d.ID]
		s.mu.RUnlock()
		if !d.Listed || wasUnlisted {
			s.mu.Lock()
			if d.Listed {
				delete(s.unlisted, d.ID)
			} else {
				s.unlisted[d.ID] = d.UpdatedAt
			}
			s.mu.Unlock()
		}
		if had && d.Listed && c.updated.Equal(d.UpdatedAt) || !had && !d.Listed {
			return nil
		}
		changed++
		if !since.IsZero() && d.Listed {
			listed = append(listed, Changed{ID: d.ID, UpdatedAt: d.UpdatedAt})
		}
		var old *Doc
		if had {
			o, _ := docOf(c.searchDoc())
			old = &o
		}
		if !d.Listed {
			s.ix.Delete(*old)
			s.mu.Lock()
			delete(s.cards, d.ID)
			s.mu.Unlock()
			return nil
		}
		s.intern(&d)
		doc, card := docOf(d)
		s.ix.Put(old, doc)
		s.mu.Lock()
		s.cards[d.ID] = card
		for _, c := range d.Certs {
			s.standards[strings.Join(words(c.StandardName), " ")] = c.StandardCode
			s.labels[FacetCert][c.StandardCode] = [2]string{c.StandardName, c.StandardName}
		}
		for _, r := range d.Products {
			s.labels[FacetProduct][r.Code] = [2]string{r.NameVI, r.NameEN}
		}
		for _, r := range d.Processes {
			s.labels[FacetProcess][r.Code] = [2]string{r.NameVI, r.NameEN}
		}
		if d.WardCode != "" {
			s.labels[FacetWard][d.WardCode] = [2]string{d.WardName, d.WardNameEN}
		}
		s.mu.Unlock()
		return nil
	})
	s.mu.Lock()
	if newest.After(s.since) {
		s.since = newest
	}
	s.mu.Unlock()
	if changed > 0 {
		s.gen.Add(1)
	}
	if err == nil && len(listed) > 0 {
		for _, f := range s.watchers {
			f(ctx, listed)
		}
	}
	return err
}

// Run loads the index, then refreshes it every interval until ctx ends.
// With a snapshot directory, it writes a snapshot after a full load,
// then at most every snapshotEvery while the index changes, and when ctx
// ends.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	start := time.Now()
	if err := s.Load(ctx); err != nil {
		s.logger.Error("search: load", "err", err)
	} else {
		s.logger.Info("search: index ready", "profiles", s.ix.Len(), "from_snapshot", s.fromSnapshot.Load(), "took", time.Since(start).Round(time.Millisecond))
		if !s.fromSnapshot.Load() {
			s.save(ctx)
		}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if s.ready.Load() && uint64(s.savedGen.Load()) != s.gen.Load() {
				s.save(context.WithoutCancel(ctx))
			}
			return
		case <-t.C:
			if err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
				s.logger.Error("search: refresh", "err", err)
			}
			if s.ready.Load() && uint64(s.savedGen.Load()) != s.gen.Load() && time.Since(time.Unix(0, s.savedAt.Load())) >= snapshotEvery {
				s.save(ctx)
			}
		}
	}
}

// save writes a snapshot, logging the outcome.
func (s *Service) save(ctx context.Context) {
	if s.snapshotDir == "" {
		return
	}
	start := time.Now()
	if err := s.SaveSnapshot(ctx); err != nil {
		s.logger.Error("search: snapshot", "err", err)
		// Not again before snapshotEvery.
		s.savedAt.Store(time.Now().UnixNano())
		return
	}
	s.logger.Info("search: snapshot written", "profiles", s.ix.Len(), "took", time.Since(start).Round(time.Millisecond))
}

// intern makes the texts of d that many profiles share point at one copy.
func (s *Service) intern(d *enterprise.SearchDoc) {
	one := func(x *string) {
		if v, ok := s.shared[*x]; ok {
			*x = v
		} else {
			s.shared[*x] = *x
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, refs := range [][]enterprise.Ref{d.Products, d.Processes} {
		for i := range refs {
			one(&refs[i].Code)
			one(&refs[i].NameVI)
			one(&refs[i].NameEN)
		}
	}
	one(&d.WardName)
	one(&d.WardNameEN)
	one(&d.WardCode)
	for i := range d.Certs {
		one(&d.Certs[i].StandardCode)
		one(&d.Certs[i].StandardName)
	}
}

// DocOf turns a registry document into the index's (for benchmarks that
// build an index without a service).
func DocOf(d enterprise.SearchDoc) Doc {
	doc, _ := docOf(d)
	return doc
}

// docOf turns a registry document into the index's and the card.
func docOf(d enterprise.SearchDoc) (Doc, *Card) {
	doc := Doc{ID: d.ID, Names: []string{d.Name, d.NameEN, d.ShortName}, Verified: d.Verified, Facets: map[string][]string{}}
	doc.Text = append([]string{d.Materials, d.Equipment, d.Capacity}, d.Customers...)
	shared := []string{d.WardName, d.WardNameEN}
	for _, r := range append(slices.Clone(d.Products), d.Processes...) {
		shared = append(shared, r.NameVI, r.NameEN)
	}
	for _, k := range d.KeySectors {
		for _, c := range enterprise.KeySectorChoices() {
			if c.Code == string(k) {
				shared = append(shared, c.NameVI, c.NameEN)
			}
		}
		doc.Facets[FacetSector] = append(doc.Facets[FacetSector], string(k))
	}
	for _, k := range d.Industries {
		for _, c := range enterprise.IndustryChoices() {
			if c.Code == string(k) {
				shared = append(shared, c.NameVI, c.NameEN)
			}
		}
		doc.Facets[FacetIndustry] = append(doc.Facets[FacetIndustry], string(k))
	}
	doc.Shared = shared
	for _, r := range d.Products {
		doc.Facets[FacetProduct] = append(doc.Facets[FacetProduct], r.Code)
	}
	for _, r := range d.Processes {
		doc.Facets[FacetProcess] = append(doc.Facets[FacetProcess], r.Code)
	}
	if d.WardCode != "" {
		doc.Facets[FacetWard] = []string{d.WardCode}
	}
	if d.SizeClass != "" {
		doc.Facets[FacetSize] = []string{d.SizeClass}
	}
	if d.Ownership != "" {
		doc.Facets[FacetOwnership] = []string{string(d.Ownership)}
	}
	doc.Facets[FacetMarket] = d.ExportMarkets
	for _, c := range d.Certs {
		doc.Certs = append(doc.Certs, Cert{Standard: c.StandardCode, International: c.International, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn})
	}
	for _, l := range []*[]enterprise.Ref{&d.Products, &d.Processes} {
		*l = slices.Clip(*l)
	}
	card := &Card{ID: d.ID, Name: d.Name, NameEN: d.NameEN, ShortName: d.ShortName, WardCode: d.WardCode, WardName: d.WardName, WardNameEN: d.WardNameEN,
		KeySectors: d.KeySectors, Industries: d.Industries, Products: d.Products, Processes: d.Processes, Materials: d.Materials,
		Equipment: d.Equipment, Capacity: d.Capacity, Customers: d.Customers, SizeClass: d.SizeClass, Ownership: d.Ownership, Markets: d.ExportMarkets, Verified: d.Verified, certs: d.Certs, updated: d.UpdatedAt}
	return doc, card
}

// The facets, by the names the filters and counts use.
const (
	FacetSector    = "sector"
	FacetIndustry  = "industry"
	FacetProduct   = "product"
	FacetProcess   = "process"
	FacetWard      = "ward"
	FacetSize      = "size"
	FacetOwnership = "ownership"
	FacetMarket    = "market"
)

// QueryFromValues reads a directory search from a query string (q, one
// parameter per facet, prefix=1, page) with pages of size, returning it
// and the page number.
func QueryFromValues(v url.Values, size int) (Query, int) {
	filters := map[string][]string{}
	for _, f := range Facets() {
		for _, x := range v[f] {
			if x = strings.TrimSpace(x); x != "" {
				filters[f] = append(filters[f], x)
			}
		}
	}
	page, _ := strconv.Atoi(v.Get("page"))
	page = max(page, 1)
	text := v.Get("q")
	if len(text) > 200 {
		text = text[:200]
	}
	return Query{Text: text, Filters: filters, Prefix: v.Get("prefix") == "1", Limit: size, Offset: (page - 1) * size, Facets: true}, page
}

// Facets lists the facets in the order a page shows them.
func Facets() []string {
	return []string{FacetCert, FacetSector, FacetIndustry, FacetProduct, FacetProcess, FacetWard, FacetSize, FacetOwnership, FacetMarket, FacetVerified}
}

// Match is a field of a hit where the query's words were found, split
// into parts to show, the found ones marked.
type Match struct {
	Field string
	Parts []Part
}

// Part is a piece of a field's text; Hit marks the words found.
type Part struct {
	Text string
	Hit  bool
}

// CardHit is a hit with its card and where it matched.
type CardHit struct {
	*Card
	Score   float64
	Phrase  bool
	Matches []Match
}

// Page is a page of search results.
type Page struct {
	Total  int
	Hits   []CardHit
	Facets map[string][]FacetCount
}

// Search runs a query over the public directory. Anyone may search: the
// index holds listed (active) enterprises and public fields only.
func (s *Service) Search(ctx context.Context, q Query) Page {
	key := cacheKey(q)
	gen := s.gen.Load()
	if p, ok := s.cache.get(key, gen); ok {
		return p
	}
	// A standard named in the words ("IATF", "ISO 9001", "16949") asks for
	// enterprises holding it valid today: a filter, not words to find.
	q.Text, q.Filters, _ = s.standardsIn(q.Text, q.Filters)
	res := s.ix.Search(q)
	p := Page{Total: res.Total, Facets: res.Facets}
	s.mu.RLock()
	for _, h := range res.Hits {
		c := s.cards[h.ID]
		if c == nil {
			continue
		}
		p.Hits = append(p.Hits, CardHit{Card: c, Score: h.Score, Phrase: h.Phrase, Matches: matches(c, res.Words)})
	}
	s.mu.RUnlock()
	s.cache.put(key, gen, p)
	return p
}

// StandardsIn returns the certified standards a query's words name, by
// code.
func (s *Service) StandardsIn(text string) []string {
	_, f, _ := s.standardsIn(text, nil)
	return f[FacetCert]
}

// standardsIn takes the names of certified standards out of a query's
// text and adds them to its filters. A standard is named by its whole
// designation ("ISO 9001", "IATF 16949") or by a word of it no other
// standard has ("IATF", "9001").
func (s *Service) standardsIn(text string, filters map[string][]string) (string, map[string][]string, bool) {
	qw := words(text)
	s.mu.RLock()
	whole := map[string]string{}
	wordOf := map[string][]string{}
	for name, code := range s.standards {
		whole[name] = code
		for _, w := range strings.Fields(name) {
			if !slices.Contains(wordOf[w], code) {
				wordOf[w] = append(wordOf[w], code)
			}
		}
	}
	s.mu.RUnlock()
	var rest, found []string
	for i := 0; i < len(qw); i++ {
		hit := ""
		for k := min(4, len(qw)-i); k >= 2 && hit == ""; k-- {
			if code, ok := whole[strings.Join(qw[i:i+k], " ")]; ok {
				hit = code
				i += k - 1
			}
		}
		if hit == "" {
			if codes := wordOf[qw[i]]; len(codes) == 1 {
				hit = codes[0]
			}
		}
		if hit == "" {
			rest = append(rest, qw[i])
		} else if !slices.Contains(found, hit) {
			found = append(found, hit)
		}
	}
	if len(found) == 0 {
		return text, filters, false
	}
	out := map[string][]string{}
	for f, vs := range filters {
		out[f] = vs
	}
	for _, code := range found {
		if !slices.Contains(out[FacetCert], code) {
			out[FacetCert] = append(slices.Clone(out[FacetCert]), code)
		}
	}
	return strings.Join(rest, " "), out, true
}

// Label names a facet value in a language ("vi" or "en"); the value
// itself when it has no name.
func (s *Service) Label(facet, value, lang string) string {
	pick := func(vi, en string) string {
		if lang == "en" && en != "" {
			return en
		}
		return vi
	}
	var choices []enterprise.Choice
	switch facet {
	case FacetSector:
		choices = enterprise.KeySectorChoices()
	case FacetIndustry:
		choices = enterprise.IndustryChoices()
	case FacetSize:
		choices = enterprise.SizeChoices()
	case FacetOwnership:
		choices = enterprise.OwnershipChoices()
	default:
		s.mu.RLock()
		l, ok := s.labels[facet][value]
		s.mu.RUnlock()
		if ok {
			return pick(l[0], l[1])
		}
		return value
	}
	for _, c := range choices {
		if c.Code == value {
			return pick(c.NameVI, c.NameEN)
		}
	}
	return value
}

// Card returns an enterprise's card, if the directory lists it.
func (s *Service) Card(id int64) (*Card, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.cards[id]
	return c, ok
}

// IDs returns the listed enterprises' ids in order (for the sitemap).
func (s *Service) IDs() []int64 {
	s.mu.RLock()
	out := make([]int64, 0, len(s.cards))
	for id := range s.cards {
		out = append(out, id)
	}
	s.mu.RUnlock()
	slices.Sort(out)
	return out
}

// field is a named text of a card.
type field struct{ name, text string }

// matches finds the fields of a card holding the searched words or
// phrases, and marks them.
func matches(c *Card, searched []string) []Match {
	if len(searched) == 0 {
		return nil
	}
	fields := []field{{"name", c.Name}, {"name_en", c.NameEN}, {"short_name", c.ShortName}}
	for _, r := range c.Products {
		fields = append(fields, field{"products", r.NameVI}, field{"products", r.NameEN})
	}
	for _, r := range c.Processes {
		fields = append(fields, field{"processes", r.NameVI}, field{"processes", r.NameEN})
	}
	fields = append(fields, field{"materials", c.Materials}, field{"equipment", c.Equipment},
		field{"capacity", c.Capacity}, field{"ward", c.WardName})
	for _, x := range c.Customers {
		fields = append(fields, field{"customers", x})
	}
	for _, k := range c.KeySectors {
		for _, ch := range enterprise.KeySectorChoices() {
			if ch.Code == string(k) {
				fields = append(fields, field{"key_sectors", ch.NameVI}, field{"key_sectors", ch.NameEN})
			}
		}
	}
	for _, k := range c.Industries {
		for _, ch := range enterprise.IndustryChoices() {
			if ch.Code == string(k) {
				fields = append(fields, field{"industries", ch.NameVI}, field{"industries", ch.NameEN})
			}
		}
	}
	var out []Match
	for _, f := range fields {
		if parts, ok := mark(f.text, searched); ok {
			out = append(out, Match{Field: f.name, Parts: parts})
		}
	}
	return out
}

// mark splits text into parts, marking the runs of words that make up
// one of the searched words or phrases (compared folded).
func mark(text string, searched []string) ([]Part, bool) {
	if text == "" {
		return nil, false
	}
	type span struct{ from, to int } // byte offsets of a word in text
	var spans []span
	var folded []string
	start := -1
	for i, r := range text + " " {
		if notWord(r) {
			if start >= 0 {
				spans = append(spans, span{start, i})
				folded = append(folded, vn.Fold(text[start:i]))
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	hit := make([]bool, len(spans))
	found := false
	for _, q := range searched {
		qw := strings.Fields(q)
		for i := 0; i+len(qw) <= len(folded); i++ {
			if slices.Equal(folded[i:i+len(qw)], qw) {
				for j := i; j < i+len(qw); j++ {
					hit[j] = true
				}
				found = true
			}
		}
	}
	if !found {
		return nil, false
	}
	var parts []Part
	pos := 0
	for i, sp := range spans {
		if !hit[i] {
			continue
		}
		// Join a run of found words with what lies between them.
		end := sp.to
		for i+1 < len(spans) && hit[i+1] {
			i++
			end = spans[i].to
			hit[i] = false
		}
		if sp.from > pos {
			parts = append(parts, Part{Text: text[pos:sp.from]})
		}
		parts = append(parts, Part{Text: text[sp.from:end], Hit: true})
		pos = end
	}
	if pos < len(text) {
		parts = append(parts, Part{Text: text[pos:]})
	}
	return parts, true
}
