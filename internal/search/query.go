package search

import (
	"container/heap"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
)

// Query is a search: words, facet filters, a page.
type Query struct {
	Text string
	// Filters keep documents with one of the values of each facet named
	// (values of one facet are alternatives; facets all apply).
	Filters map[string][]string
	// Prefix treats the last word as being typed: words it begins match.
	Prefix bool
	Limit  int
	Offset int
	// Facets asks for the count of every value of every facet among the
	// matches (for a facet filtered on, as if it were not).
	Facets bool
}

// Hit is one matching document.
type Hit struct {
	ID    int64
	Score float64
	// Phrase is true when the query's words stand side by side in the
	// document as typed ('co khi' as "cơ khí"), not only somewhere.
	Phrase bool
}

// FacetCount is a facet value and how many matches have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is a page of hits, the total and the facet counts.
type Result struct {
	Total  int
	Hits   []Hit
	Facets map[string][]FacetCount
	// Words are the folded words and phrases searched for, synonyms and
	// corrected typos included, for highlighting.
	Words []string
}

// Ranking weights: BM25 on names and text with binary term frequency.
const (
	k1         = 1.2
	bName      = 0.75
	nameWeight = 3.0
	prefWeight = 0.8
	synWeight  = 0.9
	phraseTier = 1000
	// direct is the largest match set scored document by document; a
	// larger one is ranked in groups of equal features (see rankGroups).
	direct = 3000
)

// alt is one way a slot of the query can match: a word or a phrase of
// words, with the weight of that way.
type alt struct {
	words  []string
	weight float64
	loose  bool // the words anywhere, not side by side
}

// slot is one position of the query: a word typed, or a phrase a synonym
// stands for, and the ways it matches.
type slot struct {
	alts     []alt
	typed    string // the word typed, when the slot is a single word
	docs     *roaring.Bitmap
	strict   *roaring.Bitmap // docs matching a phrase as a phrase
	multi    bool            // the slot is a phrase typed (several words)
	inName   *roaring.Bitmap
	idf      float64
	original bool // matches as typed only (for the phrase of adjacent words)
}

// Search runs a query.
func (ix *Index) Search(q Query) Result {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	ix.sortWords()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	qw, slots, base, filters, match := ix.match(q)
	res := Result{Total: int(match.GetCardinality())}
	for _, s := range slots {
		for _, a := range s.alts {
			res.Words = append(res.Words, strings.Join(a.words, " "))
		}
	}
	res.Hits = ix.rank(match, slots, qw, exactWords(q.Text), q.Offset+q.Limit)
	if q.Offset < len(res.Hits) {
		res.Hits = res.Hits[q.Offset:]
	} else {
		res.Hits = nil
	}
	if q.Facets {
		res.Facets = ix.countFacets(base, match, filters, q.Filters)
	}
	return res
}

// match finds a query's documents: those with the words (base), the
// facet filters apart, and both together (match).
func (ix *Index) match(q Query) (qw []string, slots []*slot, base *roaring.Bitmap, filters map[string]*roaring.Bitmap, match *roaring.Bitmap) {
	qw = ix.correct(words(q.Text), q.Prefix)
	slots = ix.slots(qw, q.Prefix)
	// The documents matching the words (every slot, anywhere).
	base = ix.live.Clone()
	for _, s := range slots {
		base.And(s.docs)
	}
	// Facet filters, each an OR of its values, kept apart for the facet
	// counts that ignore their own filter.
	filters = map[string]*roaring.Bitmap{}
	for f, vs := range q.Filters {
		if len(vs) == 0 {
			continue
		}
		fb := roaring.New()
		for _, v := range vs {
			if b := ix.bitmap(facetTerm(f, v)); b != nil {
				fb.Or(b)
			}
		}
		filters[f] = fb
	}
	match = base.Clone()
	for _, fb := range filters {
		match.And(fb)
	}
	return qw, slots, base, filters, match
}

