package plan

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// DemoBaseYear is the base year of the demo's index basket.
const DemoBaseYear = 2020

// demoBasket is a representative basket for the supporting-industry group:
// industries by their 4-digit VSIC code, products with the unit they are
// reported in; weights are base-year production values (products) and
// value added (industries) in đồng, invented to be plausible.
var demoBasket = []IndexItem{
	{Code: "CNHT", Level: LevelGroup, NameVI: "Nhóm công nghiệp hỗ trợ", NameEN: "Supporting-industry group"},
	{Code: "2220", Parent: "CNHT", Level: LevelIndustry, NameVI: "Sản xuất sản phẩm từ plastic", NameEN: "Plastic products", Weight: 2_400_000_000_000},
	{Code: "2592", Parent: "CNHT", Level: LevelIndustry, NameVI: "Gia công cơ khí; xử lý và tráng phủ kim loại", NameEN: "Machining; treatment and coating of metals", Weight: 3_100_000_000_000},
	{Code: "2610", Parent: "CNHT", Level: LevelIndustry, NameVI: "Sản xuất linh kiện điện tử", NameEN: "Electronic components", Weight: 4_200_000_000_000},
	{Code: "2930", Parent: "CNHT", Level: LevelIndustry, NameVI: "Sản xuất phụ tùng và bộ phận phụ trợ cho xe ô tô", NameEN: "Parts and accessories for motor vehicles", Weight: 2_900_000_000_000},
	{Code: "3091", Parent: "CNHT", Level: LevelIndustry, NameVI: "Sản xuất mô tô, xe máy (phụ tùng)", NameEN: "Motorcycle parts", Weight: 1_800_000_000_000},
	{Code: "1329", Parent: "CNHT", Level: LevelIndustry, NameVI: "Sản xuất phụ liệu dệt may, da giày", NameEN: "Textile, garment and footwear accessories", Weight: 1_100_000_000_000},
	{Code: "P2220A", Parent: "2220", Level: LevelProduct, NameVI: "Linh kiện nhựa kỹ thuật", NameEN: "Engineering plastic components", Unit: "t", Weight: 3_600_000_000_000},
	{Code: "P2220B", Parent: "2220", Level: LevelProduct, NameVI: "Khuôn ép nhựa", NameEN: "Plastic injection moulds", Unit: "set", Weight: 1_900_000_000_000},
	{Code: "P2592A", Parent: "2592", Level: LevelProduct, NameVI: "Chi tiết dập kim loại", NameEN: "Metal stampings", Unit: "t", Weight: 4_100_000_000_000},
	{Code: "P2592B", Parent: "2592", Level: LevelProduct, NameVI: "Chi tiết gia công CNC chính xác", NameEN: "Precision CNC-machined parts", Unit: "kpcs", Weight: 3_300_000_000_000},
	{Code: "P2610A", Parent: "2610", Level: LevelProduct, NameVI: "Bảng mạch in đã lắp ráp (PCBA)", NameEN: "Printed circuit board assemblies (PCBA)", Unit: "kpcs", Weight: 6_800_000_000_000},
	{Code: "P2610B", Parent: "2610", Level: LevelProduct, NameVI: "Bộ dây dẫn điện", NameEN: "Wire harnesses", Unit: "kset", Weight: 2_500_000_000_000},
	{Code: "P2930A", Parent: "2930", Level: LevelProduct, NameVI: "Chi tiết đúc nhôm cho ô tô", NameEN: "Aluminium die-cast car parts", Unit: "t", Weight: 3_000_000_000_000},
	{Code: "P2930B", Parent: "2930", Level: LevelProduct, NameVI: "Bộ dây điện ô tô", NameEN: "Automotive wiring harnesses", Unit: "set", Weight: 2_200_000_000_000},
	{Code: "P3091A", Parent: "3091", Level: LevelProduct, NameVI: "Phụ tùng xe máy", NameEN: "Motorcycle spare parts", Unit: "kpcs", Weight: 2_700_000_000_000},
	{Code: "P1329A", Parent: "1329", Level: LevelProduct, NameVI: "Cúc, khóa kéo, phụ liệu may", NameEN: "Buttons, zips and garment trims", Unit: "mpcs", Weight: 900_000_000_000},
	{Code: "P1329B", Parent: "1329", Level: LevelProduct, NameVI: "Đế giày", NameEN: "Shoe soles", Unit: "kset", Weight: 800_000_000_000},
}

