package vn

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestParseTaxCode(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     string
		wantRule TaxCodeRule // "" when valid
	}{
		{"worked example valid", "0100233488", "0100233488", ""},
		{"worked example wrong check digit", "0100233480", "", TaxRuleCheckDigit},
		{"Viettel", "0100109106", "0100109106", ""},
		{"Vinamilk (HCMC tax office 03)", "0300588569", "0300588569", ""},
		{"S mod 11 = 10 gives check 0", "0101000020", "0101000020", ""},
		{"S mod 11 = 0 has no valid code", "0101000060", "", TaxRuleCheckDigit},
		{"S mod 11 = 0 with any digit", "0101000065", "", TaxRuleCheckDigit},
		{"surrounding space", "  0100233488\t", "0100233488", ""},
		{"spaces inside", "0100 233 488", "0100233488", ""},
		{"dots", "01.00.233.488", "0100233488", ""},
		{"dashes", "0100-233-488", "0100233488", ""},
		{"no-break space", "0100\u00a0233488", "0100233488", ""},
		{"dependent unit", "0100233488-001", "0100233488-001", ""},
		{"dependent unit without dash", "0100233488001", "0100233488-001", ""},
		{"dependent unit with spaces", "0100233488 - 001", "0100233488-001", ""},
		{"dependent unit with en dash", "0100233488–001", "0100233488-001", ""},
		{"dependent unit with dots", "0100.233.488.001", "0100233488-001", ""},
		{"dependent unit wrong check", "0100233480-001", "", TaxRuleCheckDigit},
		{"branch 000", "0100233488-000", "", TaxRuleBranch},
		{"branch 000 without dash", "0100233488000", "", TaxRuleBranch},
		{"empty", "", "", TaxRuleRequired},
		{"blank", "   ", "", TaxRuleRequired},
		{"too short", "01002334", "", TaxRuleLength},
		{"11 digits", "01002334881", "", TaxRuleLength},
		{"12 digits (personal ID)", "001088012345", "", TaxRuleLength},
		{"dependent unit short branch", "0100233488-01", "", TaxRuleLength},
		{"14 digits", "0100233488-0011", "", TaxRuleLength},
		{"only separators", " - . ", "", TaxRuleLength},
		{"letter", "010023348A", "", TaxRuleCharacters},
		{"slash", "0100233488/001", "", TaxRuleCharacters},
		{"full-width digits", "０１００２３３４８８", "", TaxRuleCharacters},
		{"prefix MST", "MST 0100233488", "", TaxRuleCharacters},
		{"characters before length", "12a", "", TaxRuleCharacters},
		{"sequence all zero", "0100000000", "", TaxRuleSequence},
		{"sequence all zero dependent", "0100000000-001", "", TaxRuleSequence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTaxCode(tt.in)
			if tt.wantRule == "" {
				if err != nil || got != tt.want {
					t.Errorf("ParseTaxCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			var te *TaxCodeError
			if !errors.As(err, &te) {
				t.Fatalf("ParseTaxCode(%q) = %q, %v; want rule %s", tt.in, got, err, tt.wantRule)
			}
			if te.Rule != tt.wantRule || te.Input != tt.in || got != "" {
				t.Errorf("ParseTaxCode(%q) = %q, rule %s; want rule %s", tt.in, got, te.Rule, tt.wantRule)
			}
		})
	}
}

func TestSampleFileTaxCodes(t *testing.T) {
	// The tax codes of shared/data/samples, valid by the check-digit rule.
	for _, code := range []string{
		"0141777631", "0190743917", "0106360838", "0137406810", "0186834495", "0173662584",
		"0170499964", "0188368592", "0190682887", "0198386752", "0199579034", "0140110700",
	} {
		if got, err := ParseTaxCode(code); err != nil || got != code {
			t.Errorf("ParseTaxCode(%s) = %q, %v", code, got, err)
		}
	}
}

func TestTaxCodeErrorMessages(t *testing.T) {
	rules := []TaxCodeRule{TaxRuleRequired, TaxRuleLength, TaxRuleCharacters, TaxRuleSequence, TaxRuleBranch, TaxRuleCheckDigit}
	seen := map[string]bool{}
	for _, r := range rules {
		t.Run(string(r), func(t *testing.T) {
			e := &TaxCodeError{Rule: r, Input: "x"}
			vi, en := e.Message("vi"), e.Message("en")
			if vi == "" || en == "" || vi == en {
				t.Fatalf("messages: vi %q en %q", vi, en)
			}
			if !norm.NFC.IsNormalString(vi) {
				t.Errorf("vi message not NFC: %+q", vi)
			}
			if seen[vi] || seen[en] {
				t.Errorf("message shared with another rule: %q / %q", vi, en)
			}
			seen[vi], seen[en] = true, true
			if e.Message("") != vi || e.Message("vi-VN") != vi || e.Message("en-US") != en {
				t.Errorf("language fallback wrong")
			}
			if !strings.Contains(e.Error(), `"x"`) {
				t.Errorf("Error() = %q lacks the input", e.Error())
			}
		})
	}
	if got := (&TaxCodeError{Rule: TaxRuleLength}).Message("vi"); got != "Mã số thuế phải có 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN." {
		t.Errorf("length message = %q", got)
	}
	if got := (&TaxCodeError{Rule: TaxRuleCheckDigit}).Message("vi"); got != "Chữ số kiểm tra (chữ số thứ 10) của mã số thuế không đúng." {
		t.Errorf("check digit message = %q", got)
	}
}

func TestTaxCheckDigit(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  byte
		wantO bool
	}{
		{"worked example", "010023348", '8', true},
		{"mod 10 gives 0", "010100002", '0', true},
		{"mod 0 has none", "010100006", 0, false},
		{"too short", "01002334", 0, false},
		{"too long", "0100233488", 0, false},
		{"not digits", "01002334a", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := TaxCheckDigit(tt.in)
			if got != tt.want || ok != tt.wantO {
				t.Errorf("TaxCheckDigit(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantO)
			}
		})
	}
}

func TestFormatTaxCode(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ten", "0100233488", "0100233488"},
		{"thirteen canonical", "0100233488-001", "0100233488-001"},
		{"thirteen bare", "0100233488001", "0100233488-001"},
		{"spaced", "0100 233 488", "0100233488"},
		{"garbage kept", "abc", "abc"},
		{"wrong length kept", "12345", "12345"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatTaxCode(tt.in); got != tt.want {
				t.Errorf("FormatTaxCode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseTaxCode(f *testing.F) {
	for _, s := range []string{"0100233488", "0100233480", "0100233488-001", "0100233488-000", "0100000000", "0101000060", "", " . - ", "０１", "0100\u00a0233488"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTaxCode(s)
		if err != nil {
			var te *TaxCodeError
			if !errors.As(err, &te) || te.Input != s || te.Message("vi") == "" || te.Message("en") == "" {
				t.Fatalf("ParseTaxCode(%q): bad error %v", s, err)
			}
			return
		}
		// A canonical code is a fixed point, has the right shape and a
		// correct check digit.
		if again, err := ParseTaxCode(got); err != nil || again != got {
			t.Fatalf("canonical %q does not re-parse: %q, %v", got, again, err)
		}
		if FormatTaxCode(got) != got {
			t.Fatalf("FormatTaxCode(%q) = %q", got, FormatTaxCode(got))
		}
		if len(got) != 10 && (len(got) != 14 || got[10] != '-') {
			t.Fatalf("bad shape %q", got)
		}
		if c, ok := TaxCheckDigit(got[:9]); !ok || c != got[9] {
			t.Fatalf("bad check digit in %q", got)
		}
	})
}
