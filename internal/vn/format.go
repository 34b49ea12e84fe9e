package vn

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FormatInt writes n the Vietnamese way, with '.' between groups of
// thousands: 1234567 → "1.234.567", -1234 → "-1.234", 0 → "0". Use it for
// quantities and amounts only: years, document numbers, tax codes and IDs
// must never go through a number printer ("2.024" is not a year).
func FormatInt(n int64) string {
	s := groupThousands(strconv.FormatUint(absUint(n), 10))
	if n < 0 {
		return "-" + s
	}
	return s
}

// FormatVND writes an amount of money in đồng, unit after the amount as
// Vietnamese documents do: 1234567 → "1.234.567 đồng".
func FormatVND(n int64) string {
	return FormatInt(n) + " đồng"
}

// absUint returns |n| without overflowing on math.MinInt64.
func absUint(n int64) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}

// groupThousands inserts '.' every three digits from the right of a string
// of ASCII digits.
func groupThousands(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	b.Grow(len(d) + len(d)/3)
	first := len(d) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(d[:first])
	for i := first; i < len(d); i += 3 {
		b.WriteByte('.')
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// FormatDate writes the calendar date of t (in t's own location) as
// dd/mm/yyyy, the form used in Vietnamese tables and forms: "05/01/2023".
func FormatDate(t time.Time) string {
	return t.Format("02/01/2006")
}

// ParseDate reads a date typed as dd/mm/yyyy or d/m/yyyy (the Vietnamese
// order, day first) or as yyyy-mm-dd (ISO, as exported by databases and
// spreadsheets). It also takes '-' or '.' in the day-first form and '/' in
// the year-first form, since old spreadsheets use them, but always needs a
// four-digit year: "05/01/23" is rejected rather than guessed. Impossible
// dates such as 31/02/2024 are rejected, not rolled over. The result is
// midnight UTC of that date. Errors are *ParseError.
func ParseDate(s string) (time.Time, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return time.Time{}, dateError(s, "empty", "Chưa nhập ngày.")
	}
	sep := byte(0)
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if (c == '/' || c == '-' || c == '.') && (sep == 0 || sep == c) {
			sep = c
			continue
		}
		return time.Time{}, dateFormatError(s)
	}
	parts := strings.Split(in, string(rune(sep)))
	if sep == 0 || len(parts) != 3 {
		return time.Time{}, dateFormatError(s)
	}
	var ys, ms, ds string
	switch {
	case len(parts[0]) == 4 && len(parts[1]) >= 1 && len(parts[1]) <= 2 && len(parts[2]) >= 1 && len(parts[2]) <= 2:
		ys, ms, ds = parts[0], parts[1], parts[2]
	case len(parts[2]) == 4 && len(parts[0]) >= 1 && len(parts[0]) <= 2 && len(parts[1]) >= 1 && len(parts[1]) <= 2:
		ds, ms, ys = parts[0], parts[1], parts[2]
	default:
		return time.Time{}, dateFormatError(s)
	}
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1 || t.Year() != y || t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, dateError(s, "no such date", "Không có ngày này trên lịch (kiểm tra lại ngày và tháng).")
	}
	return t, nil
}

func dateFormatError(s string) error {
	return dateError(s, "use dd/mm/yyyy or yyyy-mm-dd", "Ngày phải viết theo dạng dd/mm/yyyy, ví dụ 05/01/2023.")
}

func dateError(s, en, vi string) error {
	return &ParseError{Kind: "date", Input: s, en: en, vi: vi}
}

// ParseError reports input that ParseDate or ParseInt rejected, with a
// reason that can be shown to the person who typed it.
type ParseError struct {
	// Kind is what was being read: "date" or "number".
	Kind string
	// Input is the text as given.
	Input string

	en, vi string
}

// Error describes the problem in English, for logs.
func (e *ParseError) Error() string {
	return fmt.Sprintf("vn: invalid %s %q: %s", e.Kind, e.Input, e.en)
}

// Message returns the reason for a person, in Vietnamese ("vi", also the
// default, since the system's users are Vietnamese officers) or English
// (any tag starting with "en").
func (e *ParseError) Message(lang string) string {
	if isEnglish(lang) {
		what := "Date"
		if e.Kind == "number" {
			what = "Number"
		}
		return what + ": " + e.en + "."
	}
	return e.vi
}

// isEnglish reports whether a language tag asks for English; anything else
// gets Vietnamese.
func isEnglish(lang string) bool {
	l := strings.ToLower(strings.TrimSpace(lang))
	return l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_")
}

