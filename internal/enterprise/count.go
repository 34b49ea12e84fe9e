package enterprise

import (
	"cmp"
	"context"
	"slices"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/vn"
)

// Count is how many active CNHT enterprises there were on a day, and how
// many of them met international standards. Shares are computed from the
// two (vn.FormatShare(International, Active, 1)), never stored.
type Count struct {
	Active        int64 `json:"active"`
	International int64 `json:"international"`
}

// SectorCount is the count of one key sector.
type SectorCount struct {
	Sector KeySector `json:"sector"`
	Count
}

// WardCount is the count of one ward (by its current, 2025 code).
type WardCount struct {
	WardCode string `json:"ward_code"`
	// WardName is the ward's full name; "" for enterprises without a ward.
	WardName string `json:"ward_name"`
	Count
}

// Counts answers "how many CNHT enterprises, and how many meeting
// international standards, were there on Date" in total and broken down.
// An enterprise in several key sectors counts in each, so BySector may add
// up to more than Total; ByWard adds up to Total.
type Counts struct {
	Date     time.Time     `json:"date"`
	Total    Count         `json:"total"`
	BySector []SectorCount `json:"by_sector"`
	ByWard   []WardCount   `json:"by_ward"`
}

// CountAsOf counts the enterprises that were in the registry and active on
// the day date (the zero time means today; a future day is refused): those
// with joined_on <= date whose status period covering date is active, and
// of them those holding, that day, a valid certificate of a standard
// marked international. The breakdowns are by key sector (every sector
// listed, zeros included) and by ward, the ward being the enterprise's
// current 2025 ward even for days before the 2025 reform (the registry
// keeps one address per enterprise). f narrows the count (see Filter).
// Everyone may call it: the numbers are aggregates, published in the
// city's reports.
func (s *Service) CountAsOf(ctx context.Context, date time.Time, f Filter) (Counts, error) {
	if err := checkFilter(&f); err != nil {
		return Counts{}, err
	}
	today := s.Today()
	date = civil(date)
	if date.IsZero() {
		date = today
	}
	if date.After(today) {
		var v apperr.Validation
		v.Add("date", "enterprise.date_future")
		return Counts{}, v.Err()
	}
	day := dateStr(date)
	var w where
	d := w.arg(day)
	w.add(`s.status = 'active' AND s.from_on <= ` + d + ` AND s.to_on > ` + d)
	f.International = false // counted, not filtered
	if err := unmerged(ctx, s.db, &w); err != nil {
		return Counts{}, err
	}
	filterSQL(f, day, &w)
	intl := `CASE WHEN e.id IN (SELECT c.enterprise_id FROM certifications c JOIN standards st ON st.id = c.standard_id
		WHERE st.international AND c.removed_at = 0 AND c.issued_on <= ` + d + ` AND c.expires_on > ` + d + `) THEN 1 ELSE 0 END`
	// One pass finds the enterprises counted and whether each met
	// international standards; both breakdowns are read from it (the
	// common table is materialised once, being used twice).
	rows, err := s.db.QueryContext(ctx, `WITH counted AS (
		SELECT e.id, e.ward_code, `+intl+` AS intl
		FROM enterprise_status s JOIN enterprises e ON e.id = s.enterprise_id`+w.sql()+`)
	SELECT 'ward', ward_code, COUNT(*), SUM(intl) FROM counted GROUP BY ward_code
	UNION ALL
	SELECT 'sector', es.sector, COUNT(*), SUM(counted.intl) FROM counted JOIN enterprise_sectors es ON es.enterprise_id = counted.id GROUP BY es.sector`, w.args...)
	if err != nil {
		return Counts{}, apperr.Wrap(err, "count")
	}
	defer rows.Close()
	out := Counts{Date: date}
	bySector := map[KeySector]Count{}
	for rows.Next() {
		var kind, key string
		var c Count
		if err := rows.Scan(&kind, &key, &c.Active, &c.International); err != nil {
			return Counts{}, apperr.Wrap(err, "scan count")
		}
		if kind == "sector" {
			bySector[KeySector(key)] = c
			continue
		}
		out.Total.Active += c.Active
		out.Total.International += c.International
		out.ByWard = append(out.ByWard, WardCount{WardCode: key, WardName: s.wardName(key), Count: c})
	}
	if err := rows.Err(); err != nil {
		return Counts{}, apperr.Wrap(err, "count")
	}
	slices.SortFunc(out.ByWard, func(a, b WardCount) int {
		if c := cmp.Compare(b.Active, a.Active); c != 0 {
			return c
		}
		return vn.Compare(a.WardName, b.WardName)
	})
	for _, c := range KeySectorChoices() {
		out.BySector = append(out.BySector, SectorCount{Sector: KeySector(c.Code), Count: bySector[KeySector(c.Code)]})
	}
	return out, nil
}