// DemoBasket returns a copy of the demo's index basket.
func DemoBasket() []IndexItem {
	out := make([]IndexItem, len(demoBasket))
	copy(out, demoBasket)
	for i := range out {
		out[i].BaseYear = DemoBaseYear
	}
	return out
}

// demoTarget is a target as PRODUCT.md states it; values in thousandths.
type demoTarget struct {
	ind       string
	year      int
	perYear   bool
	kind      Kind
	low, high int64
	approx    bool
	base      int64
	baseYear  int
	note      string
}

// demoPlan is a published plan as PRODUCT.md gives it.
type demoPlan struct {
	Plan
	targets []demoTarget
}

const k = 1000 // one unit in thousandths

// demoPlans are Hanoi's published plans and their targets (PRODUCT.md),
// exactly: "about" targets are approx, "above" ones floors.
var demoPlans = []demoPlan{
	{Plan: Plan{Programme: ProgrammeCNHT, DocNumber: "04/KH-UBND", Title: "Kế hoạch phát triển công nghiệp hỗ trợ thành phố Hà Nội năm 2020", YearFrom: 2020, YearTo: 2020, Status: StatusClosed},
		targets: []demoTarget{
			{ind: Enterprises, year: 2020, kind: Exact, low: 900 * k, approx: true},
			{ind: IntlEnterprises, year: 2020, kind: Exact, low: 400 * k, approx: true},
			{ind: OutputShare, year: 2020, kind: Exact, low: 18 * k, approx: true},
			{ind: ProductionGrowth, year: 2020, kind: Floor, low: 12 * k, note: "trên 12%/năm"},
		}},
	{Plan: Plan{Programme: ProgrammeCNHT, Title: "Kế hoạch phát triển công nghiệp hỗ trợ thành phố Hà Nội năm 2021", YearFrom: 2021, YearTo: 2021, Status: StatusClosed},
		targets: []demoTarget{
			{ind: Enterprises, year: 2021, kind: Exact, low: 900 * k, approx: true},
			{ind: IntlEnterprises, year: 2021, kind: Exact, low: 300 * k, approx: true},
			{ind: ProductionGrowth, year: 2021, kind: Floor, low: 11 * k, note: "trên 11%/năm"},
		}},
	{Plan: Plan{Programme: ProgrammeCNHT, DocNumber: "02/KH-UBND", Title: "Kế hoạch phát triển công nghiệp hỗ trợ thành phố Hà Nội năm 2023", YearFrom: 2023, YearTo: 2023, Status: StatusClosed},
		targets: []demoTarget{
			{ind: Enterprises, year: 2023, kind: Exact, low: 950 * k, approx: true, base: 930 * k, baseYear: 2022, note: "tăng khoảng 20 doanh nghiệp so với năm 2022"},
			{ind: IntlEnterprises, year: 2023, kind: Range, low: 300 * k, high: 350 * k, approx: true},
			{ind: OutputShare, year: 2023, kind: Range, low: 16 * k, high: 17 * k, approx: true},
			{ind: ProductionGrowth, year: 2023, kind: Floor, low: 11 * k, high: 12 * k, note: "tăng khoảng 1 điểm phần trăm so với năm 2022"},
		}},
	{Plan: Plan{Programme: ProgrammeCNHT, DocNumber: "301/KH-UBND", Title: "Kế hoạch phát triển công nghiệp hỗ trợ thành phố Hà Nội đến năm 2025", YearFrom: 2021, YearTo: 2025, Status: StatusClosed},
		targets: []demoTarget{
			{ind: Enterprises, year: 2025, kind: Floor, low: 1000 * k},
			{ind: IntlShare, year: 2025, kind: Exact, low: 40 * k, approx: true, note: "khoảng 40% số doanh nghiệp CNHT"},
			{ind: ProductionGrowth, year: 2025, perYear: true, kind: Exact, low: 12 * k, approx: true, note: "khoảng 12%/năm"},
		}},
	{Plan: Plan{Programme: ProgrammeKeyProducts, Title: "Đề án phát triển sản phẩm công nghiệp chủ lực thành phố Hà Nội giai đoạn 2021–2025", YearFrom: 2021, YearTo: 2025,
		Status: StatusClosed, Budget: 200_000_000_000, BudgetApprox: true, Notes: "Sở Công Thương chủ trì thực hiện."},
		targets: []demoTarget{
			{ind: KeyProducts, year: 2025, kind: Range, low: 150 * k, high: 180 * k, note: "sản phẩm được công nhận đến năm 2025"},
			{ind: KeyProductOutputShare, year: 2025, kind: Range, low: 40 * k, high: 50 * k, note: "giá trị sản xuất công nghiệp của doanh nghiệp có sản phẩm chủ lực"},
			{ind: KeyProductExportShare, year: 2025, kind: Range, low: 20 * k, high: 25 * k, note: "kim ngạch xuất khẩu của doanh nghiệp có sản phẩm chủ lực"},
			{ind: SupportInstances, year: 2025, perYear: true, kind: Range, low: 100 * k, high: 200 * k, note: "lượt hỗ trợ doanh nghiệp mỗi năm"},
		}},
}

