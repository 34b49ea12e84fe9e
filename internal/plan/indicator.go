package plan

// Unit is what an indicator counts or measures.
type Unit string

// The units of indicators and targets.
const (
	UnitEnterprises Unit = "enterprises"
	UnitPercent     Unit = "percent"
	UnitDong        Unit = "dong"
	UnitIndex       Unit = "index" // an index, previous year = 100
	UnitProducts    Unit = "products"
	UnitInstances   Unit = "instances"
)

// Places is how many decimals values of the unit are shown with.
func (u Unit) Places() int {
	switch u {
	case UnitPercent, UnitIndex:
		return 1
	}
	return 0
}

// Source is where an indicator's inputs come from.
type Source string

// The sources of indicators.
const (
	// SourceRegistry: the enterprise registry, as of the year's last day
	// (today for the current year).
	SourceRegistry Source = "registry"
	// SourceReports: the enterprises' submitted yearly statistics reports.
	SourceReports Source = "reports"
	// SourceFigures: figures officers enter, with their source: the
	// statistics office's city totals and the programme's records.
	SourceFigures Source = "figures"
	// SourceMixed: a share of report totals in a city total.
	SourceMixed Source = "mixed"
)

// Indicator codes.
const (
	Enterprises           = "enterprises"
	IntlEnterprises       = "intl_enterprises"
	IntlShare             = "intl_share"
	Output                = "cnht_output"
	OutputShare           = "cnht_output_share"
	Export                = "cnht_export"
	ExportShare           = "cnht_export_share"
	ProductionIndex       = "production_index"
	ProductionGrowth      = "production_growth"
	KeyProducts           = "key_products"
	KeyProductOutputShare = "key_product_output_share"
	KeyProductExportShare = "key_product_export_share"
	SupportInstances      = "support_instances"
	BudgetUsed            = "budget_used"
)

// Metrics officers enter (city_figures.metric).
const (
	MetricManufacturingOutput = "manufacturing_output" // đồng, the statistics office
	MetricIndustrialOutput    = "industrial_output"    // đồng, the statistics office
	MetricExports             = "exports"              // đồng, the statistics office
	MetricOfficialIndex       = "official_index"       // thousandths of index points, the statistics office's IIP
	MetricKeyProducts         = "key_products"         // products recognised so far, the scheme's records
	MetricKeyProductOutput    = "key_product_output"   // đồng, output of the key products' makers
	MetricKeyProductExport    = "key_product_export"   // đồng, their export turnover
	MetricSupportInstances    = "support_instances"    // the programme's records
	MetricBudgetUsed          = "budget_used"          // đồng, the programme's records
)

// Metric is a figure officers enter, with its unit.
type Metric struct {
	Code string `json:"code"`
	Unit Unit   `json:"unit"`
	// Statistics is true for the statistics office's figures (which have
	// preliminary and revised values), false for the programme's records.
	Statistics bool `json:"statistics"`
	// Milli is true when values are thousandths of the unit.
	Milli bool `json:"milli"`
}

// Metrics lists the figures officers enter.
var Metrics = []Metric{
	{Code: MetricManufacturingOutput, Unit: UnitDong, Statistics: true},
	{Code: MetricIndustrialOutput, Unit: UnitDong, Statistics: true},
	{Code: MetricExports, Unit: UnitDong, Statistics: true},
	{Code: MetricOfficialIndex, Unit: UnitIndex, Statistics: true, Milli: true},
	{Code: MetricKeyProducts, Unit: UnitProducts},
	{Code: MetricKeyProductOutput, Unit: UnitDong},
	{Code: MetricKeyProductExport, Unit: UnitDong},
	{Code: MetricSupportInstances, Unit: UnitInstances},
	{Code: MetricBudgetUsed, Unit: UnitDong},
}

// MetricByCode finds a metric.
func MetricByCode(code string) (Metric, bool) {
	for _, m := range Metrics {
		if m.Code == code {
			return m, true
		}
	}
	return Metric{}, false
}