// TotalsAsOf counts as CountAsOf does, without the breakdowns, on each of
// days (in the same order): the yearly series dashboards draw. A day after
// today is refused.
func (s *Service) TotalsAsOf(ctx context.Context, days []time.Time, f Filter) ([]Count, error) {
	if err := checkFilter(&f); err != nil {
		return nil, err
	}
	today := s.Today()
	f.International = false
	out := make([]Count, len(days))
	for i, date := range days {
		date = civil(date)
		if date.After(today) {
			var v apperr.Validation
			v.Add("date", "enterprise.date_future")
			return nil, v.Err()
		}
		var w where
		d := w.arg(dateStr(date))
		w.add(`s.status = 'active' AND s.from_on <= ` + d + ` AND s.to_on > ` + d)
		if err := unmerged(ctx, s.db, &w); err != nil {
			return nil, err
		}
		filterSQL(f, dateStr(date), &w)
		err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN `+intlOn(d)+` THEN 1 ELSE 0 END), 0)
			FROM enterprise_status s JOIN enterprises e ON e.id = s.enterprise_id`+w.sql(), w.args...).Scan(&out[i].Active, &out[i].International)
		if err != nil {
			return nil, apperr.Wrap(err, "count")
		}
	}
	return out, nil
}

// Counted is one enterprise a count counted.
type Counted struct {
	ID            int64  `json:"id"`
	TaxCode       string `json:"tax_code"`
	Name          string `json:"name"`
	WardName      string `json:"ward_name"`
	International bool   `json:"international"`
}

// CountedAsOf lists the enterprises CountAsOf(date, f) counts, by name,
// limit of them from offset, with their number: what a count is traced
// to. Officers and admins (the list names enterprises that may have left
// the programme).
func (s *Service) CountedAsOf(ctx context.Context, date time.Time, f Filter, limit, offset int) ([]Counted, int, error) {
	if _, err := actor.Require(ctx, actor.Officer, actor.Admin); err != nil {
		return nil, 0, err
	}
	if err := checkFilter(&f); err != nil {
		return nil, 0, err
	}
	date = civil(date)
	if date.IsZero() || date.After(s.Today()) {
		date = s.Today()
	}
	var w where
	d := w.arg(dateStr(date))
	w.add(`s.status = 'active' AND s.from_on <= ` + d + ` AND s.to_on > ` + d)
	if err := unmerged(ctx, s.db, &w); err != nil {
		return nil, 0, err
	}
	filterSQL(f, dateStr(date), &w)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprise_status s JOIN enterprises e ON e.id = s.enterprise_id`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count")
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.tax_code, e.name, e.ward_code, CASE WHEN `+intlOn(d)+` THEN 1 ELSE 0 END
		FROM enterprise_status s JOIN enterprises e ON e.id = s.enterprise_id`+w.sql()+` ORDER BY e.name_key, e.id LIMIT `+itoa(limit)+` OFFSET `+itoa(max(offset, 0)), w.args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "list counted")
	}
	defer rows.Close()
	var out []Counted
	for rows.Next() {
		var c Counted
		var ward string
		var intl int
		if err := rows.Scan(&c.ID, &c.TaxCode, &c.Name, &ward, &intl); err != nil {
			return nil, 0, apperr.Wrap(err, "scan counted")
		}
		c.WardName, c.International = s.wardName(ward), intl == 1
		out = append(out, c)
	}
	return out, total, apperr.Wrap(rows.Err(), "list counted")
}

// ActiveIDsAsOf returns the ids of the enterprises CountAsOf counts on
// date, in id order: who was expected to report for a year. Officers and
// admins.
func (s *Service) ActiveIDsAsOf(ctx context.Context, date time.Time) ([]int64, error) {
	if _, err := actor.Require(ctx, actor.Officer, actor.Admin); err != nil {
		return nil, err
	}
	var w where
	d := w.arg(dateStr(civil(date)))
	w.add(`s.status = 'active' AND s.from_on <= ` + d + ` AND s.to_on > ` + d)
	if err := unmerged(ctx, s.db, &w); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id FROM enterprise_status s JOIN enterprises e ON e.id = s.enterprise_id`+w.sql()+` ORDER BY e.id`, w.args...)
	if err != nil {
		return nil, apperr.Wrap(err, "active enterprises")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "scan id")
		}
		out = append(out, id)
	}
	return out, apperr.Wrap(rows.Err(), "active enterprises")
}

// FirstJoinedOn is the day the first enterprise joined the registry (the
// zero time for an empty registry): counts of days before it are not
// zero enterprises but no data. Everyone.
func (s *Service) FirstJoinedOn(ctx context.Context) (time.Time, error) {
	var d string
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MIN(joined_on), '') FROM enterprises`).Scan(&d); err != nil {
		return time.Time{}, apperr.Wrap(err, "first joined")
	}
	if d == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", d)
	return t, apperr.Wrap(err, "first joined")
}
