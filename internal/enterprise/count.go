package enterprise

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
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
// days (in the same order): the yearly series dashboards draw. The zero
// time is today; a day after today is refused.
//
// It reads the active status periods and the international certificates
// overlapping the days once, and counts every day from them in memory:
// one pass over the registry instead of one per day (at 100,000
// enterprises a day costs a full scan). A filter on a standard or on
// meeting international standards, which depends on the day, is counted
// day by day.
//
// Counts of past days change only when the registry does, and every
// change to it is audited: a result is kept until the audit trail moves
// on (one small read per call), so a dashboard seen again between changes
// does not count the registry again.
func (s *Service) TotalsAsOf(ctx context.Context, days []time.Time, f Filter) ([]Count, error) {
	if err := checkFilter(&f); err != nil {
		return nil, err
	}
	f.International = false
	if len(days) == 0 {
		return []Count{}, nil
	}
	var seq int64
	if err := s.db.QueryRowContext(ctx, `SELECT seq FROM audit_head WHERE id = 1`).Scan(&seq); err != nil {
		return nil, apperr.Wrap(err, "audit head")
	}
	if f == (Filter{}) {
		if c, ok, err := s.tallied(ctx, days, seq); ok || err != nil {
			return c, err
		}
	}
	key := totalsKey(days, f, s.Today())
	if c, ok := s.totals.get(key, seq); ok {
		return c, nil
	}
	out, err := s.totalsAsOf(ctx, days, f)
	if err == nil {
		s.totals.put(key, seq, out)
	}
	return slices.Clone(out), err
}

// totalsCache keeps TotalsAsOf's results with the audit sequence number
// they were computed at.
type totalsCache struct {
	mu sync.Mutex
	m  map[string]totalsEntry
}

type totalsEntry struct {
	seq    int64
	counts []Count
}

// totalsCacheMax bounds the cache: the dashboards of a few plans, each
// with its breakdowns.
const totalsCacheMax = 256

func (c *totalsCache) get(key string, seq int64) ([]Count, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.seq != seq {
		return nil, false
	}
	return slices.Clone(e.counts), true
}

func (c *totalsCache) put(key string, seq int64, counts []Count) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= totalsCacheMax {
		c.m = map[string]totalsEntry{}
	}
	c.m[key] = totalsEntry{seq: seq, counts: slices.Clone(counts)}
}

// totalsKey names a TotalsAsOf question (today is in it: "today" counts
// and certificates' validity move with the calendar).
func totalsKey(days []time.Time, f Filter, today time.Time) string {
	var b strings.Builder
	b.WriteString(dateStr(today))
	for _, d := range days {
		b.WriteByte(',')
		b.WriteString(dateStr(civil(d)))
	}
	verified := "-"
	if f.Verified != nil {
		verified = strconv.FormatBool(*f.Verified)
	}
	fmt.Fprintf(&b, "|%s|%s|%s|%s|%s|%d|%d|%d|%s|%s|%s", f.KeySector, f.Industry, f.WardCode, f.Size, f.Ownership, f.ProductID, f.ProcessID, f.StandardID, verified, f.Status, f.Text)
	return b.String()
}

func (s *Service) totalsAsOf(ctx context.Context, days []time.Time, f Filter) ([]Count, error) {
	keys, err := s.dayKeys(days)
	if err != nil {
		return nil, err
	}
	out := make([]Count, len(keys))
	if f.StandardID != 0 {
		for i := range keys {
			if out[i], err = s.totalOn(ctx, keys[i], f); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	for start := 0; start < len(keys); start += maxTallyDays {
		chunk := keys[start:min(len(keys), start+maxTallyDays)]
		masks, err := s.dayMasks(ctx, chunk, nil, f)
		if err != nil {
			return nil, err
		}
		for _, m := range masks {
			addMask(out[start:start+len(chunk)], m, 1)
		}
	}
	return out, nil
}

// dayKeys checks days (the zero time is today; none may be after it) and
// writes them as the database does.
func (s *Service) dayKeys(days []time.Time) ([]string, error) {
	today := s.Today()
	keys := make([]string, len(days))
	for i, d := range days {
		d = civil(d)
		if d.IsZero() {
			d = today
		}
		if d.After(today) {
			var v apperr.Validation
			v.Add("date", "enterprise.date_future")
			return nil, v.Err()
		}
		keys[i] = dateStr(d)
	}
	return keys, nil
}

// totalOn is TotalsAsOf for one day, in SQL.
func (s *Service) totalOn(ctx context.Context, day string, f Filter) (Count, error) {
	var w where
	d := w.arg(day)
	w.add(`s.status = 'active' AND s.from_on <= ` + d + ` AND s.to_on > ` + d)
	if err := unmerged(ctx, s.db, &w); err != nil {
		return Count{}, err
	}
	filterSQL(f, day, &w)
	var c Count
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN `+intlOn(d)+` THEN 1 ELSE 0 END), 0)
		FROM enterprise_status s JOIN enterprises e ON e.id = s.enterprise_id`+w.sql(), w.args...).Scan(&c.Active, &c.International)
	return c, apperr.Wrap(err, "count")
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
	// The first active period begins when its enterprise joined; the
	// status index answers without reading the registry.
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MIN(from_on), '') FROM enterprise_status WHERE status = 'active'`).Scan(&d); err != nil {
		return time.Time{}, apperr.Wrap(err, "first joined")
	}
	if d == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", d)
	return t, apperr.Wrap(err, "first joined")
}