// Dimension is a way to break an indicator down.
type Dimension string

// The drill-down dimensions.
const (
	BySector    Dimension = "sector"
	ByWard      Dimension = "ward"
	BySize      Dimension = "size"
	ByOwnership Dimension = "ownership"
)

// Dimensions lists the drill-down dimensions in the order pages show them.
var Dimensions = []Dimension{BySector, BySize, ByOwnership, ByWard}

// Indicator is the definition of an indicator: how it is computed and from
// what. Its name and explanation are messages "indicator.<code>" and
// "indicator.<code>.how".
type Indicator struct {
	Code   string `json:"code"`
	Unit   Unit   `json:"unit"`
	Source Source `json:"source"`
	// Inputs names what the value is computed from: other indicators or
	// metrics (codes).
	Inputs []string `json:"inputs,omitempty"`
	// Public indicators are shown on the public dashboard.
	Public bool `json:"public"`
	// Drill is true when the indicator breaks down by Dimensions and
	// traces to the records behind it.
	Drill bool `json:"drill"`
	// HigherIsBetter says which way a target is met: a floor, a range's
	// low end or an exact value are met from below.
	HigherIsBetter bool `json:"higher_is_better"`
}

// Indicators lists every indicator, in the order dashboards show them.
var Indicators = []Indicator{
	{Code: Enterprises, Unit: UnitEnterprises, Source: SourceRegistry, Public: true, Drill: true, HigherIsBetter: true},
	{Code: IntlEnterprises, Unit: UnitEnterprises, Source: SourceRegistry, Public: true, Drill: true, HigherIsBetter: true},
	{Code: IntlShare, Unit: UnitPercent, Source: SourceRegistry, Inputs: []string{IntlEnterprises, Enterprises}, Public: true, Drill: true, HigherIsBetter: true},
	{Code: Output, Unit: UnitDong, Source: SourceReports, Public: true, Drill: true, HigherIsBetter: true},
	{Code: OutputShare, Unit: UnitPercent, Source: SourceMixed, Inputs: []string{Output, MetricManufacturingOutput}, Public: true, HigherIsBetter: true},
	{Code: Export, Unit: UnitDong, Source: SourceReports, Public: true, Drill: true, HigherIsBetter: true},
	{Code: ExportShare, Unit: UnitPercent, Source: SourceMixed, Inputs: []string{Export, MetricExports}, Public: true, HigherIsBetter: true},
	{Code: ProductionIndex, Unit: UnitIndex, Source: SourceReports, Public: true, HigherIsBetter: true},
	{Code: ProductionGrowth, Unit: UnitPercent, Source: SourceReports, Inputs: []string{ProductionIndex}, Public: true, HigherIsBetter: true},
	{Code: KeyProducts, Unit: UnitProducts, Source: SourceFigures, Inputs: []string{MetricKeyProducts}, Public: true, HigherIsBetter: true},
	{Code: KeyProductOutputShare, Unit: UnitPercent, Source: SourceFigures, Inputs: []string{MetricKeyProductOutput, MetricIndustrialOutput}, Public: true, HigherIsBetter: true},
	{Code: KeyProductExportShare, Unit: UnitPercent, Source: SourceFigures, Inputs: []string{MetricKeyProductExport, MetricExports}, Public: true, HigherIsBetter: true},
	{Code: SupportInstances, Unit: UnitInstances, Source: SourceFigures, Inputs: []string{MetricSupportInstances}, Public: true, HigherIsBetter: true},
	{Code: BudgetUsed, Unit: UnitDong, Source: SourceFigures, Inputs: []string{MetricBudgetUsed}, Public: false, HigherIsBetter: false},
}

// IndicatorByCode finds an indicator's definition.
func IndicatorByCode(code string) (Indicator, bool) {
	for _, in := range Indicators {
		if in.Code == code {
			return in, true
		}
	}
	return Indicator{}, false
}
