package plan

import (
	"context"
	"slices"
	"strconv"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/enterprise"
)

// DrillRow is one group of a drill-down.
type DrillRow struct {
	// Key is the group's code: a key sector, a 2025 ward code, a size
	// class (enterprise.SizeUnknownFilter when not known) or an
	// ownership; "" for enterprises the dimension does not know.
	Key string `json:"key"`
	// WardName names a ward group.
	WardName string `json:"ward_name,omitempty"`
	Value    Value  `json:"-"`
	// Num and Den are a share's numerator and denominator.
	Num Value `json:"-"`
	Den Value `json:"-"`
	// Suppressed is true when the group's sum is withheld from the
	// public: it holds fewer than MinPublicReports reports, so it would
	// tell one enterprise's figures.
	Suppressed bool `json:"suppressed"`
	// Count is how many enterprises (registry indicators) or submitted
	// reports (report indicators) the group holds.
	Count int64 `json:"count"`
	// Traceable is true when Trace can list the group's records.
	Traceable bool `json:"traceable"`
}

// Drill is an indicator's value for a year broken down by a dimension.
type Drill struct {
	Indicator Indicator `json:"indicator"`
	Year      int       `json:"year"`
	Dim       Dimension `json:"dim"`
	// AsOf is the day registry counts were taken.
	AsOf  time.Time  `json:"as_of,omitzero"`
	Total Value      `json:"-"`
	Rows  []DrillRow `json:"rows"`
	// Overlapping is true when an enterprise may sit in several groups
	// (key sectors), so that the groups add up to more than the total;
	// Overlap is by how much, when known (report sums).
	Overlapping bool  `json:"overlapping"`
	Overlap     Value `json:"-"`
}

// validDim reports whether d is a drill-down dimension.
func validDim(d Dimension) bool { return slices.Contains(Dimensions, d) }

// Drill breaks an indicator with Drill set down by a dimension for a year:
// registry indicators count the enterprises of each group as of the
// year's end (today for the current year), report indicators sum the
// year's submitted reports by the group of the enterprise that filed
// them. Groups are by the enterprise's current sector, ward, size class
// and ownership (the registry keeps one of each). Everyone, for public
// indicators.
func (s *Service) Drill(ctx context.Context, code string, year int, dim Dimension) (Drill, error) {
	if err := s.mayRead(ctx, []string{code}); err != nil {
		return Drill{}, err
	}
	in, _ := IndicatorByCode(code)
	if err := checkDrill(in, year, dim, s.Today()); err != nil {
		return Drill{}, err
	}
	out := Drill{Indicator: in, Year: year, Dim: dim, Overlapping: dim == BySector}
	if in.Source == SourceRegistry {
		return s.drillRegistry(ctx, out)
	}
	return s.drillReports(ctx, out)
}

func checkDrill(in Indicator, year int, dim Dimension, today time.Time) error {
	var v apperr.Validation
	if !in.Drill {
		return apperr.New(apperr.NotFound, "plan.no_drill")
	}
	if year < 1990 || year > today.Year() {
		v.Add("year", "field.range", "min", "1990", "max", strconv.Itoa(today.Year())) // years are not numbers to group
	}
	if !validDim(dim) {
		v.Add("by", "field.choose")
	}
	return v.Err()
}

