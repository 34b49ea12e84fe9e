package vn

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// legacyEncoder builds, from the embedded table, an encoder that writes
// Unicode text as it looks in a legacy file read as Windows-1252.
func legacyEncoder(t *testing.T, enc LegacyEncoding) func(string) string {
	t.Helper()
	f, err := parseCSV("vn-legacy-encodings.csv", legacyEncodingsCSV, "unicode_char", "tcvn3_abc_as_cp1252", "vni_win_as_cp1252")
	if err != nil {
		t.Fatal(err)
	}
	col := "tcvn3_abc_as_cp1252"
	if enc == EncodingVNI {
		col = "vni_win_as_cp1252"
	}
	m := map[rune]string{}
	for _, row := range f.rows {
		m[[]rune(f.get(row, "unicode_char"))[0]] = f.get(row, col)
	}
	return func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if e, ok := m[r]; ok {
				b.WriteString(e)
			} else {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
}

func TestLegacyTable(t *testing.T) {
	if len(legacy.tcvn3) != 74 {
		// The 67 non-ASCII lower-case letters have a byte each; of their
		// capitals only the 7 without tone (Ă Â Ê Ô Ơ Ư Đ) do.
		t.Errorf("%d TCVN3 bytes", len(legacy.tcvn3))
	}
	if _, err := buildLegacyTables("unicode_char\nab\n"); err == nil {
		t.Error("malformed table accepted")
	}
}

func TestDecodeLegacy(t *testing.T) {
	tests := []struct {
		name string
		enc  LegacyEncoding
		in   string
		want string
	}{
		{"TCVN3 Hà Nội", EncodingTCVN3, "Hµ Néi", "Hà Nội"},
		{"TCVN3 tax code label", EncodingTCVN3, "M· sè thuÕ", "Mã số thuế"},
		{"TCVN3 upper-case font decodes to lower toned letters", EncodingTCVN3, "Së C¤NG TH¦¥NG Hµ NéI", "Sở CÔNG THƯƠNG Hà NộI"},
		{"TCVN3 đ and ư (soft hyphen byte)", EncodingTCVN3, "®­êng", "đường"},
		{"TCVN3 capital Đ", EncodingTCVN3, "§«ng Anh", "Đông Anh"},
		{"VNI Hà Nội", EncodingVNI, "Haø Noäi", "Hà Nội"},
		{"VNI capitals", EncodingVNI, "HAØ NOÄI", "HÀ NỘI"},
		{"VNI đường", EncodingVNI, "ñöôøng", "đường"},
		{"VNI Đ and ơ", EncodingVNI, "Ñoâng Sôn", "Đông Sơn"},
		{"Unicode NFD → NFC", EncodingUnicode, "Ha\u0300 No\u0323\u0302i", "Hà Nội"},
		{"unknown encoding → NFC", LegacyEncoding("x"), "Ha\u0300", "Hà"},
		{"ASCII unchanged", EncodingTCVN3, "Cong ty ABC 123", "Cong ty ABC 123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeLegacy(tt.enc, tt.in); got != tt.want {
				t.Errorf("DecodeLegacy(%s, %q) = %q, want %q", tt.enc, tt.in, got, tt.want)
			}
		})
	}
	// The upper-case font case: decode, then upper-case.
	if got := strings.ToUpper(DecodeLegacy(EncodingTCVN3, "Së C¤NG TH¦¥NG Hµ NéI")); got != "SỞ CÔNG THƯƠNG HÀ NỘI" {
		t.Errorf("upper-cased = %q", got)
	}
}

// sampleNames are the enterprise names of shared/data/samples (the expected
// reading of the TCVN3 spreadsheet).
var sampleNames = []string{
	"Công ty TNHH Cao su kỹ thuật Sóc Sơn",
	"Công ty TNHH Bao bì Hoài Đức",
	"Công ty TNHH Cơ khí chính xác Quang Minh",
	"Công ty TNHH Dây cáp điện Gia Lâm",
	"Công ty cổ phần Nhựa kỹ thuật Thường Tín",
	"Công ty cổ phần Cao su kỹ thuật Đông Anh",
	"Công ty cổ phần Xi mạ Quang Minh",
	"Công ty TNHH Cơ khí chính xác Gia Lâm",
	"Công ty TNHH Đúc kim loại Thường Tín",
	"Công ty TNHH Phụ liệu dệt may Quang Minh",
	"Công ty TNHH Nhựa kỹ thuật Quang Minh",
}

func TestLegacyRoundTripAndDetect(t *testing.T) {
	for _, enc := range []LegacyEncoding{EncodingTCVN3, EncodingVNI} {
		t.Run(string(enc), func(t *testing.T) {
			encode := legacyEncoder(t, enc)
			var column []string
			for _, name := range sampleNames {
				legacyText := encode(name)
				column = append(column, legacyText)
				if got := DecodeLegacy(enc, legacyText); got != name {
					t.Errorf("DecodeLegacy(%q) = %q, want %q", legacyText, got, name)
				}
			}
			if got := DetectLegacy(column); got != enc {
				t.Errorf("DetectLegacy(%q) = %s", column[:2], got)
			}
			for _, cell := range column {
				if got := DetectLegacy([]string{cell}); got != enc {
					t.Errorf("DetectLegacy(single cell %q) = %s", cell, got)
				}
			}
		})
	}
}

