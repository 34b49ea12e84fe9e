package plan

import (
	"time"
)

// Programme is what a plan belongs to.
type Programme string

// The programmes.
const (
	ProgrammeCNHT        Programme = "cnht"         // supporting industry
	ProgrammeKeyProducts Programme = "key_products" // key industrial products
	ProgrammeOther       Programme = "other"
)

// Programmes lists the programmes in the order forms show them.
var Programmes = []Programme{ProgrammeCNHT, ProgrammeKeyProducts, ProgrammeOther}

// Status is where a plan is in its life.
type Status string

// The plan statuses. Drafts are seen by officers only.
const (
	StatusDraft   Status = "draft"
	StatusInForce Status = "in_force"
	StatusClosed  Status = "closed"
)

// Statuses lists the statuses in the order forms show them.
var Statuses = []Status{StatusDraft, StatusInForce, StatusClosed}

// Plan is a plan or scheme with its legal reference and period.
type Plan struct {
	ID        int64     `json:"id"`
	Programme Programme `json:"programme"`
	// DocNumber is the legal document's number, e.g. "02/KH-UBND".
	DocNumber string `json:"doc_number"`
	// DocDate is the document's date (zero when not known).
	DocDate  time.Time `json:"doc_date"`
	Title    string    `json:"title"`
	YearFrom int       `json:"year_from"`
	YearTo   int       `json:"year_to"`
	Status   Status    `json:"status"`
	// Budget is the plan's budget in đồng, 0 when it states none;
	// BudgetApprox marks a budget stated as "about".
	Budget       int64     `json:"budget"`
	BudgetApprox bool      `json:"budget_approx"`
	Notes        string    `json:"notes"`
	HasFile      bool      `json:"has_file"`
	FileName     string    `json:"file_name,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Targets      []Target  `json:"targets"`
}

// Kind is how a target is stated.
type Kind string

// The target kinds.
const (
	// Exact: a value ("about 900 enterprises"). For an indicator where
	// higher is better it is met at that value or above.
	Exact Kind = "exact"
	// Range: "about 300–350", met from the low end up (both ends
	// included).
	Range Kind = "range"
	// Floor: "above 12%", met at the floor or above. A floor stated as a
	// range ("above 11–12%") keeps the upper figure in High for display.
	Floor Kind = "floor"
	// Ceiling: "at most ...", met at the ceiling or below.
	Ceiling Kind = "ceiling"
)

// Kinds lists the kinds in the order forms show them.
var Kinds = []Kind{Exact, Range, Floor, Ceiling}

// Target is one target of a plan on an indicator.
type Target struct {
	ID        int64  `json:"id"`
	PlanID    int64  `json:"plan_id"`
	Indicator string `json:"indicator"`
	// Year is the year the target is for (usually the period's last);
	// PerYear targets apply to every year of the plan's period ("above 12%
	// a year").
	Year    int  `json:"year"`
	PerYear bool `json:"per_year"`
	Kind    Kind `json:"kind"`
	// Low and High are the bounds in thousandths of the indicator's unit:
	// Exact and Floor use Low, Ceiling uses High, Range both.
	Low  int64 `json:"low_milli"`
	High int64 `json:"high_milli"`
	// Approx marks a target stated as "about".
	Approx bool `json:"approx"`
	// Baseline is the value the plan starts from, in thousandths, for
	// BaselineYear (0: none stated).
	Baseline     int64  `json:"baseline_milli"`
	BaselineYear int    `json:"baseline_year"`
	Note         string `json:"note"`
	Position     int    `json:"position"`
}

// Met reports whether v meets the target. v must be known.
func (t Target) Met(v Value) bool {
	switch t.Kind {
	case Ceiling:
		return v.CmpMilli(t.High) <= 0
	case Range:
		if !t.higherIsBetter() {
			return v.CmpMilli(t.Low) >= 0 && v.CmpMilli(t.High) <= 0
		}
		return v.CmpMilli(t.Low) >= 0
	case Exact:
		if !t.higherIsBetter() {
			return v.CmpMilli(t.Low) == 0
		}
		return v.CmpMilli(t.Low) >= 0
	default: // Floor
		return v.CmpMilli(t.Low) >= 0
	}
}

func (t Target) higherIsBetter() bool {
	in, ok := IndicatorByCode(t.Indicator)
	return !ok || in.HigherIsBetter
}

// Years returns the years the target is evaluated in, within the plan's
// period.
func (t Target) Years(p Plan) []int {
	if !t.PerYear {
		return []int{t.Year}
	}
	var ys []int
	for y := p.YearFrom; y <= p.YearTo; y++ {
		ys = append(ys, y)
	}
	return ys
}
