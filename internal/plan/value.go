package plan

import (
	"math/big"
	"strings"
)

// Value is an indicator's value for one year: an exact rational number in
// the indicator's unit, or no data (the zero Value). A share whose
// denominator is missing or zero has no data; it is never 0 %.
type Value struct {
	r *big.Rat
}

// NoData is the value of an indicator whose inputs are missing.
var NoData = Value{}

// Int is a whole number of the indicator's unit.
func Int(n int64) Value { return Value{new(big.Rat).SetInt64(n)} }

// Milli is n thousandths of the unit.
func Milli(n int64) Value { return Value{big.NewRat(n, 1000)} }

// Share is num/den in percent, or no data when den is 0. It is computed in
// big integers: a city's output in đồng times 100 overflows nothing.
func Share(num, den Value) Value {
	if !num.Known() || !den.Known() || den.r.Sign() == 0 {
		return NoData
	}
	r := new(big.Rat).Quo(num.r, den.r)
	return Value{r.Mul(r, big.NewRat(100, 1))}
}

// Known reports whether v holds a number.
func (v Value) Known() bool { return v.r != nil }

// Rat returns a copy of v's number (nil for no data).
func (v Value) Rat() *big.Rat {
	if v.r == nil {
		return nil
	}
	return new(big.Rat).Set(v.r)
}

// Sub returns v - w (no data when either has none).
func (v Value) Sub(w Value) Value {
	if !v.Known() || !w.Known() {
		return NoData
	}
	return Value{new(big.Rat).Sub(v.r, w.r)}
}

// CmpMilli compares v with m thousandths of the unit: -1, 0 or +1. v must
// be known.
func (v Value) CmpMilli(m int64) int { return v.r.Cmp(big.NewRat(m, 1000)) }

// Float is v as a float64, for charts and trend fitting only.
func (v Value) Float() float64 {
	if v.r == nil {
		return 0
	}
	f, _ := v.r.Float64()
	return f
}

// Decimal writes v with places decimals, rounded half away from zero, with
// a '.' separator: the machine form the JSON API gives ("16.52"). "" for
// no data.
func (v Value) Decimal(places int) string {
	if v.r == nil {
		return ""
	}
	out := v.r.FloatString(places)
	if strings.HasPrefix(out, "-") && strings.Trim(out, "-0.") == "" {
		out = out[1:] // -0.04 to one place is 0.0, not -0.0
	}
	return out
}

// Format writes v the Vietnamese way (or the English way when lang is
// "en"): thousands grouped, places decimals with trailing zeros dropped.
// "" for no data.
func (v Value) Format(lang string, places int) string {
	if v.r == nil {
		return ""
	}
	return formatDecimal(v.r.FloatString(places), lang)
}

// formatDecimal groups the integer part of a "-1234.50" string and uses
// the language's separators, dropping zeros after the decimal point.
func formatDecimal(s, lang string) string {
	thou, dec := ".", ","
	if lang == "en" {
		thou, dec = ",", "."
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if neg && (strings.Trim(intPart, "0") != "" || frac != "") {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thou)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	return b.String()
}
