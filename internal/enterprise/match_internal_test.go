package enterprise

import "testing"

// TestTypoCloseMatchesDistanceTable: the one-pass check agrees with the
// optimal string alignment distance computed with a full table, on every
// pair of short words over a small alphabet (ASCII and Vietnamese).
func TestTypoCloseMatchesDistanceTable(t *testing.T) {
	osa := func(a, b string) int {
		ra, rb := []rune(a), []rune(b)
		d := make([][]int, len(ra)+1)
		for i := range d {
			d[i] = make([]int, len(rb)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(ra); i++ {
			for j := 1; j <= len(rb); j++ {
				cost := 1
				if ra[i-1] == rb[j-1] {
					cost = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
				if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
					d[i][j] = min(d[i][j], d[i-2][j-2]+1)
				}
			}
		}
		return d[len(ra)][len(rb)]
	}
	var words []string
	var gen func(prefix string, alphabet []string, n int)
	gen = func(prefix string, alphabet []string, n int) {
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			w := prefix + c
			if len([]rune(w)) >= 3 {
				words = append(words, w)
			}
			gen(w, alphabet, n-1)
		}
	}
	gen("", []string{"a", "b", "c"}, 5)
	gen("", []string{"ă", "a", "đ"}, 5)
	checked := 0
	for _, a := range words {
		for _, b := range words {
			want := len(a) >= 4 && len(b) >= 4 && osa(a, b) <= 1
			if got := typoClose(a, b); got != want {
				t.Fatalf("typoClose(%q, %q) = %v, distance %d", a, b, got, osa(a, b))
			}
			checked++
		}
	}
	if checked < 100_000 {
		t.Fatalf("only %d pairs checked", checked)
	}
}
