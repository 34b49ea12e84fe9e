package enterprise

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// Duplicates and merges. A pair of profiles that may be one enterprise
// (an imported row resembling a registered one, or two registered ones
// found alike by ScanDuplicates) waits in a queue for an officer to say
// "the same" or "different"; the decision is kept, so a pair judged
// different is not asked about again. Two profiles found the same are
// merged: the survivor keeps every certificate, document, claim, list
// entry and history entry of both, fills its empty fields from the other,
// and the other is kept, marked merged, out of every listing and count.
// A merge is audited on both profiles and can be undone.

// PairSide is one profile of a duplicate pair, as an officer compares it.
type PairSide struct {
	ID       int64  `json:"id"`
	TaxCode  string `json:"tax_code"`
	Name     string `json:"name"`
	Street   string `json:"street"`
	WardCode string `json:"ward_code"`
	WardName string `json:"ward_name"`
	Phone    string `json:"phone"`
	Status   Status `json:"status"`
}

// PairStatus is where a duplicate pair is.
type PairStatus string

// The states of a duplicate pair.
const (
	PairPending   PairStatus = "pending"   // waiting for a person
	PairSame      PairStatus = "same"      // one enterprise (and merged, or to be)
	PairDifferent PairStatus = "different" // two enterprises: not asked again
)

// DuplicatePair is two profiles that may be one enterprise.
type DuplicatePair struct {
	A, B PairSide
	// Score is MatchScore's, in thousandths (0–1000).
	Score     int        `json:"score"`
	Source    string     `json:"source"` // "import" or "scan"
	Status    PairStatus `json:"status"`
	DecidedAt time.Time  `json:"decided_at"`
	CreatedAt time.Time  `json:"created_at"`
}

// Merge is one profile merged into another.
type Merge struct {
	ID         int64     `json:"id"`
	SurvivorID int64     `json:"survivor_id"`
	MergedID   int64     `json:"merged_id"`
	MergedName string    `json:"merged_name"`
	MergedTax  string    `json:"merged_tax_code"`
	MergedAt   time.Time `json:"merged_at"`
	UndoneAt   time.Time `json:"undone_at"`
}

// moved is what a merge moved, kept so that it can be undone.
type moved struct {
	Certifications []int64 `json:"certifications"`
	Documents      []int64 `json:"documents"`
	Claims         []int64 `json:"claims"`
	OrgID          int64   `json:"org_id"`
	// Before is the survivor's profile before the merge, and Version the
	// survivor's version right after it: undoing restores Before only if
	// nobody has changed the survivor since.
	Before  Profile `json:"before"`
	Version int64   `json:"version"`
}

func mergedAway() error { return apperr.New(apperr.Conflict, "enterprise.merged") }

func scoreOf(f float64) int { return int(f*1000 + 0.5) }

// queuePair puts a pair in the queue unless it is there already (decided
// or not).
func (s *Service) queuePair(ctx context.Context, q db.Querier, a, b int64, score int, source string) (bool, error) {
	if a > b {
		a, b = b, a
	}
	res, err := q.ExecContext(ctx, `INSERT INTO duplicate_pairs (a_id, b_id, score, source, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (a_id, b_id) DO NOTHING`, a, b, score, source, db.Micros(s.now()))
	if err != nil {
		return false, apperr.Wrap(err, "queue duplicate")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// ScanDuplicates compares every profile of the registry with the others
// (by MatchScore, among those sharing a rare name word) and queues the
// pairs that may be one enterprise, skipping pairs already queued or
// decided. It returns how many pairs it queued. progress, if not nil, is
// told how many profiles are done of how many. Officers and admins only.
func (s *Service) ScanDuplicates(ctx context.Context, progress func(done, total int)) (int, error) {
	if _, err := requireManager(ctx); err != nil {
		return 0, err
	}
	ix, err := loadMatchIndex(ctx, s.db)
	if err != nil {
		return 0, err
	}
	queued := 0
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		for i, it := range ix.items {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil && i%1000 == 0 {
				progress(i, len(ix.items))
			}
			m, ok := ix.best(it.cand)
			if !ok {
				continue
			}
			added, err := s.queuePair(ctx, tx, it.id, m.ID, scoreOf(m.Score), "scan")
			if err != nil {
				return err
			}
			if added {
				queued++
			}
		}
		return nil
	})
	if progress != nil && err == nil {
		progress(len(ix.items), len(ix.items))
	}
	return queued, err
}