// Matching returns which of ids a query matches, in the order given.
func (ix *Index) Matching(q Query, ids []int64) []int64 {
	ix.sortWords()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	_, _, _, _, match := ix.match(q)
	var out []int64
	for _, id := range ids {
		if n, ok := ix.byID[id]; ok && match.Contains(n) {
			out = append(out, id)
		}
	}
	return out
}

// correct replaces each word of five letters or more that no document
// has by the most frequent word one edit away, if any: "stampinng" is
// searched as "stamping", synonyms and all. The last word, when being
// typed, is left to prefix matching.
func (ix *Index) correct(qw []string, prefix bool) []string {
	out := slices.Clone(qw)
	for i, w := range out {
		if len(w) < 5 || prefix && i == len(out)-1 {
			continue
		}
		if b := ix.bitmap(w); b != nil && !b.IsEmpty() {
			continue
		}
		best, bestDF := "", uint64(0)
		for _, t := range ix.typos(w) {
			if df := ix.bitmap(t).GetCardinality(); df > bestDF {
				best, bestDF = t, df
			}
		}
		if best != "" {
			out[i] = best
		}
	}
	return out
}

// slots reads the query's words into slots: synonyms (a phrase of the
// list stands for its others), the words the last one begins when it is
// being typed.
func (ix *Index) slots(qw []string, prefix bool) []*slot {
	var out []*slot
	n := float64(max(ix.live.GetCardinality(), 1))
	for i := 0; i < len(qw); {
		s := &slot{}
		if group, k := synonymAt(qw, i); k > 0 {
			for _, phrase := range group {
				w := 1.0
				if !slices.Equal(phrase, qw[i:i+k]) {
					w = synWeight
				}
				s.alts = append(s.alts, alt{words: phrase, weight: w})
			}
			if k > 1 {
				// Syllables typed together match side by side first, then
				// anywhere ('co khi' as "cơ khí", then "có ... khí").
				s.multi = true
				s.alts = append(s.alts, alt{words: qw[i : i+k], weight: 0.5, loose: true})
			}
			s.original = false
			i += k
		} else {
			w := qw[i]
			s.typed, s.original = w, true
			s.alts = append(s.alts, alt{words: []string{w}, weight: 1})
			if prefix && i == len(qw)-1 && len(w) >= 2 {
				for _, t := range ix.prefixed(w, 30) {
					s.alts = append(s.alts, alt{words: []string{t}, weight: prefWeight})
				}
			}
			i++
		}
		s.docs, s.strict, s.inName = roaring.New(), roaring.New(), roaring.New()
		for _, a := range s.alts {
			if a.loose {
				s.docs.Or(ix.loose(a.words))
				continue
			}
			d, nm := ix.phrase(a.words)
			s.docs.Or(d)
			s.strict.Or(d)
			s.inName.Or(nm)
		}
		df := float64(s.docs.GetCardinality())
		s.idf = math.Log(1 + (n-df+0.5)/(df+0.5))
		out = append(out, s)
	}
	return out
}

// phrase returns the documents with the words side by side, and those
// with them in a name.
func (ix *Index) phrase(ws []string) (docs, inName *roaring.Bitmap) {
	var bms, names []*roaring.Bitmap
	for i, w := range ws {
		t := w
		if i > 0 {
			t = bigram(ws[i-1], w)
		}
		id, ok := ix.terms[t]
		if !ok {
			return roaring.New(), roaring.New()
		}
		p := &ix.post[id]
		bms = append(bms, p.docs())
		if nm := p.names(); nm == nil {
			names = nil
		} else if i == 0 || names != nil {
			names = append(names, nm)
		}
	}
	docs = roaring.FastAnd(append(bms, bms[0])...)
	if len(names) == len(ws) {
		inName = roaring.FastAnd(append(names, names[0])...)
	} else {
		inName = roaring.New()
	}
	return docs, inName
}

