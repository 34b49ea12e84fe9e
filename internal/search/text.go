package search

import (
	"strings"
	"unicode"

	"cnht/internal/vn"
)

// Text is split into words (syllables, for Vietnamese) at anything that is
// not a letter or digit, and folded: lower case, no diacritics, đ → d
// ("Đông Anh" → "dong", "anh"). A name's words are also kept unfolded
// (lower case, NFC) so that a query typed with its diacritics ranks the
// exact spelling first.

// words returns the folded words of s.
func words(s string) []string {
	return strings.FieldsFunc(vn.Fold(s), notWord)
}

// exactWords returns the words of s in lower case with their diacritics.
func exactWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(vn.NFC(s)), notWord)
}

func notWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// bigram is the term of two adjacent words: a phrase of two matches where
// the document has the two words side by side.
func bigram(a, b string) string { return a + " " + b }

// hasDiacritics reports whether a word carries any letter folding
// changes.
func hasDiacritics(w string) bool {
	for _, r := range w {
		if r >= 0x80 {
			return true
		}
	}
	return false
}

// facetTerm is the term a facet value is indexed under: facet values sit
// in the same dictionary as words, behind a byte no word has.
func facetTerm(facet, value string) string { return "\x01" + facet + "=" + value }

// editDistance1 reports whether a and b differ by at most one insertion,
// deletion, substitution or transposition of adjacent letters.
func editDistance1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		diff := -1
		for i := 0; i < la; i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					// A transposition: ab ↔ ba at diff, diff+1.
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return true
	case la == lb+1:
		return oneDeletion(a, b)
	case lb == la+1:
		return oneDeletion(b, a)
	}
	return false
}

// oneDeletion reports whether deleting one byte of long gives short.
func oneDeletion(long, short string) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	return long[i+1:] == short[i:]
}

// deletions returns w with each one of its bytes deleted (folded words are
// ASCII).
func deletions(w string) []string {
	out := make([]string, 0, len(w))
	for i := range len(w) {
		d := w[:i] + w[i+1:]
		if len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
	}
	return out
}