// countDay is the day registry counts of year are taken, false when the
// registry did not exist yet.
func (s *Service) countDay(ctx context.Context, year int) (time.Time, bool, error) {
	first, err := s.registry.FirstJoinedOn(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	d := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	if today := s.Today(); d.After(today) {
		d = today
	}
	return d, !first.IsZero() && !d.Before(first), nil
}

func (s *Service) drillRegistry(ctx context.Context, out Drill) (Drill, error) {
	day, ok, err := s.countDay(ctx, out.Year)
	if err != nil || !ok {
		return out, err
	}
	out.AsOf = day
	pick := func(c enterprise.Count) (Value, Value, Value) {
		num, den := Int(c.International), Int(c.Active)
		switch out.Indicator.Code {
		case Enterprises:
			return den, NoData, NoData
		case IntlEnterprises:
			return num, NoData, NoData
		}
		return Share(num, den), num, den
	}
	add := func(key, ward string, c enterprise.Count, traceable bool) {
		v, num, den := pick(c)
		out.Rows = append(out.Rows, DrillRow{Key: key, WardName: ward, Value: v, Num: num, Den: den, Count: c.Active, Traceable: traceable})
	}
	switch out.Dim {
	case BySector, ByWard:
		counts, err := s.registry.CountAsOf(ctx, day, enterprise.Filter{})
		if err != nil {
			return out, err
		}
		out.Total, _, _ = pick(counts.Total)
		if out.Dim == BySector {
			for _, c := range counts.BySector {
				add(string(c.Sector), "", c.Count, true)
			}
		} else {
			for _, c := range counts.ByWard {
				add(c.WardCode, c.WardName, c.Count, c.WardCode != "")
			}
		}
	case BySize, ByOwnership:
		var filters []enterprise.Filter
		var keys []string
		if out.Dim == BySize {
			for _, c := range enterprise.SizeChoices() {
				filters = append(filters, enterprise.Filter{Size: c.Code})
				keys = append(keys, c.Code)
			}
		} else {
			for _, c := range enterprise.OwnershipChoices() {
				filters = append(filters, enterprise.Filter{Ownership: enterprise.Ownership(c.Code)})
				keys = append(keys, c.Code)
			}
		}
		total, err := s.registry.TotalsAsOf(ctx, []time.Time{day}, enterprise.Filter{})
		if err != nil {
			return out, err
		}
		out.Total, _, _ = pick(total[0])
		rest := total[0]
		for i, f := range filters {
			c, err := s.registry.TotalsAsOf(ctx, []time.Time{day}, f)
			if err != nil {
				return out, err
			}
			rest.Active -= c[0].Active
			rest.International -= c[0].International
			if c[0].Active > 0 {
				add(keys[i], "", c[0], true)
			}
		}
		if out.Dim == ByOwnership && rest.Active > 0 {
			// Ownership not known: the registry's filter has no value for
			// it, so the group is the remainder and cannot be traced.
			add("", "", rest, false)
		}
	}
	return out, nil
}

// reportColumn is the report column a report indicator sums.
func reportColumn(code string) string {
	if code == Export {
		return "r.export_turnover"
	}
	return "r.output_value"
}

// reportsFrom is the submitted reports of a year's yearly period, with
// their enterprises ($1 the year).
const reportsFrom = ` FROM stat_reports r JOIN stat_periods p ON p.id = r.period_id AND p.year = $1 AND p.quarter = 0
	JOIN enterprises e ON e.id = r.enterprise_id WHERE r.status = 'submitted'`

// groupSQL is the SQL of a dimension's group key over enterprises e, and
// the join it needs.
func groupSQL(dim Dimension) (join, key string) {
	switch dim {
	case BySector:
		return ` LEFT JOIN enterprise_sectors es ON es.enterprise_id = e.id`, `COALESCE(es.sector, '')`
	case ByWard:
		return "", `e.ward_code`
	case BySize:
		return "", `CASE WHEN e.size_class = '' THEN '` + enterprise.SizeUnknownFilter + `' ELSE e.size_class END`
	}
	return "", `e.ownership`
}

func (s *Service) drillReports(ctx context.Context, out Drill) (Drill, error) {
	col := reportColumn(out.Indicator.Code)
	var n, sum int64
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(`+col+`), 0)`+reportsFrom, out.Year).Scan(&n, &sum); err != nil {
		return out, apperr.Wrap(err, "drill total")
	}
	if n == 0 {
		return out, nil // nobody reported: no data
	}
	out.Total = Int(sum)
	join, key := groupSQL(out.Dim)
	from := ` FROM stat_reports r JOIN stat_periods p ON p.id = r.period_id AND p.year = $1 AND p.quarter = 0
		JOIN enterprises e ON e.id = r.enterprise_id` + join + ` WHERE r.status = 'submitted'`
	rows, err := s.db.QueryContext(ctx, `SELECT `+key+`, COUNT(*), COALESCE(SUM(`+col+`), 0)`+from+` GROUP BY `+key+` ORDER BY 3 DESC, 1`, out.Year)
	if err != nil {
		return out, apperr.Wrap(err, "drill")
	}
	defer rows.Close()
	wards := map[string]string{}
	if out.Dim == ByWard {
		for _, w := range s.registry.Wards() {
			wards[w.Code] = w.FullName
		}
	}
	var groups int64
	for rows.Next() {
		var r DrillRow
		var v int64
		if err := rows.Scan(&r.Key, &r.Count, &v); err != nil {
			return out, apperr.Wrap(err, "scan drill")
		}
		r.Value, r.WardName, r.Traceable = Int(v), wards[r.Key], true
		groups += v
		out.Rows = append(out.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return out, apperr.Wrap(err, "drill")
	}
	if out.Dim == BySector {
		out.Overlap = Int(groups - sum)
	}
	if !isManagerCtx(ctx) && suppressSmall(out.Rows) && out.Overlap.Known() {
		out.Overlap = NoData // it would give a withheld group away
	}
	return out, nil
}

// MinPublicReports is the fewest reports a group's sum is published
// from: a smaller one would tell a single enterprise's figures.
const MinPublicReports = 3

// suppressSmall withholds the sums of groups of fewer than
// MinPublicReports reports and, when only one is withheld, the next
// smallest too (the total less the others would give it away). It
// reports whether it withheld any.
func suppressSmall(rows []DrillRow) bool {
	n := 0
	for i := range rows {
		if rows[i].Count < MinPublicReports {
			rows[i].Value, rows[i].Suppressed, rows[i].Traceable = NoData, true, false
			n++
		}
	}
	if n != 1 {
		return n > 0
	}
	smallest := -1
	for i := range rows {
		if !rows[i].Suppressed && (smallest < 0 || rows[i].Count < rows[smallest].Count) {
			smallest = i
		}
	}
	if smallest >= 0 {
		rows[smallest].Value, rows[smallest].Suppressed, rows[smallest].Traceable = NoData, true, false
	}
	return true
}

// TraceRow is one record behind an indicator's value: an enterprise a
// count counted, or a submitted report a sum added.
type TraceRow struct {
	EnterpriseID int64  `json:"enterprise_id"`
	TaxCode      string `json:"tax_code"`
	Name         string `json:"name"`
	WardName     string `json:"ward_name,omitempty"`
	// International: the enterprise met international standards that day
	// (registry indicators).
	International bool `json:"international"`
	// Value is the report's amount in đồng (report indicators).
	Value       int64     `json:"value"`
	OnBehalf    bool      `json:"on_behalf"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
}