// loose returns the documents with every word, anywhere.
func (ix *Index) loose(ws []string) *roaring.Bitmap {
	var bms []*roaring.Bitmap
	for _, w := range ws {
		b := ix.bitmap(w)
		if b == nil {
			return roaring.New()
		}
		bms = append(bms, b)
	}
	return roaring.FastAnd(append(bms, bms[0])...)
}

// features are what a document's score depends on.
type features struct {
	phrase   bool
	inName   []bool
	exact    bool
	verified bool
	intl     bool
	nameLen  int
}

// scorer computes scores from features.
type scorer struct {
	slots   []*slot
	avgLen  float64
	hasText bool
}

func (sc scorer) score(f features) float64 {
	if !sc.hasText {
		s := 1.0
		if f.verified {
			s += 0.1
		}
		if f.intl {
			s += 0.1
		}
		return s
	}
	norm := (k1 + 1) / (1 + k1*(1-bName+bName*float64(max(f.nameLen, 1))/sc.avgLen))
	s := 0.0
	for i, sl := range sc.slots {
		if f.inName[i] {
			s += sl.idf * nameWeight * norm
		} else {
			s += sl.idf
		}
	}
	if f.phrase {
		// Phrase matches come first, whatever else: a tier above.
		s += phraseTier
	}
	if f.exact {
		s *= 1.2
	}
	boost := 1.0
	if f.verified {
		boost += 0.1
	}
	if f.intl {
		boost += 0.1
	}
	return s * boost
}

// rank returns the best k matches, best first; equal scores in the order
// of their enterprise ids.
func (ix *Index) rank(match *roaring.Bitmap, slots []*slot, qw, exactQ []string, k int) []Hit {
	if match.IsEmpty() || k <= 0 {
		return nil
	}
	sc := scorer{slots: slots, hasText: len(slots) > 0, avgLen: ix.avgNameLen()}
	// The phrase: adjacent words typed as they are, side by side.
	var phrase *roaring.Bitmap
	phrase = match.Clone()
	pairs := 0
	for i, sl := range slots {
		if sl.multi {
			pairs++
			phrase.And(sl.strict)
		}
		if i > 0 && slots[i-1].original && sl.original {
			pairs++
			if b := ix.bitmap(bigram(slots[i-1].typed, sl.typed)); b != nil {
				phrase.And(b)
			} else {
				phrase.Clear()
			}
		}
	}
	if pairs == 0 {
		phrase = nil
	}
	// Words typed with their diacritics, found so spelled in a name.
	var exact *roaring.Bitmap
	for _, w := range exactQ {
		if !hasDiacritics(w) {
			continue
		}
		b := ix.exact[w]
		if b == nil {
			exact = roaring.New()
			break
		}
		if exact == nil {
			exact = b.Clone()
		} else {
			exact.And(b)
		}
	}
	verified, intl := ix.bitmap(facetTerm(FacetVerified, "yes")), ix.bitmap(facetTerm(facetIntl, "yes"))
	has := func(b *roaring.Bitmap, n uint32) bool { return b != nil && b.Contains(n) }
	top := &hitHeap{}
	offer := func(n uint32, f features) {
		h := Hit{ID: ix.ids[n], Score: sc.score(f), Phrase: f.phrase}
		if top.Len() < k {
			heap.Push(top, h)
		} else if better(h, (*top)[0]) {
			(*top)[0] = h
			heap.Fix(top, 0)
		}
	}
	featuresOf := func(n uint32) features {
		f := features{phrase: has(phrase, n), exact: has(exact, n), verified: has(verified, n), intl: has(intl, n), nameLen: int(ix.nameLen[n])}
		f.inName = make([]bool, len(slots))
		for i, s := range slots {
			f.inName[i] = s.inName.Contains(n)
		}
		return f
	}
	if match.GetCardinality() <= direct {
		it := match.Iterator()
		for it.HasNext() {
			n := it.Next()
			offer(n, featuresOf(n))
		}
	} else {
		ix.rankGroups(match, slots, phrase, exact, verified, intl, sc, k, top, offer)
	}
	out := make([]Hit, top.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(top).(Hit)
	}
	return out
}

