package vn

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestLetterTablesAgreeWithUnicode(t *testing.T) {
	// Each tone form in vowelForms must decompose to its base plus the
	// combining mark of its tone, so the tables cannot hold a typo.
	marks := map[tone]string{toneHuyen: "\u0300", toneHoi: "\u0309", toneNga: "\u0303", toneSac: "\u0301", toneNang: "\u0323"}
	for _, forms := range vowelForms {
		rs := []rune(forms)
		if len(rs) != 6 {
			t.Fatalf("%q: %d forms, want 6", forms, len(rs))
		}
		for tn, r := range rs {
			if !norm.NFC.IsNormalString(string(r)) {
				t.Errorf("%q is not NFC", r)
			}
			if got := norm.NFC.String(string(rs[0]) + marks[tone(tn)]); got != string(r) {
				t.Errorf("%q + tone %d composes to %q", rs[0], tn, got)
			}
			info, ok := lookupLetter(r)
			if !ok || info.base != rs[0] || info.tone != tone(tn) || info.upper || !info.vowel {
				t.Errorf("lookupLetter(%q) = %+v, %v", r, info, ok)
			}
		}
	}
	for _, r := range "đĐ" {
		if info, ok := lookupLetter(r); !ok || info.ascii != 'd' || info.vowel {
			t.Errorf("lookupLetter(%q) = %+v, %v", r, info, ok)
		}
	}
}

func TestNFC(t *testing.T) {
	decomposed := "Ha\u0300 No\u0323\u0302i" // "Hà Nội" typed as NFD
	if got := NFC(decomposed); got != "Hà Nội" {
		t.Errorf("NFC(%+q) = %+q", decomposed, got)
	}
}

func TestNormalizeTone(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"oà", "Hoà", "Hòa"},
		{"oá", "hoá", "hóa"},
		{"oả", "toả", "tỏa"},
		{"oã", "xoã", "xõa"},
		{"closed by i", "choãi", "choãi"},
		{"oạ", "hoạ", "họa"},
		{"oè", "loè", "lòe"},
		{"oé", "khoé", "khóe"},
		{"oẻ", "khoẻ", "khỏe"},
		{"oẽ", "xoẽ", "xõe"},
		{"oẹ", "oẹ", "ọe"},
		{"uỳ", "Thuỳ", "Thùy"},
		{"uý", "Thuý", "Thúy"},
		{"uỷ", "Thuỷ", "Thủy"},
		{"uỹ", "luỹ", "lũy"},
		{"uỵ", "Thuỵ", "Thụy"},
		{"syllable alone", "uỷ ban", "ủy ban"},
		{"capitals", "HOÀ BÌNH", "HÒA BÌNH"},
		{"capital first", "Oà", "Òa"},
		{"capital THUỶ", "THUỶ", "THỦY"},
		{"closed syllable hoàn", "hoàn", "hoàn"},
		{"closed syllable hoàng", "Hoàng", "Hoàng"},
		{"closed syllable toán", "toán", "toán"},
		{"closed syllable xoáy", "xoáy", "xoáy"},
		{"closed syllable huỳnh", "Huỳnh", "Huỳnh"},
		{"three vowels ngoài", "ngoài", "ngoài"},
		{"qu keeps y", "quý", "quý"},
		{"qu keeps y capital", "QUỲNH", "QUỲNH"},
		{"quỳ", "quỳ", "quỳ"},
		{"already new", "Hòa Thủy", "Hòa Thủy"},
		{"no tone", "hoa", "hoa"},
		{"ascii", "Ha Noi", "Ha Noi"},
		{"NFD input", "Hoa\u0300", "Hòa"},
		{"uncomposable mark ends syllable", "hoà\u0301", "hoà\u0301"},
		{"sentence", "Phường Yên Hoà, quận Cầu Giấy; xã Thuỵ Lâm", "Phường Yên Hòa, quận Cầu Giấy; xã Thụy Lâm"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NormalizeTone(tt.in)
			if got != tt.want {
				t.Errorf("NormalizeTone(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("result %+q not NFC", got)
			}
			if again := NormalizeTone(got); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"đ", "Đông Anh", "dong anh"},
		{"spaces", "  Đông \t Anh  ", "dong anh"},
		{"all marks", "Ắ Ằ Ẳ Ẵ Ặ ờ ữ ỵ", "a a a a a o u y"},
		{"NFD", "Ha\u0300 No\u0323\u0302i", "ha noi"},
		{"tone styles agree", "Thuỷ Hoà", "thuy hoa"},
		{"eth", "Ðông", "dong"},
		{"nbsp", "Ba\u00a0Đình", "ba dinh"},
		{"foreign", "Müller Ça", "muller ca"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCompareDictionaryOrder(t *testing.T) {
	// Each list is in the expected order; equal neighbours are marked by
	// being listed in the equal table below instead.
	ordered := []string{
		"1", "2", "10", "An", "Ăn", "Ân", "Bình", "Dương", "Đông Anh",
		"Hòa", "Lê Văn B", "Lệ Thị A", "Phường 2", "Phường 10", "Zê",
	}
	for i := 0; i+1 < len(ordered); i++ {
		a, b := ordered[i], ordered[i+1]
		if Compare(a, b) >= 0 || Compare(b, a) <= 0 {
			t.Errorf("want %q < %q", a, b)
		}
	}
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"syllable before tone of later syllable", "Lê Văn B", "Lệ Thị A", -1},
		{"d before đ", "Dương", "Đông", -1},
		{"a ă â", "Ăn", "Ân", -1},
		{"tone order none<huyền", "ma", "mà", -1},
		{"tone order huyền<hỏi", "mà", "mả", -1},
		{"tone order hỏi<ngã", "mả", "mã", -1},
		{"tone order ngã<sắc", "mã", "má", -1},
		{"tone order sắc<nặng", "má", "mạ", -1},
		{"letters before tones", "mạ", "mai", -1},
		{"shorter syllable first", "an", "anh", -1},
		{"shorter name first", "Hà", "Hà Nội", -1},
		{"case is a tie-break", "an", "An", -1},
		{"case only breaks ties", "An b", "an c", -1},
		{"tone placement equal", "Hòa", "Hoà", 0},
		{"NFD equal", "Hòa", "Ho\u0300a", 0},
		{"same", "Hà Nội", "Hà Nội", 0},
		{"digits before letters", "9", "a", -1},
		{"numeric", "Phường 9", "Phường 10", -1},
		{"leading zero only breaks ties", "Phường 2", "Phường 02", 1},
		{"f after e, before g", "ê", "f", -1},
		{"w after v, before x", "v", "w", -1},
		{"z after y", "y", "z", -1},
		{"punctuation is a word break", "Văn Miếu - Quốc Tử Giám", "Văn Miếu Quốc Tử Giám", -1},
		{"empty first", "", "a", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(tt.a, tt.b); got != tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := Compare(tt.b, tt.a); got != -tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
			}
		})
	}
}

