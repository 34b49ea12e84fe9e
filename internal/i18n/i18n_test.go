package i18n_test

import (
	"strings"
	"testing"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/i18n"
	"golang.org/x/text/unicode/norm"
)

// vi.json and en.json must hold the same keys, none empty, in NFC.
func TestLanguagesInStep(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	vi, en := b.Keys("vi"), b.Keys("en")
	inVI := map[string]bool{}
	for _, k := range vi {
		inVI[k] = true
		if !b.Has("en", k) {
			t.Errorf("key %q is in vi.json but not en.json", k)
		}
	}
	for _, k := range en {
		if !inVI[k] {
			t.Errorf("key %q is in en.json but not vi.json", k)
		}
	}
	p := b.Printer("vi")
	for _, k := range vi {
		s := p.T(k)
		if strings.TrimSpace(s) == "" {
			t.Errorf("vi %q is empty", k)
		}
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("vi %q is not NFC", k)
		}
	}
}

func TestPrinterFormats(t *testing.T) {
	b, _ := i18n.Load()
	vi, en := b.Printer("vi"), b.Printer("en")
	cases := []struct{ name, got, want string }{
		{"vi int", vi.Int(1234567), "1.234.567"},
		{"en int", en.Int(1234567), "1,234,567"},
		{"vi money", vi.Money(500000000), "500.000.000 đồng"},
		{"en money", en.Money(500000000), "500,000,000 VND"},
		{"date", vi.Date(time.Date(2023, 1, 5, 0, 0, 0, 0, time.UTC)), "05/01/2023"},
		{"placeholder", vi.T("password.too_short", "min", 10), "Mật khẩu phải có ít nhất 10 ký tự."},
		{"error", en.Error(apperr.New(apperr.Forbidden, "error.forbidden")), "You are not allowed to do this."},
		{"missing key shows itself", vi.T("no.such.key"), "[no.such.key]"},
		{"unknown language falls back to vi", b.Printer("fr").T("nav.login"), "Đăng nhập"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}
