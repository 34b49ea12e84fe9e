package vn

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// LegacyEncoding names how Vietnamese text in an old file was encoded.
type LegacyEncoding string

// The encodings met in old government spreadsheets.
const (
	// EncodingUnicode: the text is already Unicode (NFC or NFD).
	EncodingUnicode LegacyEncoding = "unicode"
	// EncodingTCVN3: TCVN3 ("ABC", fonts .VnTime, .VnArial), read as
	// Windows-1252: "Hµ Néi".
	EncodingTCVN3 LegacyEncoding = "tcvn3"
	// EncodingVNI: VNI-Windows (fonts VNI-Times …), read as Windows-1252:
	// "Haø Noäi".
	EncodingVNI LegacyEncoding = "vni"
)

// legacyTables holds the decoding tables built from
// data/vn-legacy-encodings.csv; read-only after package initialisation.
type legacyTables struct {
	tcvn3 map[rune]rune    // Windows-1252 look of a TCVN3 byte → letter
	vni1  map[rune]rune    // one-character VNI letters (ơ, ư, đ, i with tone …)
	vni2  map[[2]rune]rune // base letter + VNI mark → letter
}

var legacy = mustBuildLegacyTables()

// mustBuildLegacyTables parses the embedded table. It panics only if the
// file compiled into the binary is malformed, which the tests rule out.
func mustBuildLegacyTables() *legacyTables {
	t, err := buildLegacyTables(legacyEncodingsCSV)
	if err != nil {
		panic(err)
	}
	return t
}

func buildLegacyTables(text string) (*legacyTables, error) {
	f, err := parseCSV("vn-legacy-encodings.csv", text,
		"unicode_char", "case", "tcvn3_abc_as_cp1252", "tcvn3_abc_hex", "vni_win_as_cp1252", "note")
	if err != nil {
		return nil, err
	}
	t := &legacyTables{tcvn3: map[rune]rune{}, vni1: map[rune]rune{}, vni2: map[[2]rune]rune{}}
	char, tcvn, tcvnHex, vni, note := f.getter("unicode_char"), f.getter("tcvn3_abc_as_cp1252"),
		f.getter("tcvn3_abc_hex"), f.getter("vni_win_as_cp1252"), f.getter("note")
	for _, row := range f.rows {
		u := []rune(char(row))
		if len(u) != 1 {
			return nil, fmt.Errorf("vn: legacy table: bad character %q", char(row))
		}
		if look := []rune(tcvn(row)); len(look) == 1 && look[0] >= utf8.RuneSelf {
			// Capitals with a tone share the lower-case byte (the note
			// says so); the byte decodes to the lower-case letter.
			if !strings.Contains(note(row), "no own byte") {
				if b, err := strconv.ParseUint(tcvnHex(row), 16, 8); err != nil || rune(b) != look[0] {
					return nil, fmt.Errorf("vn: legacy table: TCVN3 %q does not match byte %s", tcvn(row), tcvnHex(row))
				}
				t.tcvn3[look[0]] = u[0]
			}
		}
		switch look := []rune(vni(row)); {
		case len(look) == 1 && look[0] >= utf8.RuneSelf:
			t.vni1[look[0]] = u[0]
		case len(look) == 2:
			t.vni2[[2]rune(look)] = u[0]
		}
	}
	return t, nil
}

// DecodeLegacy converts text typed in a legacy encoding, as it comes out of
// a spreadsheet cell read as Windows-1252 ("Hµ Néi" for TCVN3, "Haø Noäi"
// for VNI), to Unicode NFC ("Hà Nội"). EncodingUnicode just normalises to
// NFC (decomposed text occurs too). Characters the table does not know are
// kept as they are.
//
// TCVN3 has no bytes for capitals with a tone mark: such text was typed in a
// separate upper-case font (see IsTCVN3UpperFont) with the lower-case bytes,
// so it decodes to lower-case toned letters inside upper-case words; the
// caller upper-cases text whose cell font says so (strings.ToUpper handles
// Vietnamese).
func DecodeLegacy(enc LegacyEncoding, s string) string {
	switch enc {
	case EncodingTCVN3:
		return NFC(strings.Map(func(r rune) rune {
			if u, ok := legacy.tcvn3[r]; ok {
				return u
			}
			return r
		}, s))
	case EncodingVNI:
		rs := []rune(s)
		var b strings.Builder
		b.Grow(len(s))
		for i := 0; i < len(rs); i++ {
			if i+1 < len(rs) {
				if u, ok := legacy.vni2[[2]rune{rs[i], rs[i+1]}]; ok {
					b.WriteRune(u)
					i++
					continue
				}
			}
			if u, ok := legacy.vni1[rs[i]]; ok {
				b.WriteRune(u)
				continue
			}
			b.WriteRune(rs[i])
		}
		return NFC(b.String())
	}
	return NFC(s)
}

// IsTCVN3UpperFont reports whether a cell's font is a TCVN3 upper-case font
// (".VnTimeH", ".VnArialH" …), whose text must be upper-cased after
// DecodeLegacy because TCVN3 has no bytes for capitals with a tone mark.
func IsTCVN3UpperFont(font string) bool {
	font = strings.TrimSpace(font)
	return len(font) > 4 && strings.EqualFold(font[:3], ".vn") && font[len(font)-1] == 'H'
}

