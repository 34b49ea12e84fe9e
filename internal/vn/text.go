package vn

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tone is a Vietnamese tone mark. The values follow dictionary order (none,
// huyền, hỏi, ngã, sắc, nặng) so that they can be used as sort weights.
type tone uint8

const (
	toneNone tone = iota
	toneHuyen
	toneHoi
	toneNga
	toneSac
	toneNang
)

// vowelForms lists the twelve Vietnamese vowel letters, each with its six
// tone forms in dictionary order. It is the single source for the vowel
// tables below, so a letter cannot be known to one function and not another.
var vowelForms = [...]string{
	"aàảãáạ", "ăằẳẵắặ", "âầẩẫấậ", "eèẻẽéẹ", "êềểễếệ", "iìỉĩíị",
	"oòỏõóọ", "ôồổỗốộ", "ơờởỡớợ", "uùủũúụ", "ưừửữứự", "yỳỷỹýỵ",
}

// letterInfo describes one letter of the Vietnamese alphabet in one of its
// forms (case, tone).
type letterInfo struct {
	base   rune // lower-case letter without tone: a ă â b … đ … ơ … ư … y (and f j w z)
	lower  rune // this form in lower case, tone kept
	weight byte // primary sort weight of base; 0 marks "not a letter of the table"
	ascii  byte // the letter folded to lower-case ASCII
	tone   tone
	upper  bool
	vowel  bool
}

// letterTables cover U+0000–U+024F and U+1EA0–U+1EFF, where every
// Vietnamese letter lives; vowelCompose maps a lower-case toneless vowel to
// its six tone forms. Dense arrays rather than maps because these lookups
// dominate the cost of loading the unit lists. Read-only after package
// initialisation.
var (
	letterTables = buildLetterTables()
	vowelCompose = buildVowelCompose()
)

const (
	latinEnd     = 0x250
	vietExtStart = 0x1EA0
	vietExtEnd   = 0x1F00
)

type letterTableSet struct {
	latin [latinEnd]letterInfo
	viet  [vietExtEnd - vietExtStart]letterInfo
}

func (t *letterTableSet) slot(r rune) *letterInfo {
	switch {
	case r >= 0 && r < latinEnd:
		return &t.latin[r]
	case r >= vietExtStart && r < vietExtEnd:
		return &t.viet[r-vietExtStart]
	}
	return nil
}

func buildLetterTables() *letterTableSet {
	t := &letterTableSet{}
	i := 0
	for _, base := range alphabet {
		info := letterInfo{
			base:   base,
			lower:  base,
			weight: byte(keyLetter0 + i),
			ascii:  norm.NFD.String(string(base))[0],
			vowel:  strings.ContainsRune("aăâeêioôơuưy", base),
		}
		if base == 'đ' {
			info.ascii = 'd' // đ has no decomposition
		}
		i++
		*t.slot(base) = info
		info.upper = true
		*t.slot(unicode.ToUpper(base)) = info
	}
	for _, forms := range vowelForms {
		rs := []rune(forms)
		for tn, r := range rs {
			info := *t.slot(rs[0])
			info.tone = tone(tn)
			info.lower = r
			*t.slot(r) = info
			info.upper = true
			*t.slot(unicode.ToUpper(r)) = info
		}
	}
	return t
}

// lookupLetter returns what the table knows about r: every form of every
// letter of the Vietnamese alphabet, plus f, j, w, z.
func lookupLetter(r rune) (letterInfo, bool) {
	if p := letterTables.slot(r); p != nil && p.weight != 0 {
		return *p, true
	}
	return letterInfo{}, false
}

// vowelOf returns the parts of a vowel letter.
func vowelOf(r rune) (letterInfo, bool) {
	info, ok := lookupLetter(r)
	return info, ok && info.vowel
}

func buildVowelCompose() map[rune][6]rune {
	m := make(map[rune][6]rune, len(vowelForms))
	for _, forms := range vowelForms {
		rs := []rune(forms)
		m[rs[0]] = [6]rune(rs)
	}
	return m
}

// isSimple reports whether s consists only of ASCII and precomposed
// Vietnamese letters. Such a string is already in NFC (none of those
// characters combines with a neighbour), so normalisation can be skipped.
func isSimple(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf {
			if _, ok := lookupLetter(r); !ok {
				return false
			}
		}
	}
	return true
}