// DemoFirstYear is the first year of the demo's statistics reports.
const DemoFirstYear = 2019

// demoStory is the shape of the demo's city figures per year from 2019:
// the supporting-industry share of manufacturing output (thousandths of a
// percent), of exports, and the city's official production index
// (thousandths).
var demoStory = []struct {
	share, exportShare, official int64
	keyProducts, support         int64
	budget                       int64
}{
	{15_100, 9_800, 108_200, 91, 64, 0},
	{15_600, 10_100, 104_900, 91, 71, 0},
	{15_900, 10_600, 106_200, 137, 118, 31_500_000_000},
	{16_200, 11_000, 108_900, 137, 142, 38_200_000_000},
	{16_600, 11_300, 104_600, 170, 165, 41_700_000_000},
	{16_900, 11_700, 107_500, 170, 158, 44_900_000_000},
	{17_200, 12_000, 108_100, 176, 171, 39_800_000_000},
}

// LoadDemo loads the demo's plans (PRODUCT.md), the index basket, yearly
// reporting periods from DemoFirstYear to last year with reports from the
// registry's enterprises, and city figures that make a plausible story
// around them. System or admin callers; does nothing when plans exist.
func LoadDemo(ctx context.Context, s *Service, seed int64) error {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM plans`).Scan(&n); err != nil {
		return apperr.Wrap(err, "count plans")
	}
	if n > 0 {
		return nil
	}
	for _, dp := range demoPlans {
		p, err := s.CreatePlan(ctx, dp.Plan)
		if err != nil {
			return fmt.Errorf("demo plan %s: %w", dp.Title, err)
		}
		for i, t := range dp.targets {
			_, err := s.SaveTarget(ctx, Target{PlanID: p.ID, Indicator: t.ind, Year: t.year, PerYear: t.perYear, Kind: t.kind, Low: t.low, High: t.high,
				Approx: t.approx, Baseline: t.base, BaselineYear: t.baseYear, Note: t.note, Position: i + 1})
			if err != nil {
				return fmt.Errorf("demo target %s: %w", t.ind, err)
			}
		}
	}
	return LoadDemoYears(ctx, s, seed, DemoFirstYear, s.Today().Year()-1)
}

// LoadDemoYears loads the demo's index basket (when there is none), then
// reports and city figures for the years from first to last: the demo
// itself, and larger data sets for measuring. System or admin callers.
func LoadDemoYears(ctx context.Context, s *Service, seed int64, first, last int) error {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM index_items`).Scan(&n); err != nil {
		return apperr.Wrap(err, "count basket")
	}
	if n == 0 {
		if err := s.db.WithTx(ctx, func(tx *db.Tx) error { return setBasket(ctx, tx, DemoBaseYear, DemoBasket()) }); err != nil {
			return err
		}
	}
	var years []int
	for y := first; y <= last; y++ {
		years = append(years, y)
	}
	if err := GenerateReports(ctx, s, years, seed); err != nil {
		return err
	}
	return s.demoFigures(ctx, years)
}