// Trace is a page of the records behind a drill-down group (or behind the
// whole value when Dim is "").
type Trace struct {
	Indicator Indicator `json:"indicator"`
	Year      int       `json:"year"`
	Dim       Dimension `json:"dim"`
	Key       string    `json:"key"`
	AsOf      time.Time `json:"as_of,omitzero"`
	// Reports is true when the rows are reports (report indicators), false
	// when they are enterprises counted.
	Reports bool       `json:"reports"`
	Rows    []TraceRow `json:"rows"`
	Total   int        `json:"total"`
	Limit   int        `json:"limit"`
	Offset  int        `json:"offset"`
}

// Trace lists the records behind an indicator's value for a year, or
// behind one group of its drill-down (dim and key; dim "" for the whole):
// for registry counts the enterprises counted, by name; for report sums
// the submitted reports, largest first. Officers and admins: the records
// name enterprises.
func (s *Service) Trace(ctx context.Context, code string, year int, dim Dimension, key string, limit, offset int) (Trace, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return Trace{}, err
	}
	in, ok := IndicatorByCode(code)
	if !ok {
		return Trace{}, apperr.New(apperr.NotFound, "plan.indicator_not_found")
	}
	if dim != "" {
		if err := checkDrill(in, year, dim, s.Today()); err != nil {
			return Trace{}, err
		}
	} else if err := checkDrill(in, year, BySector, s.Today()); err != nil {
		return Trace{}, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	offset = max(offset, 0)
	out := Trace{Indicator: in, Year: year, Dim: dim, Key: key, Limit: limit, Offset: offset, Reports: in.Source != SourceRegistry}
	if in.Source == SourceRegistry {
		return s.traceRegistry(ctx, out)
	}
	return s.traceReports(ctx, out)
}

