package search

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// Doc is one enterprise as the index holds it: the words of its names and
// of its other public text, and its facet values.
type Doc struct {
	ID int64
	// Names are the Vietnamese, English and short names: words found there
	// weigh more.
	Names []string
	// Text is the rest that is searched: materials, equipment, customers.
	Text []string
	// Shared is searched text many documents have alike (product,
	// process, sector, industry and ward names): split and folded once.
	Shared []string
	// Facets are the values the search filters and counts by, facet →
	// values ("sector" → ["components"]).
	Facets map[string][]string
	// Certs are certificates by standard code and validity, for the
	// "valid today" facet, which changes with the day.
	Certs    []Cert
	Verified bool
}

// Cert is a certificate's standard and validity (issued on or before a
// day, expiring after it).
type Cert struct {
	Standard      string
	International bool
	IssuedOn      time.Time
	ExpiresOn     time.Time
}

func (c Cert) validOn(day time.Time) bool { return !c.IssuedOn.After(day) && c.ExpiresOn.After(day) }

// The facets of the cerificates valid on the index's day, and of the
// boosts.
const (
	FacetCert     = "cert"     // a standard held valid today
	FacetVerified = "verified" // "yes": every field group verified by an officer
	facetIntl     = "intl"     // "yes": an international certificate valid today
)

// posting is a term's documents, and those of them that have it in a
// name. Most terms (the word pairs of names) belong to one document: that
// one is kept inline, and bitmaps are made when a second comes.
type posting struct {
	all     *roaring.Bitmap // nil while the term has at most one document
	name    *roaring.Bitmap // nil when no name has it (or while inline)
	one     uint32          // the document, while inline
	has     bool            // one is set
	oneName bool            // one has the term in a name
}

// add puts document n in the posting.
func (p *posting) add(n uint32, inName bool) {
	switch {
	case p.all != nil:
		p.all.Add(n)
		if inName {
			if p.name == nil {
				p.name = roaring.New()
			}
			p.name.Add(n)
		}
	case !p.has || p.one == n:
		p.one, p.has, p.oneName = n, true, p.oneName && p.one == n || inName
	default:
		p.all = roaring.BitmapOf(p.one, n)
		if p.oneName || inName {
			p.name = roaring.New()
			if p.oneName {
				p.name.Add(p.one)
			}
			if inName {
				p.name.Add(n)
			}
		}
		p.has, p.oneName = false, false
	}
}

// remove takes document n out.
func (p *posting) remove(n uint32) {
	if p.all == nil {
		if p.has && p.one == n {
			p.has, p.oneName = false, false
		}
		return
	}
	p.all.Remove(n)
	if p.name != nil {
		p.name.Remove(n)
	}
}

// clear empties the posting.
func (p *posting) clear() { *p = posting{} }

// docs returns the documents (a new bitmap while inline: do not keep
// writes to it).
func (p *posting) docs() *roaring.Bitmap {
	if p.all != nil {
		return p.all
	}
	if p.has {
		return roaring.BitmapOf(p.one)
	}
	return roaring.New()
}

// names returns the documents with the term in a name, nil for none.
func (p *posting) names() *roaring.Bitmap {
	if p.all != nil {
		return p.name
	}
	if p.has && p.oneName {
		return roaring.BitmapOf(p.one)
	}
	return nil
}

// df is how many documents have the term.
func (p *posting) df() uint64 {
	if p.all != nil {
		return p.all.GetCardinality()
	}
	if p.has {
		return 1
	}
	return 0
}

// Index is an in-memory inverted index of enterprise documents: roaring
// bitmaps of folded words, of adjacent word pairs (phrases) and of facet
// values. Safe for concurrent use: searches share a read lock; Put and
// Delete take the write lock briefly.
type Index struct {
	mu      sync.RWMutex
	ids     []int64           // internal number → enterprise id (0: deleted)
	byID    map[int64]uint32  // enterprise id → internal number
	live    *roaring.Bitmap   // documents present
	terms   map[string]uint32 // term → its number
	post    []posting         // by term number
	words   []string          // by term number; "" for bigrams and facets
	deletes map[string][]uint32
	exact   map[string]*roaring.Bitmap // name words with diacritics
	nameLen []uint8                    // words in the Vietnamese name (ranking: shorter is closer)
	// facets is each document's facet values (their slots, see facetIDs;
	// certificates aside, as they change with the day), for counting
	// facets over a match set document by document.
	facets  [][]uint32
	certs   map[uint32][]Cert
	day     time.Time // the day the certificate facets hold for
	lengths [maxNameLen + 1]*roaring.Bitmap
	scratch []uint32            // Put's term list, reused
	folded  map[string][]string // shared texts (catalogue names) split and folded
	// facetIDs is the terms that are facet values, in the order they came
	// (a value's slot is its place here, for ever: terms are not
	// removed); facetSlot the other way; facetKeys the facet and value of
	// each slot.
	facetIDs  []uint32
	facetSlot map[uint32]uint32
	facetKeys []facetKey
	// sorted is the words in order, for prefixes; rebuilt after words
	// were added (unsorted is then set).
	sorted   []string
	unsorted atomic.Bool
}