// composeVowel returns the precomposed letter for a toneless lower-case base,
// a tone and a case.
func composeVowel(base rune, t tone, upper bool) rune {
	r := vowelCompose[base][t]
	if upper {
		return unicode.ToUpper(r)
	}
	return r
}

// NFC returns s in Unicode Normalization Form C. Vietnamese text arrives both
// precomposed and decomposed (NFD, typical of macOS and some PDFs), and the
// two look identical but compare unequal, so everything is normalised to NFC
// before it is stored or compared.
func NFC(s string) string {
	return norm.NFC.String(s)
}

// NormalizeTone returns s in NFC with tone marks placed as in the statistics
// office's list of administrative units (Công văn 1027/CTK-CSCL): in an open
// syllable ending in "oa", "oe" or "uy" the mark sits on the first vowel
// ("Hòa", "khỏe", "Thủy"), whereas the other circulating style puts it on the
// second ("Hoà", "khoẻ", "Thuỷ"). Both spellings occur in real records, so
// names must be normalised before they are compared.
//
// Only those three open clusters differ between the styles; syllables with a
// final consonant or another vowel ("hoàn", "ngoài", "xoáy") are the same in
// both and are left alone, as is "qu" + "y" ("quý"), where u belongs to the
// consonant.
func NormalizeTone(s string) string {
	if isASCII(s) {
		return s
	}
	simple := isSimple(s)
	if !simple {
		s = NFC(s)
	}
	rs := []rune(s)
	changed := false
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) {
			j++
		}
		if moveTone(rs[i:j]) {
			changed = true
		}
		i = j
	}
	if !changed {
		return s
	}
	if simple {
		return string(rs)
	}
	return NFC(string(rs))
}

// isWordRune reports letters and combining marks, the runes a syllable is
// made of. A syllable ending in a mark NFC could not compose is left alone.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// moveTone moves the tone of an open oa/oe/uy syllable from the second vowel
// to the first, in place, and reports whether it changed anything.
func moveTone(w []rune) bool {
	n := len(w)
	if n < 2 {
		return false
	}
	a, okA := vowelOf(w[n-2])
	b, okB := vowelOf(w[n-1])
	if !okA || !okB || a.tone != toneNone || b.tone == toneNone {
		return false
	}
	switch {
	case a.base == 'o' && (b.base == 'a' || b.base == 'e'):
	case a.base == 'u' && b.base == 'y':
	default:
		return false
	}
	if n >= 3 {
		prev := w[n-3]
		if _, isVowel := vowelOf(prev); isVowel {
			return false // a longer vowel cluster: not one of the three cases
		}
		if a.base == 'u' && (prev == 'q' || prev == 'Q') {
			return false // "quý": u is part of the consonant qu
		}
	}
	w[n-2] = composeVowel(a.base, b.tone, a.upper)
	w[n-1] = composeVowel(b.base, toneNone, b.upper)
	return true
}

// Fold returns the form of s used for search and matching: NFC, lower case,
// diacritics removed, đ/Đ turned into d, runs of white space collapsed into
// one space and the ends trimmed ("Đông  Anh " → "dong anh"). People type
// names with and without diacritics and in any case; folding both sides lets
// them find what they mean. Folding loses information ("Hòa" and "Hóa" fold
// alike), so callers rank exact matches before folded ones.
func Fold(s string) string {
	simple := isSimple(s)
	if !simple {
		s = norm.NFD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for _, r := range s {
		if simple && r >= utf8.RuneSelf {
			info, _ := lookupLetter(r)
			r = rune(info.ascii)
		}
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			pendingSpace = true
			continue
		case r == 'đ' || r == 'Đ' || r == 'Ð' || r == 'ð':
			// Ð/ð (eth) is what legacy fonts and careless typing put for Đ.
			r = 'd'
		}
		if pendingSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(unicode.ToLower(r))
	}
	if simple {
		return b.String()
	}
	return norm.NFC.String(b.String())
}

