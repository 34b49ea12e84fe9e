package enterprise

import (
	"slices"
	"strings"
	"unicode"

	"cnht/internal/vn"
)

// MatchCandidate is what duplicate matching compares of an enterprise:
// an incoming row or an existing profile.
type MatchCandidate struct {
	TaxCode  string
	Name     string
	Street   string
	WardCode string // 2025 ward code, "" when unknown
	Phone    string
}

// MatchDecision is what a score means.
type MatchDecision string

// The decisions of the matcher.
const (
	MatchSame      MatchDecision = "same"      // the same enterprise: matched without asking
	MatchReview    MatchDecision = "review"    // perhaps the same: a person decides
	MatchDifferent MatchDecision = "different" // different enterprises
)

// The score thresholds. Vietnamese enterprise names are unique in the
// business register, so two names that differ by a whole word (a place, a
// line of business) are two enterprises; spelling, diacritics, legal-form
// words, abbreviations and typos are not differences.
const (
	MatchSameAt   = 0.92
	MatchReviewAt = 0.85
)

// Match is a scored comparison.
type Match struct {
	Score    float64
	Decision MatchDecision
	// NameScore is the names' similarity alone, 0 to 1.
	NameScore float64
	// Evidence lists what moved the score: "tax_code", "phone", "ward",
	// "phone_differs", "ward_differs", "legal_form_differs".
	Evidence []string
}

// MatchScore compares two enterprises. An equal tax code decides alone.
// Otherwise the names are compared word by word after folding (no
// diacritics, lower case), expanding common abbreviations ("SX" →
// "sản xuất") and dropping legal-form words ("Công ty TNHH", "CP", "JSC",
// "Co., Ltd"); a word matches a word at most one typo away. A word left
// unmatched on either side weighs heavily. The same phone number or ward
// adds to the score, a different one takes from it.
func MatchScore(a, b MatchCandidate) Match {
	if a.TaxCode != "" && b.TaxCode != "" {
		ca, ea := CanonicalTaxCode(a.TaxCode)
		cb, eb := CanonicalTaxCode(b.TaxCode)
		if ea == nil && eb == nil && ca == cb {
			return Match{Score: 1, Decision: MatchSame, NameScore: NameSimilarity(a.Name, b.Name), Evidence: []string{"tax_code"}}
		}
	}
	wa, fa := parseName(a.Name)
	wb, fb := parseName(b.Name)
	m := Match{NameScore: wordSimilarity(wa, wb)}
	m.Score = m.NameScore
	if fa != "" && fb != "" && fa != fb {
		// A limited company and a joint-stock one of the same name: the
		// register allows no such pair, but a company converted from one to
		// the other looks like it; a person decides.
		m.Score -= 0.1
		m.Evidence = append(m.Evidence, "legal_form_differs")
	}
	pa, pb := phoneKey(a.Phone), phoneKey(b.Phone)
	switch {
	case pa == "" || pb == "":
	case pa == pb:
		m.Score += 0.25
		m.Evidence = append(m.Evidence, "phone")
	default:
		m.Score -= 0.15
		m.Evidence = append(m.Evidence, "phone_differs")
	}
	switch {
	case a.WardCode == "" || b.WardCode == "":
	case a.WardCode == b.WardCode:
		m.Score += 0.1
		m.Evidence = append(m.Evidence, "ward")
	default:
		m.Score -= 0.1
		m.Evidence = append(m.Evidence, "ward_differs")
	}
	m.Score = min(1, max(0, m.Score))
	switch {
	case m.Score >= MatchSameAt:
		m.Decision = MatchSame
	case m.Score >= MatchReviewAt:
		m.Decision = MatchReview
	default:
		m.Decision = MatchDifferent
	}
	return m
}

// phoneKey is a phone number's last nine digits ("024 3882 1234",
// "+84-24-38821234" and "02438821234" are one number).
func phoneKey(s string) string {
	var d []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		}
	}
	if len(d) < 8 {
		return ""
	}
	if len(d) > 9 {
		d = d[len(d)-9:]
	}
	return string(d)
}

// nameAbbreviations expand the abbreviations officers type.
var nameAbbreviations = map[string][]string{
	"sx": {"san", "xuat"}, "tm": {"thuong", "mai"}, "dv": {"dich", "vu"}, "xnk": {"xuat", "nhap", "khau"},
	"kt": {"ky", "thuat"}, "xd": {"xay", "dung"}, "ck": {"co", "khi"}, "sxtm": {"san", "xuat", "thuong", "mai"},
	"tmdv": {"thuong", "mai", "dich", "vu"}, "hn": {"ha", "noi"}, "vn": {"viet", "nam"},
}

// The legal-form phrases, as folded word sequences; "co" and "thanh" are
// also ordinary words ("cơ khí", "Thành Công"), so single words are dropped
// only inside these phrases.
var legalPhrases = [][]string{
	{"cong", "ty", "trach", "nhiem", "huu", "han", "mot", "thanh", "vien"},
	{"cong", "ty", "trach", "nhiem", "huu", "han", "hai", "thanh", "vien", "tro", "len"},
	{"cong", "ty", "trach", "nhiem", "huu", "han"},
	{"cong", "ty", "tnhh", "mot", "thanh", "vien"}, {"cong", "ty", "tnhh", "hai", "thanh", "vien", "tro", "len"},
	{"cong", "ty", "tnhh", "mtv"}, {"cong", "ty", "tnhh"}, {"cty", "tnhh", "mtv"}, {"cty", "tnhh"},
	{"cong", "ty", "co", "phan"}, {"cty", "co", "phan"}, {"cty", "cp"}, {"cong", "ty", "cp"}, {"ctcp"},
	{"tnhh", "mtv"}, {"tnhh"}, {"mot", "thanh", "vien"}, {"hai", "thanh", "vien", "tro", "len"},
	{"doanh", "nghiep", "tu", "nhan"}, {"dntn"}, {"hop", "tac", "xa"}, {"htx"},
	{"joint", "stock", "company"}, {"company", "limited"}, {"co", "ltd"}, {"jsc"}, {"ltd"}, {"corp"}, {"corporation"},
	{"cong", "ty"}, {"cty"},
}