// Pairs lists duplicate pairs of a status, highest score first, with the
// total. Pending pairs whose profiles were merged since are left out.
// Officers and admins only.
func (s *Service) Pairs(ctx context.Context, status PairStatus, limit, offset int) ([]DuplicatePair, int, error) {
	if _, err := requireManager(ctx); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	const from = ` FROM duplicate_pairs p JOIN enterprises a ON a.id = p.a_id JOIN enterprises b ON b.id = p.b_id
		WHERE p.status = $1 AND (p.status <> 'pending' OR a.merged_into = 0 AND b.merged_into = 0)`
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+from, string(status)).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count duplicates")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.score, p.source, p.status, p.decided_at, p.created_at,
		a.id, a.tax_code, a.name, a.street, a.ward_code, a.phone, a.status, b.id, b.tax_code, b.name, b.street, b.ward_code, b.phone, b.status`+from+`
		ORDER BY p.score DESC, p.a_id, p.b_id LIMIT `+itoa(limit)+` OFFSET `+itoa(max(offset, 0)), string(status))
	if err != nil {
		return nil, 0, apperr.Wrap(err, "list duplicates")
	}
	defer rows.Close()
	var out []DuplicatePair
	for rows.Next() {
		var p DuplicatePair
		var st, ast, bst string
		var decided, created int64
		if err := rows.Scan(&p.Score, &p.Source, &st, &decided, &created,
			&p.A.ID, &p.A.TaxCode, &p.A.Name, &p.A.Street, &p.A.WardCode, &p.A.Phone, &ast,
			&p.B.ID, &p.B.TaxCode, &p.B.Name, &p.B.Street, &p.B.WardCode, &p.B.Phone, &bst); err != nil {
			return nil, 0, apperr.Wrap(err, "scan duplicate")
		}
		p.Status, p.A.Status, p.B.Status = PairStatus(st), Status(ast), Status(bst)
		p.A.WardName, p.B.WardName = s.wardName(p.A.WardCode), s.wardName(p.B.WardCode)
		if decided != 0 {
			p.DecidedAt = db.FromMicros(decided)
		}
		p.CreatedAt = db.FromMicros(created)
		out = append(out, p)
	}
	return out, total, apperr.Wrap(rows.Err(), "list duplicates")
}

// DecidePair records an officer's decision on a pair: the same enterprise
// or two different ones. A pair not in the queue is queued with the
// decision (an officer may compare any two profiles). Deciding "same"
// does not merge; Merge does. Officers and admins only.
func (s *Service) DecidePair(ctx context.Context, a, b int64, status PairStatus) error {
	act, err := requireManager(ctx)
	if err != nil {
		return err
	}
	if status != PairSame && status != PairDifferent {
		var v apperr.Validation
		v.Add("decision", "field.choose")
		return v.Err()
	}
	if a == b {
		return apperr.New(apperr.Invalid, "enterprise.merge_self")
	}
	if a > b {
		a, b = b, a
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		ra, err := loadRecord(ctx, tx, a)
		if err != nil {
			return err
		}
		rb, err := loadRecord(ctx, tx, b)
		if err != nil {
			return err
		}
		m := MatchScore(MatchCandidate{TaxCode: ra.TaxCode, Name: ra.Name, WardCode: ra.WardCode, Phone: ra.Phone},
			MatchCandidate{TaxCode: rb.TaxCode, Name: rb.Name, WardCode: rb.WardCode, Phone: rb.Phone})
		if _, err := s.queuePair(ctx, tx, a, b, scoreOf(m.Score), "scan"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE duplicate_pairs SET status = $1, decided_by = $2, decided_at = $3 WHERE a_id = $4 AND b_id = $5`,
			string(status), act.UserID, db.Micros(s.now()), a, b); err != nil {
			return apperr.Wrap(err, "decide duplicate")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: a, Action: "duplicate_decision",
			After: audit.Fields{"other_id": b, "other_tax_code": rb.TaxCode, "decision": string(status)}})
	})
}

