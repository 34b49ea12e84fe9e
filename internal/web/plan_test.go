package web

import (
	"testing"

	"cnht/internal/plan"
)

// What the target form shows reads back as the same number, in both
// languages; a number in the other language's style is not misread.
func TestParseMilli(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		for _, m := range []int64{0, 1, 125, 16_500, 1_000_000, 12_000, 200_000_000_000_000, -3_500} {
			shown := plan.Milli(m).Format(lang, 3)
			got, err := parseMilli(shown, lang)
			if err != nil || got != m {
				t.Errorf("%s: %d shown as %q reads back as %d (%v)", lang, m, shown, got, err)
			}
		}
	}
	cases := []struct {
		in, lang string
		want     int64
		ok       bool
	}{
		{"16,5", "vi", 16_500, true},
		{"1.000", "vi", 1_000_000, true},
		{"1.234,5", "vi", 1_234_500, true},
		{"16.5", "en", 16_500, true},
		{"1,000", "en", 1_000_000, true},
		{"200,000,000,000", "en", 200_000_000_000_000, true},
		{"0.125", "en", 125, true},
		{"1,000", "vi", 1_000, true}, // Vietnamese: one, with three decimals
		{"16.5", "vi", 0, false},     // a dot groups thousands in Vietnamese
		{"12,5 tỷ", "vi", 0, false},
		{"1,2,3", "vi", 0, false},
		{"1.0000", "vi", 0, false},
		{"", "vi", 0, false},
		{"abc", "en", 0, false},
		{"1,2345", "vi", 0, false},
	}
	for _, c := range cases {
		got, err := parseMilli(c.in, c.lang)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseMilli(%q, %s) = %d, %v; want %d, ok %v", c.in, c.lang, got, err, c.want, c.ok)
		}
	}
}