// nameWord is a word of a name, folded for comparing and as typed (lower
// case, diacritics kept) for judging typos.
type nameWord struct{ folded, typed string }

// legalForm names the kind of company a legal-form phrase says: "llc",
// "jsc", "private", "coop", or "" when none is said.
func legalForm(phrase []string) string {
	j := strings.Join(phrase, " ")
	switch {
	case strings.Contains(j, "tnhh") || strings.Contains(j, "trach nhiem") || strings.Contains(j, "ltd") || strings.Contains(j, "limited") || strings.Contains(j, "thanh vien"):
		return "llc"
	case strings.Contains(j, "co phan") || strings.Contains(j, "cp") || strings.Contains(j, "jsc") || strings.Contains(j, "joint stock"):
		return "jsc"
	case strings.Contains(j, "tu nhan") || j == "dntn":
		return "private"
	case strings.Contains(j, "hop tac") || j == "htx":
		return "coop"
	}
	return ""
}

// parseName splits a name into its words, abbreviations expanded and the
// legal-form phrases taken out, and says which legal form it named.
func parseName(name string) (words []nameWord, form string) {
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	var all []nameWord
	for _, w := range split(strings.ToLower(vn.NFC(name))) {
		f := vn.Fold(w)
		if exp, ok := nameAbbreviations[f]; ok {
			for _, e := range exp {
				all = append(all, nameWord{e, e})
			}
			continue
		}
		all = append(all, nameWord{f, w})
	}
	for i := 0; i < len(all); {
		n := 0
		for _, ph := range legalPhrases {
			if len(ph) > n && i+len(ph) <= len(all) && equalFolded(all[i:i+len(ph)], ph) {
				n = len(ph)
			}
		}
		if n > 0 {
			if f := legalForm(legalPhrases0(all[i : i+n])); f != "" {
				form = f
			}
			i += n
			continue
		}
		if all[i].folded != "va" && all[i].folded != "and" {
			words = append(words, all[i])
		}
		i++
	}
	return words, form
}

func legalPhrases0(ws []nameWord) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.folded
	}
	return out
}

// equalFolded reports whether words spell a legal-form phrase, allowing a
// typo in its longer words ("Trrách nhiệm hữu hạn").
func equalFolded(a []nameWord, b []string) bool {
	for i := range a {
		if a[i].folded != b[i] && !(len(b[i]) >= 4 && typoClose(a[i].folded, b[i])) {
			return false
		}
	}
	return true
}

// NameWords returns the folded words a name is compared by.
func NameWords(name string) []string {
	ws, _ := parseName(name)
	return legalPhrases0(ws)
}

// NameSimilarity compares two names word by word, 0 to 1: the share of
// words matched, cut by a fifth when any word is left over on either side.
// A word matches an equal word, or one a typo away when one of the two is
// not a Vietnamese syllable at all ("Trrách", "Tráhc") — "Nhật" and
// "Phát", one letter apart once folded, are two real words, not a typo.
func NameSimilarity(a, b string) float64 {
	return ParseName(a).Similarity(ParseName(b))
}

// Name is a name parsed for comparing, to compare one name with many
// without parsing it again.
type Name struct {
	words []nameWord
	form  string
}

// ParseName parses a name for comparing.
func ParseName(s string) Name {
	w, f := parseName(s)
	return Name{w, f}
}

// Similarity is NameSimilarity of two parsed names.
func (n Name) Similarity(o Name) float64 { return wordSimilarity(n.words, o.words) }

func wordSimilarity(wa, wb []nameWord) float64 {
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	used := make([]bool, len(wb))
	matched := 0
	for _, x := range wa {
		best := -1
		for j, y := range wb {
			if used[j] {
				continue
			}
			if x.folded == y.folded {
				best = j
				break
			}
			if best < 0 && typoClose(x.folded, y.folded) && !(vn.IsSyllable(x.typed) && vn.IsSyllable(y.typed)) {
				best = j
			}
		}
		if best >= 0 {
			used[best] = true
			matched++
		}
	}
	s := float64(matched) / float64(max(len(wa), len(wb)))
	if matched < len(wa) || matched < len(wb) {
		s *= 0.8
	}
	return s
}

// typoClose reports whether two words of four letters or more are one
// edit (insertion, deletion, substitution, or swap of neighbours) apart.
func typoClose(a, b string) bool {
	if len(a) < 4 || len(b) < 4 {
		return false
	}
	if isASCII(a) && isASCII(b) {
		return withinOneEdit([]byte(a), []byte(b))
	}
	return withinOneEdit([]rune(a), []rune(b))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// withinOneEdit reports whether a and b are at most one edit apart in the
// optimal string alignment (Damerau–Levenshtein) distance: equal, or one
// letter changed, added, dropped, or two neighbours swapped. It walks the
// two once instead of filling a distance table: planning an import calls
// it for every word of every name against the legal-form phrases.
func withinOneEdit[T byte | rune](a, b []T) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return true // equal, or b has one letter more at the end
	}
	if len(a) < len(b) {
		return slices.Equal(a[i:], b[i+1:]) // one letter added in b
	}
	if slices.Equal(a[i+1:], b[i+1:]) {
		return true // one letter changed
	}
	// two neighbours swapped
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && slices.Equal(a[i+2:], b[i+2:])
}