// dayTally is the unfiltered TotalsAsOf of one list of days, kept with
// what each enterprise adds to it, so that after a change only the
// enterprises changed since (their updated_at moves with every change to
// their status, joining day, certificates or merging) are read again.
type dayTally struct {
	key    string
	std    string // the standards' version: marking one international changes every count
	seq    int64  // the audit sequence the tally is true at
	mark   int64  // the latest enterprises.updated_at read
	masks  map[int64]uint64
	totals []Count
}

// tallyLag is how far before the latest change a tally reads again.
const tallyLag = 15 * time.Minute

// maxTallyDays is how many days a tally follows (two bits each in a mask).
const maxTallyDays = 32

// maxTallyDelta is how many changed enterprises a tally reads again
// before it counts everything afresh instead.
const maxTallyDelta = 2000

// tallied answers an unfiltered TotalsAsOf from the kept tally, bringing
// it up to date; ok is false when a day asked is not one it follows.
func (s *Service) tallied(ctx context.Context, days []time.Time, seq int64) ([]Count, bool, error) {
	s.tallyMu.Lock()
	defer s.tallyMu.Unlock()
	asked, err := s.dayKeys(days)
	if err != nil {
		return nil, false, err
	}
	// One tally follows the days dashboards ask for: the last day of each
	// year since the registry began (thirty at most) and today. Other days
	// are counted by the caller.
	first, err := s.FirstJoinedOn(ctx)
	if err != nil {
		return nil, false, err
	}
	today := s.Today()
	var keys []string
	if !first.IsZero() {
		for y := max(first.Year(), today.Year()-(maxTallyDays-1)); y < today.Year(); y++ {
			keys = append(keys, fmt.Sprintf("%04d-12-31", y))
		}
	}
	keys = append(keys, dateStr(today))
	at := map[string]int{}
	for i, k := range keys {
		at[k] = i
	}
	for _, d := range asked {
		if _, ok := at[d]; !ok {
			if first.IsZero() || d >= dateStr(first) {
				return nil, false, nil
			}
			at[d] = -1 // before the registry began: nothing to count
		}
	}
	if first.IsZero() {
		return make([]Count, len(asked)), true, nil
	}
	pick := func(totals []Count) []Count {
		out := make([]Count, len(asked))
		for i, d := range asked {
			if j := at[d]; j >= 0 {
				out[i] = totals[j]
			}
		}
		return out
	}
	key := strings.Join(keys, ",")
	var std string
	var stdAt, stdN int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(updated_at), 0), COUNT(*) FROM standards WHERE international`).Scan(&stdAt, &stdN); err != nil {
		return nil, false, apperr.Wrap(err, "standards version")
	}
	std = strconv.FormatInt(stdAt, 10) + "/" + strconv.FormatInt(stdN, 10)
	t := s.tally
	if t != nil && t.key != key {
		t = nil // a new year or a new day: the list of days moved
	}
	if t != nil && t.std == std && t.seq == seq {
		return pick(t.totals), true, nil
	}
	var mark int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(updated_at), 0) FROM enterprises`).Scan(&mark); err != nil {
		return nil, false, apperr.Wrap(err, "registry mark")
	}
	var ids []int64
	full := t == nil || t.std != std
	if !full {
		// Changed since the tally, and for tallyLag before it: updated_at
		// is the writer's clock at write time, not the order of commits,
		// so a change committed late or by an instance whose clock is
		// behind may carry an earlier time than one already read.
		rows, err := s.db.QueryContext(ctx, `SELECT id FROM enterprises WHERE updated_at >= $1 LIMIT `+strconv.Itoa(maxTallyDelta+1), t.mark-tallyLag.Microseconds())
		if err != nil {
			return nil, false, apperr.Wrap(err, "changed enterprises")
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, false, apperr.Wrap(err, "scan id")
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, apperr.Wrap(err, "changed enterprises")
		}
		full = len(ids) > maxTallyDelta
	}
	if full {
		masks, err := s.dayMasks(ctx, keys, nil, Filter{})
		if err != nil {
			return nil, false, err
		}
		t = &dayTally{key: key, std: std, masks: masks, totals: make([]Count, len(keys))}
		for _, m := range masks {
			addMask(t.totals, m, 1)
		}
	} else if len(ids) > 0 {
		masks, err := s.dayMasks(ctx, keys, ids, Filter{})
		if err != nil {
			return nil, false, err
		}
		for _, id := range ids {
			addMask(t.totals, t.masks[id], -1)
			if m := masks[id]; m != 0 {
				t.masks[id] = m
				addMask(t.totals, m, 1)
			} else {
				delete(t.masks, id)
			}
		}
	}
	t.seq, t.mark = seq, mark
	s.tally = t
	return pick(t.totals), true, nil
}