// DecodeWindows1258 converts bytes in Windows-1258 (the Vietnamese Windows
// code page, which writes tones as separate combining marks) to Unicode
// NFC.
func DecodeWindows1258(b []byte) string {
	s, _ := charmap.Windows1258.NewDecoder().Bytes(b) // the decoder cannot fail: every byte maps
	return NFC(string(s))
}

// DetectLegacy guesses the encoding of a column of text from samples of its
// cells. Each candidate decoding is scored by how many of the words it
// produces are well-formed Vietnamese syllables (initial consonant, vowel
// cluster, final consonant, at most one tone, only sắc or nặng before a
// final c, ch, p, t) against malformed words and leftover symbols such as
// "µ" or "ø"; ties go to Unicode. Text without any non-ASCII letter gives
// EncodingUnicode: there is nothing to convert. It is a guess: show the
// person the detected encoding and a preview before converting.
func DetectLegacy(samples []string) LegacyEncoding {
	best, bestScore := EncodingUnicode, 0
	scores := map[LegacyEncoding]int{}
	for _, enc := range []LegacyEncoding{EncodingUnicode, EncodingTCVN3, EncodingVNI} {
		for _, s := range samples {
			scores[enc] += vietnameseScore(DecodeLegacy(enc, s))
		}
	}
	bestScore = scores[EncodingUnicode]
	for _, enc := range []LegacyEncoding{EncodingTCVN3, EncodingVNI} {
		if scores[enc] > bestScore {
			best, bestScore = enc, scores[enc]
		}
	}
	return best
}

// vietnameseScore scores text for looking like Vietnamese: +1 for each
// well-formed syllable with a non-ASCII letter, -1 for each malformed word
// with one, -2 for each stray symbol from the Latin-1 range.
func vietnameseScore(s string) int {
	score := 0
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		if !unicode.IsLetter(r) {
			if r >= 0xA0 && r <= 0xFF || unicode.Is(unicode.Mn, r) {
				score -= 2
			}
			i++
			continue
		}
		j := i
		for j < len(rs) && unicode.IsLetter(rs[j]) {
			j++
		}
		word := rs[i:j]
		i = j
		if isASCII(string(word)) {
			continue
		}
		if validSyllable(word) {
			score++
		} else {
			score--
		}
	}
	return score
}

// Syllable structure, in toneless lower-case letters; read-only.
var (
	syllableOnsets = []string{
		"ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
		"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
	}
	syllableNuclei = setOf(
		"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
		"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe",
		"oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "ưa", "ưi", "ươ", "ưu",
		"uy", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu",
		"uya", "uyê", "uyu",
	)
	syllableCodas = []string{"ng", "nh", "ch", "c", "m", "n", "p", "t", ""}
)

// syllableNucleiFolded are the nuclei without their vowel marks ("ươ" →
// "uo"), for words typed without diacritics.
var syllableNucleiFolded = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for n := range syllableNuclei {
		m[Fold(n)] = true
	}
	return m
})

func setOf(ss ...string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

// IsSyllable reports whether word is a well-formed Vietnamese syllable
// ("thành", "nhật"; "trrách" and "tráhc" are not). A word without
// diacritics is judged by its letters alone, its tone being unknown.
func IsSyllable(word string) bool {
	return validSyllableTone([]rune(word), !isASCII(word))
}

// validSyllable reports whether a word is a well-formed Vietnamese syllable.
func validSyllable(word []rune) bool { return validSyllableTone(word, true) }

// validSyllableTone is validSyllable, checking that a final stop (c, ch,
// p, t) carries sắc or nặng only when checkTone is set.
func validSyllableTone(word []rune, checkTone bool) bool {
	var base strings.Builder
	t := toneNone
	for _, r := range word {
		info, ok := lookupLetter(unicode.ToLower(r))
		if !ok {
			return false
		}
		if info.tone != toneNone {
			if t != toneNone {
				return false // two tones
			}
			t = info.tone
		}
		base.WriteRune(info.base)
	}
	w := base.String()
	for _, on := range syllableOnsets {
		rest, ok := strings.CutPrefix(w, on)
		if !ok {
			continue
		}
		for _, coda := range syllableCodas {
			nucleus, ok := strings.CutSuffix(rest, coda)
			nuclei := syllableNuclei
			if !checkTone {
				nuclei = syllableNucleiFolded()
			}
			if !ok || !nuclei[nucleus] {
				continue
			}
			stop := coda == "c" || coda == "ch" || coda == "p" || coda == "t"
			if checkTone && stop && t != toneSac && t != toneNang {
				continue // a final stop takes only sắc or nặng
			}
			if last, _ := utf8.DecodeLastRuneInString(nucleus); (coda == "ch" || coda == "nh") && !strings.ContainsRune("aêiy", last) {
				continue // -ch, -nh follow only a, ê, i, y
			}
			return true
		}
	}
	return false
}