// rankGroups ranks a large match set without scoring each document: the
// score depends only on a few yes-or-no features and the name's length,
// so the documents are taken group by group — each group the documents
// sharing the features — best possible group first, and within a group
// shortest name first, until no group left can beat the k found.
func (ix *Index) rankGroups(match *roaring.Bitmap, slots []*slot, phrase, exact, verified, intl *roaring.Bitmap, sc scorer, k int, top *hitHeap, offer func(uint32, features)) {
	type feature struct {
		b   *roaring.Bitmap
		set func(f *features, v bool)
	}
	var fs []feature
	add := func(b *roaring.Bitmap, set func(f *features, v bool)) {
		if b != nil {
			fs = append(fs, feature{b, set})
		}
	}
	add(phrase, func(f *features, v bool) { f.phrase = v })
	for i := range slots {
		if i >= 5 {
			break // beyond five words, a word in a name is not told apart
		}
		add(slots[i].inName, func(f *features, v bool) { f.inName[i] = v })
	}
	add(exact, func(f *features, v bool) { f.exact = v })
	add(verified, func(f *features, v bool) { f.verified = v })
	add(intl, func(f *features, v bool) { f.intl = v })
	type group struct {
		mask int
		f    features
		best float64
	}
	groups := make([]group, 0, 1<<len(fs))
	for mask := range 1 << len(fs) {
		f := features{inName: make([]bool, len(slots)), nameLen: 1}
		for j, ft := range fs {
			ft.set(&f, mask&(1<<j) != 0)
		}
		groups = append(groups, group{mask: mask, f: f, best: sc.score(f)})
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].best > groups[j].best })
	for _, g := range groups {
		if top.Len() >= k && g.best < (*top)[0].Score {
			return
		}
		b := match.Clone()
		for j, ft := range fs {
			if g.mask&(1<<j) != 0 {
				b.And(ft.b)
			} else {
				b.AndNot(ft.b)
			}
			if b.IsEmpty() {
				break
			}
		}
		if b.IsEmpty() {
			continue
		}
		for l := 0; l <= maxNameLen; l++ {
			f := g.f
			f.nameLen = l
			if top.Len() >= k && sc.score(f) < (*top)[0].Score {
				break // longer names score lower still
			}
			part := roaring.And(b, ix.lengths[l])
			it := part.Iterator()
			for it.HasNext() {
				offer(it.Next(), f)
			}
		}
	}
}

// avgNameLen is the mean length, in words, of the names.
func (ix *Index) avgNameLen() float64 {
	total, n := 0.0, 0.0
	for l, b := range ix.lengths {
		c := float64(b.GetCardinality())
		total += float64(l) * c
		n += c
	}
	if n == 0 {
		return 1
	}
	return max(total/n, 1)
}

// better orders hits: higher score first, then lower id.
func better(a, b Hit) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.ID < b.ID
}