func addMask(totals []Count, m uint64, sign int64) {
	for i := range totals {
		if m&(1<<(2*i)) != 0 {
			totals[i].Active += sign
		}
		if m&(1<<(2*i+1)) != 0 {
			totals[i].International += sign
		}
	}
}

// dayMasks says, for every enterprise f keeps (or those of ids), on which
// of days (at most maxTallyDays) it counted (bit 2i) and met
// international standards (bit 2i+1); merged enterprises count nowhere.
// f must not filter on a standard (that depends on the day).
func (s *Service) dayMasks(ctx context.Context, keys []string, ids []int64, f Filter) (map[int64]uint64, error) {
	first, last := slices.Min(keys), slices.Max(keys)
	restrict, args := "", []any{last, first}
	if ids != nil {
		restrict = ` AND s.enterprise_id IN (` + db.Placeholders(3, len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	type span struct{ from, to string }
	certs := map[int64][]span{}
	rows, err := s.db.QueryContext(ctx, `SELECT enterprise_id, issued_on, expires_on FROM certifications c
		WHERE removed_at = 0 AND issued_on <= $1 AND expires_on > $2 AND standard_id IN (SELECT id FROM standards WHERE international)`+
		strings.ReplaceAll(restrict, "s.enterprise_id", "c.enterprise_id"), args...)
	if err != nil {
		return nil, apperr.Wrap(err, "count certificates")
	}
	for rows.Next() {
		var id int64
		var sp span
		if err := rows.Scan(&id, &sp.from, &sp.to); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan certificate")
		}
		certs[id] = append(certs[id], sp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "count certificates")
	}
	merged := map[int64]bool{}
	rows, err = s.db.QueryContext(ctx, `SELECT id FROM enterprises WHERE merged_into <> 0`)
	if err != nil {
		return nil, apperr.Wrap(err, "merged")
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan merged")
		}
		merged[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "merged")
	}
	from, cond := ` FROM enterprise_status s`, ` WHERE s.status = 'active' AND s.from_on <= $1 AND s.to_on > $2`+restrict
	if f != (Filter{}) {
		var w where
		w.args = args
		filterSQL(f, last, &w)
		if len(w.conds) > 0 {
			from = ` FROM enterprise_status s JOIN enterprises e ON e.id = s.enterprise_id`
			cond += ` AND ` + strings.Join(w.conds, ` AND `)
			args = w.args
		}
	}
	rows, err = s.db.QueryContext(ctx, `SELECT s.enterprise_id, s.from_on, s.to_on`+from+cond, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "count")
	}
	defer rows.Close()
	out := map[int64]uint64{}
	for rows.Next() {
		var id int64
		var p span
		if err := rows.Scan(&id, &p.from, &p.to); err != nil {
			return nil, apperr.Wrap(err, "scan status")
		}
		if merged[id] {
			continue
		}
		m := out[id]
		for i, d := range keys {
			if p.from > d || p.to <= d {
				continue
			}
			m |= 1 << (2 * i)
			for _, c := range certs[id] {
				if c.from <= d && c.to > d {
					m |= 1 << (2*i + 1)
					break
				}
			}
		}
		if m != 0 {
			out[id] = m
		}
	}
	return out, apperr.Wrap(rows.Err(), "count")
}