func TestKeyAgreesWithCompare(t *testing.T) {
	list := []string{
		"Lệ Thị A", "Lê Văn B", "Đông Anh", "Dương", "An", "Ân", "Ăn", "Bình",
		"Hòa", "Hoà", "hòa", "Phường 10", "Phường 2", "Ba Đình", "Ba Vì", "Cầu Giấy",
		"Thủy", "Thuỷ", "Thuý", "Ô Chợ Dừa", "Ơn", "Ưng", "Uông", "12", "", "Zê", "Ý Yên",
	}
	byKey := slices.Clone(list)
	sort.Slice(byKey, func(i, j int) bool { return Key(byKey[i]) < Key(byKey[j]) })
	keys := make([]string, len(list))
	for i, s := range list {
		keys[i] = Key(s)
	}
	sort.Strings(keys)
	for i := range keys {
		if keys[i] != Key(byKey[i]) {
			t.Fatalf("sort.Strings on keys disagrees at %d", i)
		}
	}
	for i := 0; i+1 < len(byKey); i++ {
		if Compare(byKey[i], byKey[i+1]) > 0 {
			t.Errorf("Key order puts %q before %q, Compare disagrees", byKey[i], byKey[i+1])
		}
	}
	sorted := slices.Clone(list)
	SortStrings(sorted)
	for i := range sorted {
		if Compare(sorted[i], byKey[i]) != 0 {
			t.Errorf("SortStrings[%d] = %q, Key order has %q", i, sorted[i], byKey[i])
		}
	}
	wantPrefix := []string{"", "12", "An", "Ăn", "Ân", "Ba Đình", "Ba Vì", "Bình", "Cầu Giấy", "Dương", "Đông Anh"}
	if !slices.Equal(sorted[:len(wantPrefix)], wantPrefix) {
		t.Errorf("SortStrings = %q", sorted)
	}
	li := slices.Index(sorted, "Lê Văn B")
	if li < 0 || sorted[li+1] != "Lệ Thị A" {
		t.Errorf("want Lê Văn B right before Lệ Thị A: %q", sorted)
	}
	for _, k := range keys {
		if strings.Trim(k, "0123456789abcdef") != "" {
			t.Errorf("key %q is not lower-case hex", k)
		}
	}
}