// stripDiacritics removes tone and vowel marks but keeps case ("Đông Anh" →
// "Dong Anh"); it gives the ASCII (English) form of a name when the data has
// none.
func stripDiacritics(s string) string {
	if isSimple(s) {
		var b strings.Builder
		b.Grow(len(s))
		for _, r := range s {
			if info, ok := lookupLetter(r); ok && r >= utf8.RuneSelf {
				r = rune(info.ascii)
				if info.upper {
					r = unicode.ToUpper(r)
				}
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// alphabet is the Vietnamese alphabet in dictionary order, with f, j, w and z
// (used in foreign names) where the Latin alphabet puts them.
const alphabet = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

// Sort-key bytes. Every letter weight is above every structural byte, so a
// shorter syllable or string sorts before a longer one that extends it.
const (
	keyLevelSep  = 0x00 // between the primary, case and identity levels
	keySyllEnd   = 0x01 // after a syllable's letters, and after its tones
	keyNumber    = 0x0A // introduces a run of digits (digits before letters)
	keyLetter0   = 0x10 // weight of 'a'; the others follow in alphabet order
	keyOther     = 0xF0 // introduces a letter outside the alphabet
	keyCaseLower = 0x01
	keyCaseUpper = 0x02
)

// Compare compares a and b in Vietnamese dictionary order and returns -1, 0
// or +1. Words (syllables, split at spaces and punctuation) are compared one
// after another: first a syllable's letters in the order of the Vietnamese
// alphabet (a ă â b c d đ e ê … ô ơ … u ư v x y) ignoring tone, then its
// tone (none, huyền, hỏi, ngã, sắc, nặng), then the next syllable — so
// "Lê Văn B" sorts before "Lệ Thị A", as in a dictionary, which the default
// collator (all letters of the whole string first, then tones) gets wrong.
// Runs of digits sort before letters and by numeric value ("Phường 2" before
// "Phường 10"). Case only breaks ties, lower case first. The two tone-mark
// placements of a name ("Hòa", "Hoà") compare equal.
//
// Compare(a, b) == bytes.Compare(KeyBytes(a), KeyBytes(b)); when sorting
// many strings, compute the keys once (SortStrings does).
func Compare(a, b string) int {
	return bytes.Compare(KeyBytes(a), KeyBytes(b))
}

// SortStrings sorts ss in place in Vietnamese dictionary order (see
// Compare). The sort is stable, so strings that compare equal (the two
// spellings of "Hòa") keep their input order.
func SortStrings(ss []string) {
	type item struct {
		key []byte
		s   string
	}
	items := make([]item, len(ss))
	for i, s := range ss {
		items[i] = item{KeyBytes(s), s}
	}
	slices.SortStableFunc(items, func(x, y item) int { return bytes.Compare(x.key, y.key) })
	for i := range items {
		ss[i] = items[i].s
	}
}

// Key returns a sort key for s as a string of lower-case hexadecimal digits:
// comparing two keys byte by byte gives the same order as Compare. It is
// plain ASCII so a database can store it in a text column and ORDER BY it
// (use a byte-wise collation such as COLLATE "C" in PostgreSQL; SQLite's
// default BINARY collation is byte-wise). Keys are not meant to be decoded,
// and they change if this package's collation changes, so store them next
// to the text they were computed from and recompute when needed.
func Key(s string) string {
	return hex.EncodeToString(KeyBytes(s))
}

// KeyBytes returns the binary sort key behind Key and Compare, for in-memory
// sorting or a bytea/BLOB column. It has three levels separated by 0x00:
// primary (per syllable: letter weights, 0x01, tone weights, 0x01), case
// (one byte per letter), and identity (the tone-normalised NFC text), so
// different strings get different keys unless they are two spellings of the
// same text.
func KeyBytes(s string) []byte {
	return keyOfNormalized(NormalizeTone(s))
}

// IndexKey is Key's first level only (letters and tones, syllable by
// syllable), in lower-case hexadecimal: keys compare as Compare does,
// except that texts differing only in case, punctuation or spacing get the
// same key. It is about half as long as Key, for database indexes, where
// such ties are broken by another column (an id).
func IndexKey(s string) string {
	prim, _ := keyLevels(NormalizeTone(s))
	return hex.EncodeToString(prim)
}

// keyOfNormalized is KeyBytes for text already through NormalizeTone.
func keyOfNormalized(s string) []byte {
	prim, cases := keyLevels(s)
	key := make([]byte, 0, len(prim)+len(cases)+len(s)+2)
	key = append(key, prim...)
	key = append(key, keyLevelSep)
	key = append(key, cases...)
	key = append(key, keyLevelSep)
	key = append(key, s...)
	return key
}

// keyLevels returns the primary and case levels of a key.
func keyLevels(s string) (prim, cases []byte) {
	prim = make([]byte, 0, len(s)+16)
	cases = make([]byte, 0, len(s))
	var tones []byte
	inSyllable := false
	endSyllable := func() {
		if !inSyllable {
			return
		}
		prim = append(prim, keySyllEnd)
		prim = append(prim, tones...)
		prim = append(prim, keySyllEnd)
		tones = tones[:0]
		inSyllable = false
	}
	addTone := func(t tone) {
		if t != toneNone {
			tones = append(tones, byte(keySyllEnd+t))
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= '0' && c <= '9' {
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			digits := strings.TrimLeft(s[i:j], "0")
			if digits == "" {
				digits = "0"
			}
			inSyllable = true
			prim = append(prim, keyNumber)
			prim = appendLength(prim, len(digits))
			prim = append(prim, digits...)
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.Is(unicode.Mn, r):
			// A combining mark that NFC could not attach to a precomposed
			// letter: count its tone, ignore anything else at this level.
			inSyllable = true
			addTone(markTone(r))
		case unicode.IsLetter(r):
			inSyllable = true
			var t tone
			var upper bool
			prim, t, upper = appendLetter(prim, r)
			addTone(t)
			if upper {
				cases = append(cases, keyCaseUpper)
			} else {
				cases = append(cases, keyCaseLower)
			}
		default:
			endSyllable()
		}
	}
	endSyllable()
	return prim, cases
}

// appendLength encodes a digit-run length so that byte order is numeric
// order: one byte below 255, otherwise 0xFF and four bytes.
func appendLength(b []byte, n int) []byte {
	if n < 0xFF {
		return append(b, byte(n))
	}
	u := uint64(n)
	if u > math.MaxUint32 {
		u = math.MaxUint32
	}
	return binary.BigEndian.AppendUint32(append(b, 0xFF), uint32(u))
}

// markTone returns the tone a combining mark stands for, if any.
func markTone(r rune) tone {
	switch r {
	case '\u0300':
		return toneHuyen
	case '\u0309':
		return toneHoi
	case '\u0303':
		return toneNga
	case '\u0301':
		return toneSac
	case '\u0323':
		return toneNang
	}
	return toneNone
}

// appendLetter appends the primary weight of a letter to key and returns
// the letter's tone and case.
func appendLetter(key []byte, r rune) (_ []byte, t tone, upper bool) {
	if info, ok := lookupLetter(r); ok {
		return append(key, info.weight), info.tone, info.upper
	}
	lower := unicode.ToLower(r)
	upper = lower != r || unicode.IsUpper(r) || unicode.IsTitle(r)
	// A Latin letter with marks foreign to Vietnamese (ç, ü, ñ): weigh it as
	// its base letter, keeping Vietnamese vowel marks and tones it carries.
	d := []rune(norm.NFD.String(string(lower)))
	if info, ok := lookupLetter(d[0]); ok && len(d) > 1 {
		base := info.base
		for _, m := range d[1:] {
			if mt := markTone(m); mt != toneNone {
				t = mt
				continue
			}
			base = withQualityMark(base, m)
		}
		info, _ = lookupLetter(base)
		return append(key, info.weight), t, upper
	}
	return append(key, keyOther, byte(lower>>16), byte(lower>>8), byte(lower)), toneNone, upper
}

// withQualityMark applies a breve, circumflex or horn to a base letter when
// the result is a Vietnamese letter, and returns base unchanged otherwise.
func withQualityMark(base, mark rune) rune {
	switch {
	case mark == '\u0306' && base == 'a':
		return 'ă'
	case mark == '\u0302' && base == 'a':
		return 'â'
	case mark == '\u0302' && base == 'e':
		return 'ê'
	case mark == '\u0302' && base == 'o':
		return 'ô'
	case mark == '\u031B' && base == 'o':
		return 'ơ'
	case mark == '\u031B' && base == 'u':
		return 'ư'
	}
	return base
}