// maxNameLen caps the name length the ranking tells apart.
const maxNameLen = 24

// New returns an empty index whose certificate facets hold for day.
func New(day time.Time) *Index {
	ix := &Index{byID: map[int64]uint32{}, live: roaring.New(), terms: map[string]uint32{}, deletes: map[string][]uint32{},
		exact: map[string]*roaring.Bitmap{}, certs: map[uint32][]Cert{}, day: day, facetSlot: map[uint32]uint32{}, folded: map[string][]string{}}
	for i := range ix.lengths {
		ix.lengths[i] = roaring.New()
	}
	return ix
}

// Len is the number of documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return int(ix.live.GetCardinality())
}

// term returns a term's number, adding it to the dictionary.
func (ix *Index) term(t string, word bool) uint32 {
	if n, ok := ix.terms[t]; ok {
		return n
	}
	n := uint32(len(ix.post))
	ix.terms[t] = n
	ix.post = append(ix.post, posting{})
	w := ""
	if word {
		w = t
		// Words of five letters or more can be found with one typo: their
		// one-letter deletions point back to them.
		if len(t) >= 5 {
			for _, d := range deletions(t) {
				ix.deletes[d] = append(ix.deletes[d], n)
			}
		}
	}
	ix.words = append(ix.words, w)
	if word {
		ix.unsorted.Store(true)
	}
	if t[0] == 1 {
		ix.addFacet(n, t)
	}
	return n
}

// sortWords brings the sorted word list up to date.
func (ix *Index) sortWords() {
	if !ix.unsorted.Load() {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.unsorted.Load() {
		return
	}
	ix.sorted = ix.sorted[:0]
	for _, w := range ix.words {
		if w != "" {
			ix.sorted = append(ix.sorted, w)
		}
	}
	slices.Sort(ix.sorted)
	ix.unsorted.Store(false)
}

// Put adds a document; old, when not nil, is the version of it the index
// holds, taken out first (the index keeps no copy of what it indexed:
// the caller has it).
func (ix *Index) Put(old *Doc, d Doc) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old != nil {
		ix.remove(*old)
	}
	n, ok := ix.byID[d.ID]
	if !ok {
		n = uint32(len(ix.ids))
		ix.ids = append(ix.ids, d.ID)
		ix.nameLen = append(ix.nameLen, 0)
		ix.facets = append(ix.facets, nil)
		ix.byID[d.ID] = n
	}
	ix.ids[n] = d.ID
	ix.live.Add(n)
	var fvals []uint32
	exact, nameLen := ix.eachTerm(d, true, func(id uint32, inName bool) {
		ix.post[id].add(n, inName)
		if s, ok := ix.facetSlot[id]; ok {
			fvals = append(fvals, s)
		}
	})
	ix.facets[n] = slices.Clip(fvals)
	for _, w := range exact {
		b := ix.exact[w]
		if b == nil {
			b = roaring.New()
			ix.exact[w] = b
		}
		b.Add(n)
	}
	ix.nameLen[n] = uint8(nameLen)
	ix.lengths[nameLen].Add(n)
	if len(d.Certs) > 0 {
		ix.certs[n] = d.Certs
		ix.addCerts(n, d.Certs)
	}
}

// eachTerm calls f with the number of each term of d and whether a name
// has it; with create, terms new to the dictionary are added, else they
// are skipped. It returns the name words with diacritics and the length
// of the first name in words.
func (ix *Index) eachTerm(d Doc, create bool, f func(id uint32, inName bool)) (exact []string, nameLen int) {
	lookup := func(t string, word bool) (uint32, bool) {
		if id, ok := ix.terms[t]; ok {
			return id, true
		}
		if !create {
			return 0, false
		}
		return ix.term(t, word), true
	}
	var pair []byte
	addWords := func(ws []string, inName bool) {
		for i, w := range ws {
			if id, ok := lookup(w, true); ok {
				f(id, inName)
			}
			if i > 0 {
				// The pair's term, looked up without making a string unless
				// it is new.
				pair = append(append(append(pair[:0], ws[i-1]...), ' '), w...)
				id, ok := ix.terms[string(pair)]
				if !ok && create {
					id, ok = ix.term(string(pair), false), true
				}
				if ok {
					f(id, inName)
				}
			}
		}
	}
	for i, s := range d.Names {
		ws := words(s)
		addWords(ws, true)
		if i == 0 {
			nameLen = min(len(ws), maxNameLen)
		}
		for _, w := range exactWords(s) {
			if hasDiacritics(w) && !slices.Contains(exact, w) {
				exact = append(exact, w)
			}
		}
	}
	for _, s := range d.Text {
		addWords(words(s), false)
	}
	for _, s := range d.Shared {
		addWords(ix.tokens(s), false)
	}
	for fc, vs := range d.Facets {
		for _, v := range vs {
			if id, ok := lookup(facetTerm(fc, v), false); ok {
				f(id, false)
			}
		}
	}
	if d.Verified {
		if id, ok := lookup(facetTerm(FacetVerified, "yes"), false); ok {
			f(id, false)
		}
	}
	return exact, nameLen
}