// MergeEnterprises merges the profile merged into survivor: see the
// comment at the top of this file. Both must be profiles not merged
// already; two profiles each held by an organisation are not merged (an
// administrator moves one first). Officers and admins only.
func (s *Service) MergeEnterprises(ctx context.Context, survivorID, mergedID int64) (Merge, error) {
	act, err := requireManager(ctx)
	if err != nil {
		return Merge{}, err
	}
	if survivorID == mergedID {
		return Merge{}, apperr.New(apperr.Invalid, "enterprise.merge_self")
	}
	var out Merge
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		sv, err := loadRecord(ctx, tx, survivorID)
		if err != nil {
			return err
		}
		mg, err := loadRecord(ctx, tx, mergedID)
		if err != nil {
			return err
		}
		if sv.MergedInto != 0 || mg.MergedInto != 0 {
			return mergedAway()
		}
		if sv.OrgID != 0 && mg.OrgID != 0 {
			return apperr.New(apperr.Conflict, "enterprise.merge_both_held")
		}
		mv := moved{Before: sv.Profile}
		// Certificates, documents and claims move to the survivor; a
		// pending claim by an organisation with one pending on the
		// survivor too stays (the unique index allows one).
		if mv.Certifications, err = queryIDs(ctx, tx, `SELECT id FROM certifications WHERE enterprise_id = $1`, mergedID); err != nil {
			return err
		}
		if mv.Documents, err = queryIDs(ctx, tx, `SELECT id FROM documents WHERE enterprise_id = $1`, mergedID); err != nil {
			return err
		}
		if mv.Claims, err = queryIDs(ctx, tx, `SELECT c.id FROM enterprise_claims c WHERE c.enterprise_id = $1 AND NOT (c.status = 'pending' AND EXISTS (
			SELECT 1 FROM enterprise_claims o WHERE o.enterprise_id = $2 AND o.org_id = c.org_id AND o.status = 'pending'))`, mergedID, survivorID); err != nil {
			return err
		}
		if err := moveRows(ctx, tx, mv, mergedID, survivorID); err != nil {
			return err
		}
		if mg.OrgID != 0 {
			mv.OrgID = mg.OrgID
			if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET org_id = NULL WHERE id = $1`, mergedID); err != nil {
				return apperr.Wrap(err, "move organisation")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET org_id = $1 WHERE id = $2`, mg.OrgID, survivorID); err != nil {
				return apperr.Wrap(err, "move organisation")
			}
			sv.OrgID = mg.OrgID
		}
		next := fillFrom(sv.Profile, mg.Profile)
		if err := s.updateEnterprise(ctx, tx, sv, next, true); err != nil {
			return err
		}
		mv.Version = sv.Version + 1
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET merged_into = $1, version = version + 1, updated_at = $2 WHERE id = $3`,
			survivorID, db.Micros(now), mergedID); err != nil {
			return apperr.Wrap(err, "mark merged")
		}
		b, _ := json.Marshal(mv)
		if err := tx.QueryRowContext(ctx, `INSERT INTO enterprise_merges (survivor_id, merged_id, moved, merged_by, merged_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			survivorID, mergedID, string(b), act.UserID, db.Micros(now)).Scan(&out.ID); err != nil {
			return apperr.Wrap(err, "record merge")
		}
		if _, err := s.queuePair(ctx, tx, survivorID, mergedID, 1000, "scan"); err != nil {
			return err
		}
		lo, hi := min(survivorID, mergedID), max(survivorID, mergedID)
		if _, err := tx.ExecContext(ctx, `UPDATE duplicate_pairs SET status = 'same', decided_by = $1, decided_at = $2 WHERE a_id = $3 AND b_id = $4`,
			act.UserID, db.Micros(now), lo, hi); err != nil {
			return apperr.Wrap(err, "decide duplicate")
		}
		out = Merge{ID: out.ID, SurvivorID: survivorID, MergedID: mergedID, MergedName: mg.Name, MergedTax: mg.TaxCode, MergedAt: now}
		counts := audit.Fields{"merge_id": out.ID, "certifications": len(mv.Certifications), "documents": len(mv.Documents), "claims": len(mv.Claims)}
		return audit.RecordMany(ctx, tx, []audit.Change{
			{Entity: "enterprise", EntityID: survivorID, Action: "merge", After: with(counts, "merged_id", mergedID, "merged_tax_code", mg.TaxCode, "merged_name", mg.Name)},
			{Entity: "enterprise", EntityID: mergedID, Action: "merged_into", After: with(counts, "survivor_id", survivorID, "survivor_tax_code", sv.TaxCode, "survivor_name", sv.Name)},
		})
	})
	return out, err
}

