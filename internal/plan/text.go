package plan

import "math/big"

// Printer renders messages (i18n.Printer does): the plan package words
// nothing itself.
type Printer interface {
	T(key string, args ...any) string
}

// billion is where amounts of đồng start to be written in billions.
const billion = 1_000_000_000

// FormatValue writes an indicator's value in lang: "16,5%", "950 doanh
// nghiệp", "26,3 tỷ đồng" (amounts of a billion đồng or more in
// billions), or the "no data" message.
func FormatValue(p Printer, lang string, v Value, u Unit) string {
	if !v.Known() {
		return p.T("plan.no_data")
	}
	return formatIn(p, lang, v.r, u)
}

// FormatMilli writes m thousandths of unit u as FormatValue does.
func FormatMilli(p Printer, lang string, m int64, u Unit) string {
	return formatIn(p, lang, big.NewRat(m, 1000), u)
}

func formatIn(p Printer, lang string, r *big.Rat, u Unit) string {
	switch u {
	case UnitPercent:
		return formatDecimal(r.FloatString(u.Places()), lang) + "%"
	case UnitIndex:
		return formatDecimal(r.FloatString(1), lang)
	case UnitDong:
		if new(big.Rat).Abs(r).Cmp(big.NewRat(billion, 1)) >= 0 {
			bn := new(big.Rat).Quo(r, big.NewRat(billion, 1))
			return p.T("unit.dong_billion", "n", formatDecimal(bn.FloatString(1), lang))
		}
		return p.T("unit.dong", "n", formatDecimal(r.FloatString(0), lang))
	}
	return p.T("unit."+string(u), "n", formatDecimal(r.FloatString(0), lang))
}

// numberOnly writes m thousandths without a unit, for the low end of a
// range ("300–350"), in billions when the high end hi is written so.
func numberOnly(lang string, m, hi int64, u Unit) string {
	r := big.NewRat(m, 1000)
	if u == UnitDong && hi >= billion*1000 {
		return formatDecimal(new(big.Rat).Quo(r, big.NewRat(billion, 1)).FloatString(3), lang)
	}
	return formatDecimal(r.FloatString(3), lang)
}

// formatTarget writes a target's bound: as FormatMilli, but with the
// decimals the plan gave (up to three), not rounded to the unit's.
func formatTarget(p Printer, lang string, m int64, u Unit) string {
	r := big.NewRat(m, 1000)
	switch u {
	case UnitPercent:
		return formatDecimal(r.FloatString(3), lang) + "%"
	case UnitIndex:
		return formatDecimal(r.FloatString(3), lang)
	case UnitDong:
		if m >= billion*1000 || m <= -billion*1000 {
			return p.T("unit.dong_billion", "n", formatDecimal(new(big.Rat).Quo(r, big.NewRat(billion, 1)).FloatString(3), lang))
		}
	}
	return p.T("unit."+string(u), "n", formatDecimal(r.FloatString(3), lang))
}

// Text states the target the way plans do: "khoảng 300–350 doanh
// nghiệp", "trên 11–12%", "không quá 8 tỷ đồng" (in lang).
func (t Target) Text(p Printer, lang string) string {
	in, _ := IndicatorByCode(t.Indicator)
	u := in.Unit
	var value string
	switch {
	case t.Kind == Range || (t.Kind == Floor && t.High > t.Low):
		// The unit is written once, after the second figure.
		value = numberOnly(lang, t.Low, t.High, u) + "–" + formatTarget(p, lang, t.High, u)
	case t.Kind == Ceiling:
		value = formatTarget(p, lang, t.High, u)
	default:
		value = formatTarget(p, lang, t.Low, u)
	}
	key := "target." + string(t.Kind)
	if t.Approx && (t.Kind == Exact || t.Kind == Range) {
		key += "_approx"
	}
	s := p.T(key, "v", value)
	if t.PerYear {
		s = p.T("target.per_year", "v", s)
	}
	return s
}

// FormatBare writes v as a number for a table whose unit is in a column
// of its own, and that unit's name: ("16,5", "%"), ("950", "doanh
// nghiệp"), ("26,3", "tỷ đồng") when an amount in đồng is a billion or
// more. ("–", unit) for no data.
func FormatBare(p Printer, lang string, v Value, u Unit, billions bool) (string, string) {
	unit := p.T("unit_name." + string(u))
	if u == UnitDong && billions {
		unit = p.T("unit_name.dong_billion")
	}
	if !v.Known() {
		return "–", unit
	}
	r := v.r
	if u == UnitDong && billions {
		r = new(big.Rat).Quo(r, big.NewRat(billion, 1))
		return formatDecimal(r.FloatString(1), lang), unit
	}
	return formatDecimal(r.FloatString(u.Places()), lang), unit
}

// ValueText writes an actual value for comparison with the target: as
// FormatValue, with more decimals (up to three) where rounding would make
// a value that misses the target by a hair read as if it met it ("16,99%"
// against "16–17%", not "17%").
func (t Target) ValueText(p Printer, lang string, v Value) string {
	in, _ := IndicatorByCode(t.Indicator)
	u := in.Unit
	if !v.Known() {
		return FormatValue(p, lang, v, u)
	}
	met := t.Met(v)
	for places := u.Places(); places < 3; places++ {
		r, ok := new(big.Rat).SetString(v.r.FloatString(places))
		if ok && t.Met(Value{r}) == met {
			return formatPlaces(p, lang, v, u, places)
		}
	}
	return formatPlaces(p, lang, v, u, 3)
}

// formatPlaces is FormatValue with places decimals (amounts in billions
// keep theirs).
func formatPlaces(p Printer, lang string, v Value, u Unit, places int) string {
	switch u {
	case UnitPercent:
		return formatDecimal(v.r.FloatString(places), lang) + "%"
	case UnitIndex:
		return formatDecimal(v.r.FloatString(places), lang)
	case UnitEnterprises, UnitProducts, UnitInstances:
		return p.T("unit."+string(u), "n", formatDecimal(v.r.FloatString(places), lang))
	}
	return FormatValue(p, lang, v, u)
}