func TestDetectLegacy(t *testing.T) {
	tests := []struct {
		name    string
		samples []string
		want    LegacyEncoding
	}{
		{"Unicode names", sampleNames, EncodingUnicode},
		{"Unicode NFD", []string{"Ha\u0300 No\u0323\u0302i"}, EncodingUnicode},
		{"ASCII only", []string{"ABC", "0100233488"}, EncodingUnicode},
		{"empty", nil, EncodingUnicode},
		{"TCVN3 short", []string{"Hµ Néi"}, EncodingTCVN3},
		{"VNI short", []string{"Haø Noäi"}, EncodingVNI},
		{"TCVN3 header", []string{"M· sè thuÕ", "Tªn doanh nghiÖp", "§Þa chØ"}, EncodingTCVN3},
		{"Unicode administrative", []string{"Phường Ba Đình", "Xã Hòa Lạc", "Thị trấn Yên Viên"}, EncodingUnicode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectLegacy(tt.samples); got != tt.want {
				t.Errorf("DetectLegacy(%q) = %s, want %s", tt.samples, got, tt.want)
			}
		})
	}
}

func TestValidSyllable(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"Nội", true}, {"thuế", true}, {"quốc", true}, {"gì", true}, {"giường", true},
		{"khuya", true}, {"nghiêng", true}, {"chính", true}, {"Đức", true},
		{"Haứ", false},   // a + ư is no vowel cluster
		{"chớnh", false}, // -nh after ơ
		{"xỏc", false},   // hỏi before a final stop
		{"hàá", false},   // two tones
		{"µ", false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := validSyllable([]rune(tt.word)); got != tt.want {
				t.Errorf("validSyllable(%q) = %v", tt.word, got)
			}
		})
	}
}

func TestIsTCVN3UpperFont(t *testing.T) {
	tests := []struct {
		font string
		want bool
	}{
		{".VnTimeH", true}, {".VnArialH", true}, {" .VnTimeH ", true},
		{".VnTime", false}, {"VNI-Times", false}, {"Times New Roman", false}, {"H", false}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.font, func(t *testing.T) {
			if got := IsTCVN3UpperFont(tt.font); got != tt.want {
				t.Errorf("IsTCVN3UpperFont(%q) = %v", tt.font, got)
			}
		})
	}
}

func TestDecodeWindows1258(t *testing.T) {
	// Windows-1258 has ô precomposed and tones as combining marks.
	b, err := charmap.Windows1258.NewEncoder().Bytes([]byte("Ha\u0300 N\u00f4\u0323i"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{'H', 'a', 0xCC, ' ', 'N', 0xF4, 0xF2, 'i'}; string(b) != string(want) {
		t.Fatalf("encoded % x", b)
	}
	if got := DecodeWindows1258(b); got != "Hà Nội" {
		t.Errorf("DecodeWindows1258 = %q", got)
	}
}

func FuzzDecodeLegacy(f *testing.F) {
	for _, s := range []string{"Hµ Néi", "Haø Noäi", "M· sè thuÕ", "Ha\u0300", "\xff\xfe", "ôù", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := DetectLegacy([]string{s})
		if got != EncodingUnicode && got != EncodingTCVN3 && got != EncodingVNI {
			t.Fatalf("DetectLegacy(%q) = %q", s, got)
		}
		for _, enc := range []LegacyEncoding{EncodingUnicode, EncodingTCVN3, EncodingVNI} {
			out := DecodeLegacy(enc, s)
			if NFC(out) != out {
				t.Fatalf("DecodeLegacy(%s, %q) = %+q, not NFC", enc, s, out)
			}
			if isASCII(s) && out != s {
				t.Fatalf("DecodeLegacy(%s, %q) changed ASCII text to %q", enc, s, out)
			}
		}
	})
}

func TestIsSyllable(t *testing.T) {
	for _, c := range []struct {
		word string
		want bool
	}{
		{"thành", true}, {"nhật", true}, {"phát", true}, {"nghiêng", true}, {"khuyên", true},
		{"trrách", false}, {"tráhc", false}, {"nhât", false}, // a final stop takes sắc or nặng
		{"nhat", true}, {"truong", true}, // no diacritics: the tone is unknown
		{"xyz", false}, {"", false},
	} {
		if got := IsSyllable(c.word); got != c.want {
			t.Errorf("IsSyllable(%q) = %v, want %v", c.word, got, c.want)
		}
	}
}

func FuzzIsSyllable(f *testing.F) {
	for _, s := range []string{"thành", "trrách", "nhat", "", "ngh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// A syllable stays one after NFC normalisation.
		if IsSyllable(s) && !IsSyllable(NFC(s)) {
			t.Errorf("%q is a syllable but its NFC form is not", s)
		}
	})
}