func (s *Service) traceRegistry(ctx context.Context, out Trace) (Trace, error) {
	day, ok, err := s.countDay(ctx, out.Year)
	if err != nil || !ok {
		return out, err
	}
	out.AsOf = day
	f := enterprise.Filter{International: out.Indicator.Code == IntlEnterprises}
	var v apperr.Validation
	switch out.Dim {
	case BySector:
		f.KeySector = enterprise.KeySector(out.Key)
	case ByWard:
		f.WardCode = out.Key
	case BySize:
		f.Size = out.Key
	case ByOwnership:
		f.Ownership = enterprise.Ownership(out.Key)
	}
	if out.Dim != "" && out.Key == "" {
		v.Add("key", "plan.trace_unknown_group")
		return out, v.Err()
	}
	rows, total, err := s.registry.CountedAsOf(ctx, day, f, out.Limit, out.Offset)
	if err != nil {
		return out, err
	}
	out.Total = total
	for _, c := range rows {
		out.Rows = append(out.Rows, TraceRow{EnterpriseID: c.ID, TaxCode: c.TaxCode, Name: c.Name, WardName: c.WardName, International: c.International})
	}
	return out, nil
}

func (s *Service) traceReports(ctx context.Context, out Trace) (Trace, error) {
	col := reportColumn(out.Indicator.Code)
	from := reportsFrom
	args := []any{out.Year}
	if out.Dim != "" {
		join, key := groupSQL(out.Dim)
		from = ` FROM stat_reports r JOIN stat_periods p ON p.id = r.period_id AND p.year = $1 AND p.quarter = 0
		JOIN enterprises e ON e.id = r.enterprise_id` + join + ` WHERE r.status = 'submitted' AND ` + key + ` = $2`
		args = append(args, out.Key)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&out.Total); err != nil {
		return out, apperr.Wrap(err, "trace count")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.tax_code, e.name, e.ward_code, `+col+`, r.on_behalf, r.submitted_at`+from+
		` ORDER BY `+col+` DESC, e.name_key, e.id LIMIT `+itoa(out.Limit)+` OFFSET `+itoa(out.Offset), args...)
	if err != nil {
		return out, apperr.Wrap(err, "trace")
	}
	defer rows.Close()
	wards := map[string]string{}
	for _, w := range s.registry.Wards() {
		wards[w.Code] = w.FullName
	}
	for rows.Next() {
		var t TraceRow
		var ward string
		var at int64
		if err := rows.Scan(&t.EnterpriseID, &t.TaxCode, &t.Name, &ward, &t.Value, &t.OnBehalf, &at); err != nil {
			return out, apperr.Wrap(err, "scan trace")
		}
		t.WardName = wards[ward]
		if at != 0 {
			t.SubmittedAt = db.FromMicros(at)
		}
		out.Rows = append(out.Rows, t)
	}
	return out, apperr.Wrap(rows.Err(), "trace")
}
