package plan

import "testing"

// The worked example of DOMAIN.md: industry 2930 with two products whose
// indices are 115.0 (weight 600) and 90.0 (weight 400) has index
// (115·600 + 90·400)/1000 = 105.0.
func TestComputeIndexWorkedExample(t *testing.T) {
	basket := []IndexItem{
		{Code: "G", Level: LevelGroup},
		{Code: "2930", Parent: "G", Level: LevelIndustry, Weight: 1},
		{Code: "p1", Parent: "2930", Level: LevelProduct, Weight: 600},
		{Code: "p2", Parent: "2930", Level: LevelProduct, Weight: 400},
	}
	n := ComputeIndex(basket, map[string]Quantities{"p1": {Q0: 200, Q1: 230}, "p2": {Q0: 50, Q1: 45}})
	ind := n.Children[0]
	if got := ind.Children[0].Index.Decimal(1); got != "115.0" {
		t.Errorf("product p1 index = %s, want 115.0", got)
	}
	if got := ind.Children[1].Index.Decimal(1); got != "90.0" {
		t.Errorf("product p2 index = %s, want 90.0", got)
	}
	if got := ind.Index.Decimal(3); got != "105.000" {
		t.Errorf("industry 2930 index = %s, want 105.000", got)
	}
	if got := n.Index.Decimal(3); got != "105.000" {
		t.Errorf("group index = %s, want 105.000 (one industry)", got)
	}
}

// Two levels: the group's index is the mean of its industries' indices
// weighted by their value added, not the mean of all products.
func TestComputeIndexTwoLevels(t *testing.T) {
	basket := []IndexItem{
		{Code: "G", Level: LevelGroup},
		{Code: "2930", Parent: "G", Level: LevelIndustry, Weight: 300},
		{Code: "2599", Parent: "G", Level: LevelIndustry, Weight: 700},
		{Code: "p1", Parent: "2930", Level: LevelProduct, Weight: 600},
		{Code: "p2", Parent: "2930", Level: LevelProduct, Weight: 400},
		{Code: "p3", Parent: "2599", Level: LevelProduct, Weight: 50},
		{Code: "p4", Parent: "2599", Level: LevelProduct, Weight: 150},
		{Code: "p5", Parent: "2599", Level: LevelProduct, Weight: 999}, // no data this year
	}
	q := map[string]Quantities{
		"p1": {Q0: 100, Q1: 115}, "p2": {Q0: 100, Q1: 90}, // 2930: 105
		"p3": {Q0: 40, Q1: 48}, "p4": {Q0: 10, Q1: 11}, // 2599: (120·50 + 110·150)/200 = 112.5
	}
	n := ComputeIndex(basket, q)
	// Children are ordered by code: 2599 then 2930.
	if got := n.Children[0].Index.Decimal(3); got != "112.500" {
		t.Errorf("2599 = %s, want 112.500 (p5 without data left out)", got)
	}
	if got := n.Children[0].WeightUsed; got != 200 {
		t.Errorf("2599 weight used = %d, want 200", got)
	}
	// (112.5·700 + 105·300)/1000 = 110.25
	if got := n.Index.Decimal(3); got != "110.250" {
		t.Errorf("group = %s, want 110.250", got)
	}
	// Nothing reported: no data, not 0 and not 100.
	if empty := ComputeIndex(basket, nil); empty.Index.Known() {
		t.Errorf("index without data = %s, want no data", empty.Index.Decimal(1))
	}
}

// Targets are written as plans state them, one scale for both ends.
func TestTargetText(t *testing.T) {
	p := keyPrinter{}
	cases := []struct {
		t    Target
		want string
	}{
		{Target{Indicator: Enterprises, Kind: Range, Low: 300_000, High: 350_000, Approx: true}, "~ 300–350 [enterprises]"},
		{Target{Indicator: OutputShare, Kind: Range, Low: 16_000, High: 17_000, Approx: true}, "~ 16–17%"},
		{Target{Indicator: OutputShare, Kind: Exact, Low: 16_250}, "16,25%"},
		{Target{Indicator: ProductionGrowth, Kind: Floor, Low: 11_000, High: 12_000}, "> 11–12%"},
		{Target{Indicator: BudgetUsed, Kind: Range, Low: 800_000_000_000, High: 1_200_000_000_000}, "0,8–1,2 [bn]"},
		{Target{Indicator: BudgetUsed, Kind: Ceiling, High: 8_000_000_000_000}, "<= 8 [bn]"},
		{Target{Indicator: ProductionGrowth, Kind: Exact, Low: 12_000, Approx: true, PerYear: true}, "~ 12% / year"},
	}
	for _, c := range cases {
		if got := c.t.Text(p, "vi"); got != c.want {
			t.Errorf("%+v: %q, want %q", c.t, got, c.want)
		}
	}
	// Missed by a hair reads as missed.
	hair := Target{Indicator: OutputShare, Kind: Range, Low: 17_000, High: 18_000}
	if got := hair.ValueText(keyPrinter{}, "vi", Milli(16_996)); got != "16,996%" {
		t.Errorf("16.996%% against 17–18%%: %q", got)
	}
	if got := hair.ValueText(keyPrinter{}, "vi", Milli(17_040)); got != "17%" {
		t.Errorf("17.04%% against 17–18%%: %q", got)
	}
	if got := Milli(-40).Decimal(1); got != "0.0" {
		t.Errorf("-0.04 to one place: %q", got)
	}
}

// keyPrinter renders the few messages Text uses, to see the parts.
type keyPrinter struct{}

func (keyPrinter) T(key string, args ...any) string {
	v := ""
	if len(args) == 2 {
		v = args[1].(string)
	}
	switch key {
	case "unit.enterprises":
		return v + " [enterprises]"
	case "unit.dong_billion":
		return v + " [bn]"
	case "target.exact", "target.range":
		return v
	case "target.exact_approx", "target.range_approx":
		return "~ " + v
	case "target.floor":
		return "> " + v
	case "target.ceiling":
		return "<= " + v
	case "target.per_year":
		return v + " / year"
	}
	return "[" + key + "]"
}
