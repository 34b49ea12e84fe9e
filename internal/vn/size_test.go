package vn

import "testing"

func TestClassifySize(t *testing.T) {
	const bn = 1_000_000_000
	const unknown = -1
	tests := []struct {
		name                string
		g                   SectorGroup
		emp, revenue, capit int64
		want                SizeClass
	}{
		// Industry, construction, agriculture: micro ≤10 & (≤3 bn | ≤3 bn).
		{"ind micro at all ceilings", SectorIndustry, 10, 3 * bn, 3 * bn, SizeMicro},
		{"ind micro one person over", SectorIndustry, 11, 3 * bn, 3 * bn, SizeSmall},
		{"ind micro revenue over, capital at", SectorIndustry, 10, 3*bn + 1, 3 * bn, SizeMicro},
		{"ind micro capital over, revenue at", SectorIndustry, 10, 3 * bn, 3*bn + 1, SizeMicro},
		{"ind micro both over", SectorIndustry, 10, 3*bn + 1, 3*bn + 1, SizeSmall},
		// small ≤100 & (≤50 bn | ≤20 bn)
		{"ind small at all ceilings", SectorIndustry, 100, 50 * bn, 20 * bn, SizeSmall},
		{"ind small one person over", SectorIndustry, 101, 50 * bn, 20 * bn, SizeMedium},
		{"ind small revenue over, capital at", SectorIndustry, 100, 50*bn + 1, 20 * bn, SizeSmall},
		{"ind small capital over, revenue at", SectorIndustry, 100, 50 * bn, 20*bn + 1, SizeSmall},
		{"ind small both over", SectorIndustry, 100, 50*bn + 1, 20*bn + 1, SizeMedium},
		// medium ≤200 & (≤200 bn | ≤100 bn)
		{"ind medium at all ceilings", SectorIndustry, 200, 200 * bn, 100 * bn, SizeMedium},
		{"ind medium one person over", SectorIndustry, 201, 200 * bn, 100 * bn, SizeLarge},
		{"ind medium revenue over, capital at", SectorIndustry, 200, 200*bn + 1, 100 * bn, SizeMedium},
		{"ind medium capital over, revenue at", SectorIndustry, 200, 200 * bn, 100*bn + 1, SizeMedium},
		{"ind medium both over", SectorIndustry, 200, 200*bn + 1, 100*bn + 1, SizeLarge},
		// Trade and services: micro ≤10 & (≤10 bn | ≤3 bn).
		{"trade micro at all ceilings", SectorTrade, 10, 10 * bn, 3 * bn, SizeMicro},
		{"trade micro one person over", SectorTrade, 11, 10 * bn, 3 * bn, SizeSmall},
		{"trade micro revenue over, capital at", SectorTrade, 10, 10*bn + 1, 3 * bn, SizeMicro},
		{"trade micro capital over, revenue at", SectorTrade, 10, 10 * bn, 3*bn + 1, SizeMicro},
		{"trade micro both over", SectorTrade, 10, 10*bn + 1, 3*bn + 1, SizeSmall},
		// small ≤50 & (≤100 bn | ≤50 bn)
		{"trade small at all ceilings", SectorTrade, 50, 100 * bn, 50 * bn, SizeSmall},
		{"trade small one person over", SectorTrade, 51, 100 * bn, 50 * bn, SizeMedium},
		{"trade small revenue over, capital at", SectorTrade, 50, 100*bn + 1, 50 * bn, SizeSmall},
		{"trade small capital over, revenue at", SectorTrade, 50, 100 * bn, 50*bn + 1, SizeSmall},
		{"trade small both over", SectorTrade, 50, 100*bn + 1, 50*bn + 1, SizeMedium},
		// medium ≤100 & (≤300 bn | ≤100 bn)
		{"trade medium at all ceilings", SectorTrade, 100, 300 * bn, 100 * bn, SizeMedium},
		{"trade medium one person over", SectorTrade, 101, 300 * bn, 100 * bn, SizeLarge},
		{"trade medium revenue over, capital at", SectorTrade, 100, 300*bn + 1, 100 * bn, SizeMedium},
		{"trade medium capital over, revenue at", SectorTrade, 100, 300 * bn, 100*bn + 1, SizeMedium},
		{"trade medium both over", SectorTrade, 100, 300*bn + 1, 100*bn + 1, SizeLarge},
		// The same figures differ between the groups.
		{"60 people is medium in trade", SectorTrade, 60, 1 * bn, 1 * bn, SizeMedium},
		{"60 people is small in industry", SectorIndustry, 60, 1 * bn, 1 * bn, SizeSmall},
		// Zeros are known values.
		{"new firm", SectorIndustry, 0, 0, 0, SizeMicro},
		// Unknown values.
		{"unknown employees", SectorIndustry, unknown, 1, 1, SizeUnknown},
		{"both money unknown", SectorIndustry, 5, unknown, unknown, SizeUnknown},
		{"only revenue known, micro", SectorIndustry, 5, 3 * bn, unknown, SizeMicro},
		{"only revenue known, over", SectorIndustry, 5, 3*bn + 1, unknown, SizeSmall},
		{"only capital known, micro", SectorTrade, 5, unknown, 3 * bn, SizeMicro},
		{"only capital known, over", SectorTrade, 5, unknown, 3*bn + 1, SizeSmall},
		{"only revenue known, large", SectorTrade, 5, 300*bn + 1, unknown, SizeLarge},
		{"unknown sector group", SectorGroup("mining"), 5, 1, 1, SizeUnknown},
		{"empty sector group", "", 5, 1, 1, SizeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClassifySize(tt.g, tt.emp, tt.revenue, tt.capit); got != tt.want {
				t.Errorf("ClassifySize(%s, %d, %d, %d) = %q, want %q", tt.g, tt.emp, tt.revenue, tt.capit, got, tt.want)
			}
		})
	}
}
