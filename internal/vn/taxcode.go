package vn

import (
	"fmt"
	"strings"
	"unicode"
)

// TaxCodeRule names the rule of the enterprise tax code (mã số thuế) that an
// input broke, so that a form can tell the person exactly what to fix.
type TaxCodeRule string

// The rules of the tax code, checked in this order; ParseTaxCode reports the
// first one broken.
const (
	// TaxRuleRequired: nothing was entered.
	TaxRuleRequired TaxCodeRule = "required"
	// TaxRuleCharacters: something other than digits and separators.
	TaxRuleCharacters TaxCodeRule = "characters"
	// TaxRuleLength: neither 10 nor 13 digits.
	TaxRuleLength TaxCodeRule = "length"
	// TaxRuleSequence: digits 3–9 are all zero.
	TaxRuleSequence TaxCodeRule = "sequence"
	// TaxRuleCheckDigit: digit 10 does not match digits 1–9 (or no digit
	// can, because the weighted sum is divisible by 11).
	TaxRuleCheckDigit TaxCodeRule = "check_digit"
	// TaxRuleBranch: a 13-digit code whose dependent-unit number is 000.
	TaxRuleBranch TaxCodeRule = "branch"
)

// TaxCodeError reports a tax code that ParseTaxCode rejected and which rule
// it broke.
type TaxCodeError struct {
	// Rule is the first rule the input broke.
	Rule TaxCodeRule
	// Input is the text as given.
	Input string
}

// Error describes the problem in English, for logs.
func (e *TaxCodeError) Error() string {
	return fmt.Sprintf("vn: invalid tax code %q: %s", e.Input, taxMessagesEN[e.Rule])
}

// Message describes the problem for the person who typed the code, in
// Vietnamese ("vi", also the default, since the users are Vietnamese
// officers) or English (a tag starting with "en").
func (e *TaxCodeError) Message(lang string) string {
	if isEnglish(lang) {
		if m, ok := taxMessagesEN[e.Rule]; ok {
			return capitalizeFirst(m) + "."
		}
		return "The tax code is not valid."
	}
	if m, ok := taxMessagesVI[e.Rule]; ok {
		return m
	}
	return "Mã số thuế không hợp lệ."
}

// taxMessagesEN and taxMessagesVI are the texts for each rule; read-only.
var (
	taxMessagesEN = map[TaxCodeRule]string{
		TaxRuleRequired:   "the tax code is required",
		TaxRuleCharacters: "a tax code may contain only digits and separators (space, dot, dash)",
		TaxRuleLength:     "a tax code has 10 digits, or 13 digits written NNNNNNNNNN-NNN for a dependent unit",
		TaxRuleSequence:   "digits 3 to 9 of a tax code cannot all be 0",
		TaxRuleCheckDigit: "the check digit (10th digit) of the tax code is wrong",
		TaxRuleBranch:     "the dependent-unit number (last 3 digits) of a 13-digit tax code cannot be 000",
	}
	taxMessagesVI = map[TaxCodeRule]string{
		TaxRuleRequired:   "Chưa nhập mã số thuế.",
		TaxRuleCharacters: "Mã số thuế chỉ gồm chữ số và dấu phân cách (dấu cách, dấu chấm, dấu gạch ngang).",
		TaxRuleLength:     "Mã số thuế phải có 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN.",
		TaxRuleSequence:   "Các chữ số từ thứ 3 đến thứ 9 của mã số thuế không được đều là 0.",
		TaxRuleCheckDigit: "Chữ số kiểm tra (chữ số thứ 10) của mã số thuế không đúng.",
		TaxRuleBranch:     "Ba chữ số cuối (số thứ tự đơn vị phụ thuộc) của mã số thuế 13 số không được là 000.",
	}
)

// taxWeights are the check-digit weights of digits 1–9.
var taxWeights = [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}

// ParseTaxCode checks an enterprise tax code and returns it in canonical
// form: "0100233488" for an enterprise, "0100233488-001" for a dependent
// unit (branch, representative office), whose first ten digits are the
// parent's code. Spaces (any Unicode space, as pasted from spreadsheets),
// dots and dashes (also the typographic dashes word processors substitute)
// are separators and may appear anywhere; 13 digits without a dash are
// accepted too. Errors are *TaxCodeError naming the first rule broken, in
// the order of the TaxRule constants.
//
// Twelve-digit personal identity numbers, which individuals now use as tax
// codes, are not enterprise tax codes and are rejected (rule length).
func ParseTaxCode(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", &TaxCodeError{Rule: TaxRuleRequired, Input: s}
	}
	digits := make([]byte, 0, 13)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '.' || r == '-' || unicode.IsSpace(r) || isDash(r):
		default:
			return "", &TaxCodeError{Rule: TaxRuleCharacters, Input: s}
		}
	}
	if len(digits) != 10 && len(digits) != 13 {
		return "", &TaxCodeError{Rule: TaxRuleLength, Input: s}
	}
	if string(digits[2:9]) == "0000000" {
		return "", &TaxCodeError{Rule: TaxRuleSequence, Input: s}
	}
	if c, ok := TaxCheckDigit(string(digits[:9])); !ok || c != digits[9] {
		return "", &TaxCodeError{Rule: TaxRuleCheckDigit, Input: s}
	}
	if len(digits) == 10 {
		return string(digits), nil
	}
	if string(digits[10:]) == "000" {
		return "", &TaxCodeError{Rule: TaxRuleBranch, Input: s}
	}
	return string(digits[:10]) + "-" + string(digits[10:]), nil
}

// isDash reports typographic dashes and minus signs that word processors
// put where a person typed '-'.
func isDash(r rune) bool {
	return r >= '\u2010' && r <= '\u2015' || r == '\u2212' || r == '\uFE63' || r == '\uFF0D'
}

// TaxCheckDigit returns the check digit (10th digit), as the ASCII character
// '0'–'9', for the first nine digits of a tax code, for code generators and
// test data. It returns false when first9 is not nine ASCII digits or when no
// check digit exists: the weighted sum S (weights 31, 29, 23, 19, 17, 13, 7,
// 5, 3) gives check = 10 − (S mod 11), with S mod 11 = 10 giving 0, and
// S mod 11 = 0 giving no valid code with that prefix.
func TaxCheckDigit(first9 string) (byte, bool) {
	if len(first9) != 9 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := first9[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += taxWeights[i] * int(c-'0')
	}
	m := sum % 11
	switch m {
	case 0:
		return 0, false
	case 10:
		return '0', true
	}
	return byte('0' + 10 - m), true
}

// FormatTaxCode formats a tax code for display: 10 digits as they are, 13
// digits as NNNNNNNNNN-NNN. It takes a canonical code or any spelling with
// separators; input that does not hold 10 or 13 digits is returned as given,
// since a display function should show what is stored rather than hide it.
func FormatTaxCode(canonical string) string {
	digits := make([]byte, 0, 13)
	for _, r := range canonical {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '.' || r == '-' || unicode.IsSpace(r) || isDash(r):
		default:
			return canonical
		}
	}
	switch len(digits) {
	case 10:
		return string(digits)
	case 13:
		return string(digits[:10]) + "-" + string(digits[10:])
	}
	return canonical
}
