package vn

// SectorGroup is the group of an enterprise's main registered line of
// business, which decides the ceilings used to classify its size under
// Decree 80/2021/NĐ-CP.
type SectorGroup string

// The two sector groups of Decree 80/2021/NĐ-CP.
const (
	// SectorIndustry covers industry, construction, agriculture, forestry
	// and fisheries.
	SectorIndustry SectorGroup = "industry"
	// SectorTrade covers trade and services.
	SectorTrade SectorGroup = "trade"
)

// SizeClass is an enterprise size under Decree 80/2021/NĐ-CP.
type SizeClass string

// The size classes. SizeUnknown is the empty string so that a zero value
// means "not classified" rather than a size.
const (
	// SizeMicro: doanh nghiệp siêu nhỏ.
	SizeMicro SizeClass = "micro"
	// SizeSmall: doanh nghiệp nhỏ.
	SizeSmall SizeClass = "small"
	// SizeMedium: doanh nghiệp vừa.
	SizeMedium SizeClass = "medium"
	// SizeLarge: above the medium ceilings.
	SizeLarge SizeClass = "large"
	// SizeUnknown: not enough is known to classify.
	SizeUnknown SizeClass = ""
)

// sizeCeiling is one row of the Decree 80 table: the largest headcount,
// revenue and total capital (đồng) still within a class.
type sizeCeiling struct {
	class                  SizeClass
	employees              int64
	revenueVND, capitalVND int64
}

const billionVND = 1_000_000_000

// sizeCeilings holds the ceilings of Decree 80/2021/NĐ-CP, smallest class
// first; read-only.
var sizeCeilings = map[SectorGroup][3]sizeCeiling{
	SectorIndustry: {
		{SizeMicro, 10, 3 * billionVND, 3 * billionVND},
		{SizeSmall, 100, 50 * billionVND, 20 * billionVND},
		{SizeMedium, 200, 200 * billionVND, 100 * billionVND},
	},
	SectorTrade: {
		{SizeMicro, 10, 10 * billionVND, 3 * billionVND},
		{SizeSmall, 50, 100 * billionVND, 50 * billionVND},
		{SizeMedium, 100, 300 * billionVND, 100 * billionVND},
	},
}

// ClassifySize returns the size class of an enterprise under Decree
// 80/2021/NĐ-CP: the smallest class whose headcount ceiling holds AND whose
// revenue or total-capital ceiling holds (either one is enough), and large
// above medium. employees is the yearly average of employees paying social
// insurance; revenueVND and capitalVND are in whole đồng (revenue of the
// previous year, total capital from the balance sheet).
//
// A negative value means "not known" and only known values are used: an
// unknown headcount gives SizeUnknown, since headcount is always required;
// with one of revenue and capital unknown the other decides alone, so a
// missing figure can never make an enterprise look smaller than its known
// figures allow; with both unknown the result is SizeUnknown. An unknown
// sector group also gives SizeUnknown.
func ClassifySize(g SectorGroup, employees, revenueVND, capitalVND int64) SizeClass {
	ceilings, ok := sizeCeilings[g]
	if !ok || employees < 0 || revenueVND < 0 && capitalVND < 0 {
		return SizeUnknown
	}
	for _, c := range ceilings {
		if employees > c.employees {
			continue
		}
		if revenueVND >= 0 && revenueVND <= c.revenueVND || capitalVND >= 0 && capitalVND <= c.capitalVND {
			return c.class
		}
	}
	return SizeLarge
}