// GenerateReports opens a yearly period for each year (due 15 April of the
// next) and files a submitted report for about 92 % of the enterprises
// active at the year's end: output, revenue, exports and employees that
// grow about 12 % a year with noise, and quantities of two or three of the
// basket's products. The same seed gives the same reports. It writes in
// batches and rebuilds the totals at the end, with one audit entry per
// year: it is for demos and benchmarks (up to millions of reports).
func GenerateReports(ctx context.Context, s *Service, years []int, seed int64) error {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return err
	}
	basket, err := basketFor(ctx, s.db, years[0])
	if err != nil {
		return err
	}
	var products []IndexItem
	for _, it := range basket {
		if it.Level == LevelProduct {
			products = append(products, it)
		}
	}
	if len(products) == 0 {
		return apperr.New(apperr.Invalid, "plan.basket_empty")
	}
	now := db.Micros(s.now())
	for _, y := range years {
		ids, err := s.registry.ActiveIDsAsOf(ctx, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return err
		}
		err = s.db.WithTx(ctx, func(tx *db.Tx) error {
			var periodID int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM stat_periods WHERE year = $1 AND quarter = 0`, y).Scan(&periodID)
			if err != nil {
				err = tx.QueryRowContext(ctx, `INSERT INTO stat_periods (year, quarter, opens_on, due_on) VALUES ($1, 0, $2, $3) RETURNING id`,
					y, fmt.Sprintf("%d-01-01", y+1), fmt.Sprintf("%d-04-15", y+1)).Scan(&periodID)
				if err != nil {
					return apperr.Wrap(err, "demo period")
				}
			}
			const batch = 400
			for start := 0; start < len(ids); start += batch {
				end := min(len(ids), start+batch)
				var args []any
				type gen struct{ items []Item }
				gens := map[int64]gen{}
				rows := 0
				for _, id := range ids[start:end] {
					r := rand.New(rand.NewPCG(uint64(seed), uint64(id)))
					ry := rand.New(rand.NewPCG(uint64(seed)^uint64(y), uint64(id)))
					if ry.Float64() >= 0.92 {
						continue // did not report that year
					}
					// Each enterprise has a size and makes 2–3 products; its
					// volume grows about 12 % a year from 2019.
					scale := math.Exp(r.NormFloat64()*0.9) * 25e9
					growth := math.Pow(1.12, float64(y-DemoFirstYear)) * (1 + ry.NormFloat64()*0.06)
					if output := scale * growth; output > 1e15 {
						growth = 1e15 / scale // a generated outlier stays within a real firm's size
					}
					output := int64(scale * growth)
					revenue := int64(float64(output) * (1.05 + r.Float64()*0.2))
					export := int64(float64(revenue) * r.Float64() * 0.45)
					employees := int64(20 + scale/1e9*3*(1+ry.NormFloat64()*0.05))
					var items []Item
					first := r.IntN(len(products))
					for j := 0; j < 2+r.IntN(2); j++ {
						p := products[(first+j*5)%len(products)]
						base := math.Exp(r.NormFloat64()*0.7) * 800
						q := int64(base*growth*(1+ry.NormFloat64()*0.04)) + 1
						items = append(items, Item{ProductCode: p.Code, Unit: p.Unit, Quantity: q, BaseQuantity: q * unitFactors[p.Unit].factor})
					}
					gens[id] = gen{items}
					args = append(args, periodID, id, ReportSubmitted, output, revenue, export, max(employees, 1), now, now)
					rows++
				}
				if rows == 0 {
					continue
				}
				q := `INSERT INTO stat_reports (period_id, enterprise_id, status, output_value, revenue, export_turnover, employees, submitted_at, updated_at) VALUES ` +
					db.Values(tx.Dialect(), rows, 9) + ` RETURNING id, enterprise_id`
				res, err := tx.QueryRaw(ctx, q, args...)
				if err != nil {
					return apperr.Wrap(err, "demo reports")
				}
				var itemArgs []any
				nItems := 0
				for res.Next() {
					var rid, eid int64
					if err := res.Scan(&rid, &eid); err != nil {
						res.Close()
						return apperr.Wrap(err, "demo report id")
					}
					for _, it := range gens[eid].items {
						itemArgs = append(itemArgs, rid, it.ProductCode, it.Unit, it.Quantity, it.BaseQuantity)
						nItems++
					}
				}
				res.Close()
				if err := res.Err(); err != nil {
					return apperr.Wrap(err, "demo reports")
				}
				if _, err := tx.ExecRaw(ctx, `INSERT INTO stat_report_items (report_id, product_code, unit, quantity, base_quantity) VALUES `+db.Values(tx.Dialect(), nItems, 5), itemArgs...); err != nil {
					return apperr.Wrap(err, "demo report items")
				}
			}
			return audit.Record(ctx, tx, audit.Change{Entity: "stat_period", EntityID: periodID, Action: "generate", After: audit.Fields{"year": y, "seed": seed}})
		})
		if err != nil {
			return err
		}
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error { return rebuildTotals(ctx, tx) })
}

// demoFigures enters city figures around the generated reports so that
// the shares follow demoStory.
func (s *Service) demoFigures(ctx context.Context, years []int) error {
	c, err := s.newCalc(ctx, []string{Output}, years)
	if err != nil {
		return err
	}
	const src = "Cục Thống kê thành phố Hà Nội (số liệu minh họa)"
	const prog = "Sở Công Thương Hà Nội, báo cáo chương trình (số liệu minh họa)"
	roundBn := func(f float64) int64 { return int64(math.Round(f/1e9)) * 1_000_000_000 }
	for _, y := range years {
		i := min(max(y-DemoFirstYear, 0), len(demoStory)-1)
		st := demoStory[i]
		t := c.totals[y]
		if t.Reports == 0 {
			continue
		}
		manuf := roundBn(float64(t.Output) * 100_000 / float64(st.share))
		exports := roundBn(float64(t.Export) * 100_000 / float64(st.exportShare))
		industrial := roundBn(float64(manuf) / 0.88)
		when := time.Date(y+1, 1, 20, 0, 0, 0, 0, time.UTC)
		figs := []Figure{
			{Metric: MetricManufacturingOutput, Value: manuf, Source: src, Revision: Preliminary},
			{Metric: MetricIndustrialOutput, Value: industrial, Source: src, Revision: Preliminary},
			{Metric: MetricExports, Value: exports, Source: src, Revision: Preliminary},
			{Metric: MetricOfficialIndex, Value: st.official, Source: src, Revision: Preliminary},
			{Metric: MetricKeyProducts, Value: st.keyProducts, Source: prog},
			{Metric: MetricSupportInstances, Value: st.support, Source: prog},
		}
		if y >= 2021 {
			figs = append(figs,
				Figure{Metric: MetricKeyProductOutput, Value: roundBn(float64(industrial) * (0.41 + 0.012*float64(y-2021))), Source: prog},
				Figure{Metric: MetricKeyProductExport, Value: roundBn(float64(exports) * (0.205 + 0.008*float64(y-2021))), Source: prog},
				Figure{Metric: MetricBudgetUsed, Value: st.budget, Source: prog})
		}
		for _, f := range figs {
			f.Year, f.SourceDate = y, when
			if f.Revision == "" {
				f.Revision = Revised
			}
			if _, err := s.RecordFigure(ctx, f); err != nil {
				return fmt.Errorf("demo figure %s %d: %w", f.Metric, y, err)
			}
		}
		// The statistics office revises a year's figures in the next
		// year's yearbook: all but last year's are revised (slightly up).
		if y < years[len(years)-1] {
			for _, f := range figs[:3] {
				f.Year, f.SourceDate, f.Revision = y, time.Date(y+1, 9, 30, 0, 0, 0, 0, time.UTC), Revised
				f.Value = roundBn(float64(f.Value) * 1.004)
				if _, err := s.RecordFigure(ctx, f); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