// with returns a copy of f with more key–value pairs.
func with(f audit.Fields, kv ...any) audit.Fields {
	out := audit.Fields{}
	for k, v := range f {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// moveRows moves the rows a merge moves from one enterprise to another:
// to the survivor on merging, back on undoing (only those still on the
// survivor; one removed or moved on since stays where it is).
func moveRows(ctx context.Context, tx *db.Tx, mv moved, from, to int64) error {
	for _, t := range []struct {
		table string
		ids   []int64
	}{{"certifications", mv.Certifications}, {"documents", mv.Documents}, {"enterprise_claims", mv.Claims}} {
		for _, id := range t.ids {
			if _, err := tx.ExecContext(ctx, `UPDATE `+t.table+` SET enterprise_id = $1 WHERE id = $2 AND enterprise_id = $3`, to, id, from); err != nil {
				return apperr.Wrap(err, "move "+t.table)
			}
		}
	}
	return nil
}

// fillFrom returns p with the fields it leaves empty taken from other, and
// the lists of both (sectors, industries, products, processes, customers,
// export markets) combined.
func fillFrom(p, other Profile) Profile {
	next := p
	for _, set := range importFields {
		var probe Profile
		if !set(&probe, p) {
			set(&next, other)
		}
	}
	if next.Equipment == "" {
		next.Equipment = other.Equipment
	}
	next.KeySectors = union(p.KeySectors, other.KeySectors)
	next.Industries = union(p.Industries, other.Industries)
	next.ProductIDs = union(p.ProductIDs, other.ProductIDs)
	next.ProcessIDs = union(p.ProcessIDs, other.ProcessIDs)
	next.ExportMarkets = union(p.ExportMarkets, other.ExportMarkets)
	next.Customers = slices.Clone(p.Customers)
	for _, c := range other.Customers {
		if !slices.ContainsFunc(next.Customers, func(x Customer) bool { return vn.Fold(x.Name) == vn.Fold(c.Name) }) {
			next.Customers = append(next.Customers, c)
		}
	}
	next.Version = 0
	return next
}

func union[T comparable](a, b []T) []T {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// UndoMerge undoes a merge: what moved goes back, the merged profile is
// listed again, and the survivor gets its profile from before the merge
// back — unless someone changed it since, in which case it keeps what it
// has (said in the audit entry). Officers and admins only.
func (s *Service) UndoMerge(ctx context.Context, mergeID int64) error {
	act, err := requireManager(ctx)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		var survivorID, mergedID, undone int64
		var raw string
		err := tx.QueryRowContext(ctx, `SELECT survivor_id, merged_id, moved, undone_at FROM enterprise_merges WHERE id = $1`, mergeID).Scan(&survivorID, &mergedID, &raw, &undone)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "enterprise.merge_not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "load merge")
		}
		if undone != 0 {
			return apperr.New(apperr.Conflict, "enterprise.merge_undone")
		}
		var mv moved
		if err := json.Unmarshal([]byte(raw), &mv); err != nil {
			return apperr.Wrap(err, "read merge")
		}
		sv, err := loadRecord(ctx, tx, survivorID)
		if err != nil {
			return err
		}
		if err := moveRows(ctx, tx, mv, survivorID, mergedID); err != nil {
			return err
		}
		if mv.OrgID != 0 && sv.OrgID == mv.OrgID {
			if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET org_id = NULL WHERE id = $1`, survivorID); err != nil {
				return apperr.Wrap(err, "move organisation back")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET org_id = $1 WHERE id = $2`, mv.OrgID, mergedID); err != nil {
				return apperr.Wrap(err, "move organisation back")
			}
			sv.OrgID = 0
		}
		restored := sv.Version == mv.Version
		if restored {
			if err := s.updateEnterprise(ctx, tx, sv, mv.Before, true); err != nil {
				return err
			}
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET merged_into = 0, version = version + 1, updated_at = $1 WHERE id = $2`, db.Micros(now), mergedID); err != nil {
			return apperr.Wrap(err, "unmark merged")
		}
		// The survivor lost certificates and documents even when its
		// profile was not restored: whoever follows changes by updated_at
		// (the search, the dashboards' counts) must read it again.
		if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET updated_at = $1 WHERE id = $2`, db.Micros(now), survivorID); err != nil {
			return apperr.Wrap(err, "touch survivor")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enterprise_merges SET undone_by = $1, undone_at = $2 WHERE id = $3`, act.UserID, db.Micros(now), mergeID); err != nil {
			return apperr.Wrap(err, "record undo")
		}
		return audit.RecordMany(ctx, tx, []audit.Change{
			{Entity: "enterprise", EntityID: survivorID, Action: "unmerge", After: audit.Fields{"merge_id": mergeID, "merged_id": mergedID, "profile_restored": restored}},
			{Entity: "enterprise", EntityID: mergedID, Action: "unmerged", After: audit.Fields{"merge_id": mergeID, "survivor_id": survivorID}},
		})
	})
}

// Merges lists the merges into an enterprise (undone ones too), newest
// first. Officers and admins only.
func (s *Service) Merges(ctx context.Context, survivorID int64) ([]Merge, error) {
	if _, err := requireManager(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, m.survivor_id, m.merged_id, e.name, e.tax_code, m.merged_at, m.undone_at
		FROM enterprise_merges m JOIN enterprises e ON e.id = m.merged_id WHERE m.survivor_id = $1 ORDER BY m.id DESC`, survivorID)
	if err != nil {
		return nil, apperr.Wrap(err, "list merges")
	}
	defer rows.Close()
	var out []Merge
	for rows.Next() {
		var m Merge
		var at, undone int64
		if err := rows.Scan(&m.ID, &m.SurvivorID, &m.MergedID, &m.MergedName, &m.MergedTax, &at, &undone); err != nil {
			return nil, apperr.Wrap(err, "scan merge")
		}
		m.MergedAt = db.FromMicros(at)
		if undone != 0 {
			m.UndoneAt = db.FromMicros(undone)
		}
		out = append(out, m)
	}
	return out, apperr.Wrap(rows.Err(), "list merges")
}

// mergedIDs returns the profiles merged (and not unmerged) into id, whose
// history is the survivor's too.
func mergedIDs(ctx context.Context, q db.Querier, id int64) ([]int64, error) {
	return queryIDs(ctx, q, `SELECT id FROM enterprises WHERE merged_into = $1 ORDER BY id`, id)
}

// queryIDs runs a query returning ids.
func queryIDs(ctx context.Context, q db.Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "query ids")
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
	return out, apperr.Wrap(rows.Err(), "query ids")
}