// addCerts puts document n in the facets of its certificates valid on
// the index's day.
func (ix *Index) addCerts(n uint32, cs []Cert) {
	for _, c := range cs {
		if c.validOn(ix.day) {
			ix.post[ix.term(facetTerm(FacetCert, c.Standard), false)].add(n, false)
			if c.International {
				ix.post[ix.term(facetTerm(facetIntl, "yes"), false)].add(n, false)
			}
		}
	}
}

// Compact gives every posting's bitmap its exact size, once documents
// were added in bulk (growing bitmaps keep room to grow).
func (ix *Index) Compact() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i := range ix.post {
		p := &ix.post[i]
		if p.all != nil {
			p.all.RunOptimize()
			p.all = p.all.Clone()
		}
		if p.name != nil {
			p.name.RunOptimize()
			p.name = p.name.Clone()
		}
	}
	for w, b := range ix.exact {
		ix.exact[w] = b.Clone()
	}
}

// Delete takes a document out; d is the version the index holds.
func (ix *Index) Delete(d Doc) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(d)
}

// remove takes document d (as indexed) out of every bitmap it is in; its
// number stays reserved for it.
func (ix *Index) remove(d Doc) {
	n, ok := ix.byID[d.ID]
	if !ok || !ix.live.Contains(n) {
		return
	}
	ix.live.Remove(n)
	ix.facets[n] = nil
	exact, _ := ix.eachTerm(d, false, func(id uint32, _ bool) { ix.post[id].remove(n) })
	for _, w := range exact {
		if b := ix.exact[w]; b != nil {
			b.Remove(n)
		}
	}
	ix.lengths[ix.nameLen[n]].Remove(n)
	if cs, ok := ix.certs[n]; ok {
		for _, c := range cs {
			if id, ok := ix.terms[facetTerm(FacetCert, c.Standard)]; ok {
				ix.post[id].remove(n)
			}
		}
		if id, ok := ix.terms[facetTerm(facetIntl, "yes")]; ok {
			ix.post[id].remove(n)
		}
		delete(ix.certs, n)
	}
}

// SetDay moves the certificate facets to another day (certificates
// expire and begin): every document with certificates is placed again.
func (ix *Index) SetDay(day time.Time) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if day.Equal(ix.day) {
		return
	}
	ix.day = day
	for t, id := range ix.terms {
		if isFacet(t, FacetCert) || isFacet(t, facetIntl) {
			ix.post[id].clear()
		}
	}
	for n, cs := range ix.certs {
		ix.addCerts(n, cs)
	}
}

// Day is the day the certificate facets hold for.
func (ix *Index) Day() time.Time {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.day
}

func isFacet(term, facet string) bool {
	p := "\x01" + facet + "="
	return len(term) > len(p) && term[:len(p)] == p
}

// tokens splits and folds a shared text, once.
func (ix *Index) tokens(s string) []string {
	if ws, ok := ix.folded[s]; ok {
		return ws
	}
	ws := words(s)
	if len(ix.folded) < 100_000 {
		ix.folded[s] = ws
	}
	return ws
}

// facetKey is a facet value's facet and value.
type facetKey struct{ facet, value string }

// addFacet gives facet term id, of text t, the next slot.
func (ix *Index) addFacet(id uint32, t string) {
	f, v, _ := strings.Cut(t[1:], "=")
	ix.facetSlot[id] = uint32(len(ix.facetIDs))
	ix.facetIDs = append(ix.facetIDs, id)
	ix.facetKeys = append(ix.facetKeys, facetKey{f, v})
}

// bitmap returns a term's documents, nil when none has it.
func (ix *Index) bitmap(t string) *roaring.Bitmap {
	if id, ok := ix.terms[t]; ok {
		return ix.post[id].docs()
	}
	return nil
}

// prefixed returns the words that begin with p, most frequent first, at
// most limit of them.
func (ix *Index) prefixed(p string, limit int) []string {
	var out []string
	for i := sort.SearchStrings(ix.sorted, p); i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], p); i++ {
		if t := ix.sorted[i]; t != p && ix.post[ix.terms[t]].df() > 0 {
			out = append(out, t)
		}
	}
	df := func(t string) uint64 { return ix.post[ix.terms[t]].df() }
	sort.SliceStable(out, func(i, j int) bool { return df(out[i]) > df(out[j]) })
	return out[:min(limit, len(out))]
}

// typos returns the words one edit away from w.
func (ix *Index) typos(w string) []string {
	seen := map[uint32]bool{}
	var out []string
	try := func(ids []uint32) {
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			if t := ix.words[id]; t != w && editDistance1(t, w) && ix.post[id].df() > 0 {
				out = append(out, t)
			}
		}
	}
	try(ix.deletes[w]) // w is a word with one more letter, less one
	for _, d := range deletions(w) {
		if id, ok := ix.terms[d]; ok && ix.words[id] != "" {
			try([]uint32{id}) // a word with one letter fewer
		}
		try(ix.deletes[d]) // a substitution or transposition
	}
	slices.Sort(out)
	return out
}