// IndexKey orders as Compare does, ties aside: texts differing only in
// case, punctuation or spacing; and it is much shorter than Key.
func TestIndexKeyAgreesWithCompare(t *testing.T) {
	list := []string{
		"Lệ Thị A", "Lê Văn B", "Đông Anh", "Dương", "An", "Ân", "Ăn", "Bình",
		"Hòa", "Hoà", "hòa", "Phường 10", "Phường 2", "Ba Đình", "Ba Vì", "Cầu Giấy",
		"Thủy", "Thuỷ", "Thuý", "Ô Chợ Dừa", "Ơn", "Ưng", "Uông", "12", "", "Zê", "Ý Yên",
		"Công ty TNHH Cơ khí Hòa Bình", "CÔNG TY TNHH CƠ KHÍ HÒA BÌNH", "Công ty TNHH Cơ khí Hòa-Bình",
		"Công ty TNHH Cơ khí Hòa Bình 2", "Công ty TNHH Cơ khí Hoà Bình Sóc Sơn",
	}
	ties := map[string]bool{"Hòa|Hoà": true, "Hòa|hòa": true, "Hoà|hòa": true, "Thủy|Thuỷ": true,
		"Công ty TNHH Cơ khí Hòa Bình|CÔNG TY TNHH CƠ KHÍ HÒA BÌNH": true, "Công ty TNHH Cơ khí Hòa Bình|Công ty TNHH Cơ khí Hòa-Bình": true,
		"CÔNG TY TNHH CƠ KHÍ HÒA BÌNH|Công ty TNHH Cơ khí Hòa-Bình": true}
	for _, a := range list {
		for _, b := range list {
			ka, kb := IndexKey(a), IndexKey(b)
			switch {
			case ka == kb:
				if a != b && !ties[a+"|"+b] && !ties[b+"|"+a] {
					t.Errorf("IndexKey(%q) = IndexKey(%q)", a, b)
				}
			case (ka < kb) != (Compare(a, b) < 0):
				t.Errorf("IndexKey orders %q and %q unlike Compare", a, b)
			}
		}
	}
	name := "Công ty TNHH Cơ khí Chính xác Thăng Long 123"
	if k, full := IndexKey(name), Key(name); len(k)*2 > len(full)+len(full)/4 {
		t.Errorf("IndexKey is %d bytes, Key %d: not much shorter", len(k), len(full))
	}
}

func TestSortStringsStable(t *testing.T) {
	ss := []string{"Hoà", "Hòa", "An"}
	SortStrings(ss)
	if !slices.Equal(ss, []string{"An", "Hoà", "Hòa"}) {
		t.Errorf("SortStrings = %q, want equal spellings in input order", ss)
	}
}

// FuzzCompare checks that Compare is a consistent order on any input,
// including invalid UTF-8, since names come from imported files.
func FuzzCompare(f *testing.F) {
	f.Add("Lê Văn B", "Lệ Thị A")
	f.Add("Hòa", "Hoà")
	f.Add("Phường 02", "Phường 2")
	f.Add("a\xffb", "ab")
	f.Add("Ho\u0300a", "x\u0323")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := Compare(a, b), Compare(b, a)
		if ab != -ba {
			t.Fatalf("Compare(%q,%q)=%d but reverse=%d", a, b, ab, ba)
		}
		if Compare(a, a) != 0 {
			t.Fatalf("Compare(%q,%q) != 0", a, a)
		}
		if (Key(a) < Key(b)) != (ab < 0) {
			t.Fatalf("Key order disagrees with Compare for %q, %q", a, b)
		}
		if utf8.ValidString(a) {
			n := NormalizeTone(a)
			if NormalizeTone(n) != n {
				t.Fatalf("NormalizeTone not idempotent on %q", a)
			}
			if Compare(a, n) != 0 {
				t.Fatalf("Compare(%q, NormalizeTone) != 0", a)
			}
		}
	})
}