// FormatShare writes num/den as a percentage with the given number of
// decimals, the Vietnamese way (decimal comma, '.' between thousands, no
// space before %): FormatShare(33, 200, 1) → "16,5%". It reports false when
// den ≤ 0, where there is no share to show. The value is computed with
// exact integer arithmetic and rounded half away from zero, so a report
// never shows a float artefact such as 16,499999%. decimals below 0 count
// as 0 and above 18 as 18.
func FormatShare(num, den int64, decimals int) (string, bool) {
	if den <= 0 {
		return "", false
	}
	decimals = min(max(decimals, 0), 18)
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	n := new(big.Int).SetUint64(absUint(num))
	n.Mul(n, big.NewInt(100))
	n.Mul(n, scale)
	d := big.NewInt(den)
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Lsh(r, 1).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	ip, fp := new(big.Int).QuoRem(q, scale, new(big.Int))
	var b strings.Builder
	if num < 0 && q.Sign() != 0 {
		b.WriteByte('-')
	}
	b.WriteString(groupThousands(ip.String()))
	if decimals > 0 {
		frac := fp.String()
		b.WriteByte(',')
		b.WriteString(strings.Repeat("0", decimals-len(frac)))
		b.WriteString(frac)
	}
	b.WriteByte('%')
	return b.String(), true
}

// ParseInt reads a whole number typed the Vietnamese way: "1.234.567",
// "1 234 567" or "1234567", with an optional sign. A separator must sit
// exactly between groups of three digits, so "1.5" (an English decimal) is
// rejected rather than read as 15, and so are "1,5" (a Vietnamese decimal:
// not a whole number) and "1,234,567" (English grouping, which a
// Vietnamese reader would take for a decimal). Errors are *ParseError.
func ParseInt(s string) (int64, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, numberError(s, "empty", "Chưa nhập số.")
	}
	neg := false
	if r, size := utf8.DecodeRuneInString(in); r == '-' || r == '+' || r == '−' {
		neg = r != '+'
		in = strings.TrimLeftFunc(in[size:], unicode.IsSpace)
	}
	var (
		u        uint64
		sep      rune // the one separator used, 0 if none yet
		groupLen int  // digits since the last separator
		groups   int  // separators seen
		digits   int
	)
	const limit = uint64(math.MaxInt64) + 1
	for _, r := range in {
		switch {
		case r >= '0' && r <= '9':
			digits++
			groupLen++
			if groups > 0 && groupLen > 3 {
				return 0, numberGroupingError(s)
			}
			if u > (limit-uint64(r-'0'))/10 {
				return 0, numberError(s, "out of range", "Số quá lớn.")
			}
			u = u*10 + uint64(r-'0')
		case r == '.' || r == ' ' || r == '\u00A0' || r == '\u202F' || r == '\u2009':
			if sep != 0 && sep != r || groupLen == 0 || groupLen > 3 || groups > 0 && groupLen != 3 {
				return 0, numberGroupingError(s)
			}
			sep = r
			groups++
			groupLen = 0
		case r == ',':
			return 0, numberError(s, "must be a whole number (',' is the decimal comma)", "Phải nhập số nguyên, không có phần thập phân (dấu phẩy).")
		default:
			return 0, numberError(s, "only digits, with '.' or spaces between groups of thousands", "Số chỉ được gồm chữ số, có thể ngăn cách hàng nghìn bằng dấu chấm, ví dụ 1.234.567.")
		}
	}
	if digits == 0 {
		return 0, numberError(s, "no digits", "Chưa nhập số.")
	}
	if groups > 0 && groupLen != 3 {
		return 0, numberGroupingError(s)
	}
	if neg && u > 0 {
		return -int64(u-1) - 1, nil // -2^63 has no positive counterpart
	}
	if u > math.MaxInt64 {
		return 0, numberError(s, "out of range", "Số quá lớn.")
	}
	return int64(u), nil
}

func numberGroupingError(s string) error {
	return numberError(s, "thousands separators in the wrong place (write 1.234.567)", "Dấu ngăn cách hàng nghìn đặt sai chỗ; viết ví dụ 1.234.567.")
}

func numberError(s, en, vi string) error {
	return &ParseError{Kind: "number", Input: s, en: en, vi: vi}
}

