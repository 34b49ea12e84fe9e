package vn

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestFormatInt(t *testing.T) {
	tests := []struct {
		name string
		in   int64
		want string
	}{
		{"zero", 0, "0"},
		{"one digit", 5, "5"},
		{"three digits", 999, "999"},
		{"thousand", 1000, "1.000"},
		{"million", 1234567, "1.234.567"},
		{"negative", -1234, "-1.234"},
		{"negative small", -12, "-12"},
		{"max", math.MaxInt64, "9.223.372.036.854.775.807"},
		{"min", math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatInt(tt.in); got != tt.want {
				t.Errorf("FormatInt(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatVND(t *testing.T) {
	if got, want := FormatVND(1234567), "1.234.567 đồng"; got != want {
		t.Errorf("FormatVND = %q, want %q", got, want)
	}
	if got, want := FormatVND(0), "0 đồng"; got != want {
		t.Errorf("FormatVND = %q, want %q", got, want)
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"padded", time.Date(2023, 1, 5, 0, 0, 0, 0, time.UTC), "05/01/2023"},
		{"two digits", time.Date(2024, 12, 31, 23, 59, 0, 0, time.UTC), "31/12/2024"},
		{"own location", time.Date(2025, 7, 1, 0, 30, 0, 0, time.FixedZone("ICT", 7*3600)), "01/07/2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatDate(tt.in); got != tt.want {
				t.Errorf("FormatDate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name    string
		in      string
		want    time.Time
		wantErr bool
	}{
		{"dd/mm/yyyy", "05/01/2023", day(2023, 1, 5), false},
		{"d/m/yyyy", "5/1/2023", day(2023, 1, 5), false},
		{"iso", "2023-01-05", day(2023, 1, 5), false},
		{"iso short", "2023-1-5", day(2023, 1, 5), false},
		{"year first slashes", "2023/01/05", day(2023, 1, 5), false},
		{"dashes day first", "05-01-2023", day(2023, 1, 5), false},
		{"dots day first", "05.01.2023", day(2023, 1, 5), false},
		{"spaces around", "  5/1/2023 ", day(2023, 1, 5), false},
		{"leap day", "29/02/2024", day(2024, 2, 29), false},
		{"year 1", "01/01/0001", day(1, 1, 1), false},
		{"31 February", "31/02/2024", time.Time{}, true},
		{"29 February non-leap", "29/02/2023", time.Time{}, true},
		{"31 April", "31/04/2024", time.Time{}, true},
		{"month 13", "2023-13-01", time.Time{}, true},
		{"day 0", "00/01/2023", time.Time{}, true},
		{"year 0", "0000-01-01", time.Time{}, true},
		{"two-digit year", "05/01/23", time.Time{}, true},
		{"mixed separators", "05/01-2023", time.Time{}, true},
		{"three-digit day", "005/01/2023", time.Time{}, true},
		{"text", "hôm nay", time.Time{}, true},
		{"time part", "05/01/2023 10:00", time.Time{}, true},
		{"empty", "", time.Time{}, true},
		{"two parts", "05/2023", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Kind != "date" {
					t.Fatalf("ParseDate(%q) = %v, %v; want *ParseError", tt.in, got, err)
				}
				if pe.Message("vi") == "" || pe.Message("en") == "" || !norm.NFC.IsNormalString(pe.Message("vi")) {
					t.Errorf("bad messages for %q", tt.in)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"05/01/2023", "5/1/2023", "2023-01-05", "31/02/2024", "29/02/2024", "1/1/0001", "9999-12-31", "/ /", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not *ParseError", err)
			}
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v, not midnight UTC", s, d)
		}
		back, err := ParseDate(FormatDate(d))
		if err != nil || !back.Equal(d) {
			t.Fatalf("round trip of %q: %v → %q → %v, %v", s, d, FormatDate(d), back, err)
		}
	})
}

func TestFormatShare(t *testing.T) {
	tests := []struct {
		name     string
		num, den int64
		decimals int
		want     string
		ok       bool
	}{
		{"example", 33, 200, 1, "16,5%", true},
		{"thirds", 1, 3, 2, "33,33%", true},
		{"round up", 2, 3, 0, "67%", true},
		{"half up", 1, 16, 1, "6,3%", true}, // 6,25
		{"half away from zero", -1, 16, 1, "-6,3%", true},
		{"below half", 1, 1000, 0, "0%", true},
		{"no negative zero", -1, 1000, 0, "0%", true},
		{"zero with decimals", 0, 5, 2, "0,00%", true},
		{"padding", 1, 1000, 3, "0,100%", true},
		{"whole", 1, 1, 0, "100%", true},
		{"thousands", 100, 1, 0, "10.000%", true},
		{"negative decimals", 1, 3, -2, "33%", true},
		{"huge", math.MaxInt64, 1, 2, "922.337.203.685.477.580.700,00%", true},
		{"min", math.MinInt64, math.MaxInt64, 1, "-100,0%", true},
		{"zero denominator", 5, 0, 1, "", false},
		{"negative denominator", 5, -1, 1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := FormatShare(tt.num, tt.den, tt.decimals)
			if got != tt.want || ok != tt.ok {
				t.Errorf("FormatShare(%d, %d, %d) = %q, %v; want %q, %v", tt.num, tt.den, tt.decimals, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int64
		wantErr bool
	}{
		{"dots", "1.234.567", 1234567, false},
		{"spaces", "1 234 567", 1234567, false},
		{"plain", "1234567", 1234567, false},
		{"nbsp", "1\u00a0234", 1234, false},
		{"thousand", "1.000", 1000, false},
		{"negative", "-1.234", -1234, false},
		{"unicode minus", "−1.000", -1000, false},
		{"plus", "+5", 5, false},
		{"trimmed", "  42 ", 42, false},
		{"zero", "0", 0, false},
		{"negative zero", "-0", 0, false},
		{"leading zeros", "007", 7, false},
		{"max", "9.223.372.036.854.775.807", math.MaxInt64, false},
		{"min", "-9.223.372.036.854.775.808", math.MinInt64, false},
		{"too big", "9.223.372.036.854.775.808", 0, true},
		{"too small", "-9223372036854775809", 0, true},
		{"decimal comma", "1,5", 0, true},
		{"english grouping", "1,234,567", 0, true},
		{"english decimal", "1.5", 0, true},
		{"long group", "1.2345", 0, true},
		{"short group", "12.34", 0, true},
		{"double separator", "1..234", 0, true},
		{"mixed separators", "1.234 567", 0, true},
		{"leading separator", ".123", 0, true},
		{"trailing separator", "123.", 0, true},
		{"first group too long", "1234.567", 0, true},
		{"letters", "12a", 0, true},
		{"sign only", "-", 0, true},
		{"empty", "", 0, true},
		{"blank", "   ", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseInt(tt.in)
			if tt.wantErr {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Kind != "number" {
					t.Fatalf("ParseInt(%q) = %d, %v; want *ParseError", tt.in, got, err)
				}
				if !norm.NFC.IsNormalString(pe.Message("vi")) || pe.Message("en") == "" {
					t.Errorf("bad messages for %q", tt.in)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseInt(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"1.234.567", "1 234 567", "1234567", "1,5", "-9.223.372.036.854.775.808", "1.5", "", "−0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseInt(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not *ParseError", err)
			}
			return
		}
		if back, err := ParseInt(FormatInt(n)); err != nil || back != n {
			t.Fatalf("round trip of %q: %d → %q → %d, %v", s, n, FormatInt(n), back, err)
		}
		if want, err := strconv.ParseInt(strings.NewReplacer(".", "", " ", "", "\u00a0", "", "\u202f", "", "\u2009", "", "−", "-").Replace(strings.TrimSpace(s)), 10, 64); err == nil && want != n {
			t.Fatalf("ParseInt(%q) = %d, strconv says %d", s, n, want)
		}
	})
}

func TestPlaceDate(t *testing.T) {
	tests := []struct {
		name  string
		place string
		date  time.Time
		want  string
	}{
		{"January", "Hà Nội", time.Date(2023, 1, 5, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 05 tháng 01 năm 2023"},
		{"February", "Hà Nội", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 29 tháng 02 năm 2024"},
		{"June", "Hà Nội", time.Date(2024, 6, 29, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 29 tháng 6 năm 2024"},
		{"March, day 1", "Hà Nội", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 01 tháng 3 năm 2024"},
		{"December", "Hà Nội", time.Date(2024, 12, 10, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 10 tháng 12 năm 2024"},
		{"NFD place", "Ha\u0300 No\u0323\u0302i", time.Date(2023, 1, 5, 0, 0, 0, 0, time.UTC), "Hà Nội, ngày 05 tháng 01 năm 2023"},
		{"no place", " ", time.Date(2023, 1, 5, 0, 0, 0, 0, time.UTC), "ngày 05 tháng 01 năm 2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlaceDate(tt.place, tt.date); got != tt.want {
				t.Errorf("PlaceDate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAmountInWords(t *testing.T) {
	tests := []struct {
		name string
		in   int64
		want string
	}{
		{"zero", 0, "Không đồng"},
		{"one", 1, "Một đồng"},
		{"five", 5, "Năm đồng"},
		{"ten", 10, "Mười đồng"},
		{"11 mười một", 11, "Mười một đồng"},
		{"14 mười bốn", 14, "Mười bốn đồng"},
		{"15 mười lăm", 15, "Mười lăm đồng"},
		{"20 hai mươi", 20, "Hai mươi đồng"},
		{"21 mốt", 21, "Hai mươi mốt đồng"},
		{"24 tư", 24, "Hai mươi tư đồng"},
		{"25 lăm", 25, "Hai mươi lăm đồng"},
		{"99", 99, "Chín mươi chín đồng"},
		{"100", 100, "Một trăm đồng"},
		{"101 linh một", 101, "Một trăm linh một đồng"},
		{"104 linh bốn", 104, "Một trăm linh bốn đồng"},
		{"105 linh năm", 105, "Một trăm linh năm đồng"},
		{"110", 110, "Một trăm mười đồng"},
		{"115", 115, "Một trăm mười lăm đồng"},
		{"1.001 không trăm linh", 1001, "Một nghìn không trăm linh một đồng"},
		{"1.010 không trăm mười", 1010, "Một nghìn không trăm mười đồng"},
		{"1.100", 1100, "Một nghìn một trăm đồng"},
		{"10.500", 10500, "Mười nghìn năm trăm đồng"},
		{"21.000 mốt nghìn", 21000, "Hai mươi mốt nghìn đồng"},
		{"1.000.000", 1000000, "Một triệu đồng"},
		{"1.000.001 zero group skipped", 1000001, "Một triệu không trăm linh một đồng"},
		{"5.000.070", 5000070, "Năm triệu không trăm bảy mươi đồng"},
		{"1.234.567", 1234567, "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"},
		{"500.000.000", 500000000, "Năm trăm triệu đồng"},
		{"1.000.000.000", 1000000000, "Một tỷ đồng"},
		{"1.000.000.005 zero groups skipped", 1000000005, "Một tỷ không trăm linh năm đồng"},
		{"1.000.500.000", 1000500000, "Một tỷ năm trăm nghìn đồng"},
		{"1.050.000.000", 1050000000, "Một tỷ không trăm năm mươi triệu đồng"},
		{"100 tỷ", 100000000000, "Một trăm tỷ đồng"},
		{"2.000.000.000.000 nghìn tỷ", 2000000000000, "Hai nghìn tỷ đồng"},
		{"1.005 tỷ", 1005000000000, "Một nghìn không trăm linh năm tỷ đồng"},
		{"1.000.005.000.000", 1000005000000, "Một nghìn tỷ không trăm linh năm triệu đồng"},
		{"triệu tỷ", 1000000000000000, "Một triệu tỷ đồng"},
		{"tỷ tỷ", 1000000000000000000, "Một tỷ tỷ đồng"},
		{"negative", -500000, "Âm năm trăm nghìn đồng"},
		{"max", math.MaxInt64, "Chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh bảy đồng"},
		{"min", math.MinInt64, "Âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh tám đồng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AmountInWords(tt.in)
			if got != tt.want {
				t.Errorf("AmountInWords(%d) =\n  %q\nwant\n  %q", tt.in, got, tt.want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("not NFC: %+q", got)
			}
		})
	}
}