// hitHeap keeps the best k hits with the worst on top.
type hitHeap []Hit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(Hit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// countFacets counts, for every facet value, the matches having it; a
// facet filtered on is counted as if its own filter were not applied, so
// that its other values show what choosing them would give. That is k+1
// sets for k facets filtered on: the matches, for the facets not
// filtered on, and for each facet filtered on, its own values among the
// documents with the words and the other filters (base itself when it is
// the only one).
func (ix *Index) countFacets(base, match *roaring.Bitmap, filters map[string]*roaring.Bitmap, chosen map[string][]string) map[string][]FacetCount {
	counts := make([]int, len(ix.facetIDs))
	var rest []uint32
	var own map[string][]uint32
	for s, k := range ix.facetKeys {
		switch {
		case k.facet == facetIntl:
		case filters[k.facet] != nil:
			if own == nil {
				own = map[string][]uint32{}
			}
			own[k.facet] = append(own[k.facet], uint32(s))
		default:
			rest = append(rest, uint32(s))
		}
	}
	ix.countIn(match, rest, counts)
	for f, slots := range own {
		set := base
		if len(filters) > 1 {
			set = base.Clone()
			for g, fb := range filters {
				if g != f {
					set.And(fb)
				}
			}
		}
		ix.countIn(set, slots, counts)
	}
	out := map[string][]FacetCount{}
	for s, k := range ix.facetKeys {
		if k.facet == facetIntl {
			continue
		}
		if c := counts[s]; c > 0 || slices.Contains(chosen[k.facet], k.value) {
			out[k.facet] = append(out[k.facet], FacetCount{Value: k.value, Count: c})
		}
	}
	for f := range out {
		slices.SortFunc(out[f], func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
	}
	return out
}

// Costs of counting facet values, in about nanoseconds, as measured at a
// million profiles (946,963 listed; 1,000 queries of bench/search on 2
// cores): reading and counting a document's values (12 or so), 25 ns in
// a dense set to 500 in a sparse one (each document's values are
// elsewhere in memory), taken high so that the sparse sets in between go
// by value; an array container's value tested in a bitmap or merged with
// another array (1–3 ns); two bitmap containers ANDed and counted.
const (
	costDoc    = 50.0
	costElem   = 1.0
	costBitmap = 150.0
)

// countIn puts in counts, for each facet value slot, how many documents
// of set have the value: document by document (each one's values read
// and counted) or value by value (the value's bitmap ANDed with set),
// whichever costs less for the set's size and the values' (reading the
// documents costs the same however few of their values are wanted;
// intersecting costs per value, less for dense bitmaps). Certificates are
// not among a document's values (they change with the day): always
// value by value.
func (ix *Index) countIn(set *roaring.Bitmap, slots []uint32, counts []int) {
	n := set.GetCardinality()
	if n == 0 || len(slots) == 0 {
		return
	}
	chunks := float64(max(1, set.Maximum()>>16+1))
	perChunk := float64(n) / chunks
	byValue := 0.0
	var certs []uint32
	for _, s := range slots {
		if ix.facetKeys[s].facet == FacetCert {
			certs = append(certs, s)
			continue
		}
		byValue += chunks * andCost(perChunk, float64(ix.post[ix.facetIDs[s]].df())/chunks)
	}
	if float64(n)*costDoc < byValue {
		ix.countByDoc(set, slots, counts)
		ix.countByValue(set, certs, counts)
	} else {
		ix.countByValue(set, slots, counts)
	}
}

// countByDoc counts the values of slots (certificates aside) document by
// document.
func (ix *Index) countByDoc(set *roaring.Bitmap, slots []uint32, counts []int) {
	tally := make([]int32, len(ix.facetIDs))
	var buf [256]uint32
	it := set.ManyIterator()
	for k := it.NextMany(buf[:]); k > 0; k = it.NextMany(buf[:]) {
		for _, d := range buf[:k] {
			for _, v := range ix.facets[d] {
				tally[v]++
			}
		}
	}
	for _, s := range slots {
		if ix.facetKeys[s].facet != FacetCert {
			counts[s] = int(tally[s])
		}
	}
}

// countByValue counts the values of slots value by value.
func (ix *Index) countByValue(set *roaring.Bitmap, slots []uint32, counts []int) {
	for _, s := range slots {
		p := &ix.post[ix.facetIDs[s]]
		switch {
		case p.all != nil:
			counts[s] = int(set.AndCardinality(p.all))
		case p.has && set.Contains(p.one):
			counts[s] = 1
		default:
			counts[s] = 0
		}
	}
}

// andCost estimates the cost of counting the AND of two containers of a
// and b values.
func andCost(a, b float64) float64 {
	const full = 4096 // beyond, a container is a bitmap
	switch {
	case a > full && b > full:
		return costBitmap
	case a > full:
		return b * costElem
	case b > full:
		return a * costElem
	default:
		return (a + b) * costElem
	}
}