// PlaceDate writes the place-and-date line of an administrative document:
// PlaceDate("Hà Nội", 5 Jan 2023) → "Hà Nội, ngày 05 tháng 01 năm 2023".
// Days below 10 and the months 1 and 2 take a leading zero, the other
// months do not ("ngày 29 tháng 6"): this is the convention of Decree
// 30/2020/NĐ-CP, which pads exactly where a number could be altered after
// signing ("tháng 1" into "tháng 11" or "tháng 12"). An empty place gives
// just "ngày … tháng … năm …". The date is t's calendar date in its own
// location.
func PlaceDate(place string, t time.Time) string {
	y, m, d := t.Date()
	month := strconv.Itoa(int(m))
	if m <= time.February {
		month = fmt.Sprintf("%02d", int(m))
	}
	date := fmt.Sprintf("ngày %02d tháng %s năm %d", d, month, y)
	place = strings.TrimSpace(NFC(place))
	if place == "" {
		return date
	}
	return place + ", " + date
}

// digitWords are the Vietnamese names of the digits.
var digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// AmountInWords writes an amount of đồng in words, as on the "Bằng chữ:"
// line of financial documents: 500000000 → "Năm trăm triệu đồng". The
// rules are the northern (Hanoi) usage:
//
//   - "mười" for 10–19, "mươi" for 20–90;
//   - "mốt" (1) and "tư" (4) only after a tens digit of 2 or more (21 "hai
//     mươi mốt", 24 "hai mươi tư", but 11 "mười một", 14 "mười bốn");
//   - "lăm" (5) after any non-zero tens digit (15 "mười lăm", 25 "hai mươi
//     lăm"), "năm" otherwise;
//   - a zero tens digit before a non-zero unit is "linh" (105 "một trăm linh
//     năm"; the south says "lẻ");
//   - groups of three digits take "nghìn", "triệu", "tỷ"; above a tỷ the
//     count of tỷ is read as a number of its own, giving "nghìn tỷ", "triệu
//     tỷ" (and "tỷ tỷ" for 10^18);
//   - first letter capital, "đồng" at the end; zero is "Không đồng" and a
//     negative amount starts with "Âm".
//
// Zero groups (sources differ; this is the rule chosen): a group of three
// zeros is not read at all — no "không nghìn", "không triệu" — and every
// group after the first non-zero one is read with all three of its digits,
// so a zero hundreds inside the number is "không trăm" and a zero tens is
// "linh": 1.001 → "Một nghìn không trăm linh một đồng", 1.000.000.005 →
// "Một tỷ không trăm linh năm đồng", 1.050.000.000 → "Một tỷ không trăm
// năm mươi triệu đồng".
func AmountInWords(n int64) string {
	if n == 0 {
		return "Không đồng"
	}
	w := readNumber(absUint(n), false)
	if n < 0 {
		w = "âm " + w
	}
	return capitalizeFirst(w) + " đồng"
}

// readNumber reads n > 0. inner says that digits were read before it, so
// its first group is read in full ("không trăm linh năm").
func readNumber(n uint64, inner bool) string {
	const billion = 1_000_000_000
	if n >= billion {
		s := readNumber(n/billion, inner) + " tỷ"
		if lo := n % billion; lo > 0 {
			s += " " + readNumber(lo, true)
		}
		return s
	}
	groups := [3]uint64{n / 1_000_000, n / 1_000 % 1_000, n % 1_000}
	names := [3]string{"triệu", "nghìn", ""}
	var parts []string
	for i, g := range groups {
		if g == 0 {
			continue
		}
		parts = append(parts, readGroup(int(g), inner || len(parts) > 0))
		if names[i] != "" {
			parts = append(parts, names[i])
		}
	}
	return strings.Join(parts, " ")
}

// readGroup reads a group of three digits, 1–999. full says it is not the
// leading group, so its hundreds and tens are read even when zero.
func readGroup(g int, full bool) string {
	h, t, u := g/100, g/10%10, g%10
	var w []string
	if full || h > 0 {
		w = append(w, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
	case t == 0:
		if full || h > 0 {
			w = append(w, "linh")
		}
		w = append(w, digitWords[u])
	case t == 1:
		w = append(w, "mười")
		if u != 0 {
			w = append(w, unitAfterTens(1, u))
		}
	default:
		w = append(w, digitWords[t], "mươi")
		if u != 0 {
			w = append(w, unitAfterTens(t, u))
		}
	}
	return strings.Join(w, " ")
}

// unitAfterTens names a non-zero unit digit that follows a non-zero tens
// digit t.
func unitAfterTens(t, u int) string {
	switch {
	case u == 5:
		return "lăm"
	case u == 1 && t >= 2:
		return "mốt"
	case u == 4 && t >= 2:
		return "tư"
	}
	return digitWords[u]
}

// capitalizeFirst upper-cases the first letter of s.
func capitalizeFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
