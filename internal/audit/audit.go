// Package audit keeps the tamper-evident audit trail. Every change to
// domain data writes an Entry in the same transaction as the change: who,
// when, from where, which entity, and the fields before and after. Entries
// are numbered without gaps and hash-chained (each hash covers the previous
// one), so editing, deleting or truncating old entries is detected by
// Verify. A one-row head table serialises writers on both databases. A
// load of many new rows at once (an import, a bulk load) writes one entry
// naming the ids it created; Covering finds it for each of them.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
)

// Fields is a snapshot of an entity's fields, by name.
type Fields map[string]any

// Entry is one audited change.
type Entry struct {
	Seq         int64
	At          time.Time
	ActorUserID int64
	ActorLabel  string
	IP          string
	Entity      string
	EntityID    int64
	Action      string
	Before      Fields
	After       Fields
	PrevHash    string
	Hash        string
}

// Change describes what to record.
type Change struct {
	Entity   string
	EntityID int64
	Action   string // create, update, delete, or a domain verb (verify, approve ...)
	Before   Fields
	After    Fields
}

// Record appends the change to the trail inside tx, attributed to the actor
// in ctx. For an update only the fields that changed are kept. It must run
// in the same transaction as the change itself.
func Record(ctx context.Context, tx *db.Tx, c Change) error {
	before, after := c.Before, c.After
	if before != nil && after != nil {
		before, after = Diff(before, after)
		if len(before) == 0 && len(after) == 0 {
			return nil
		}
	}
	a := actor.From(ctx)
	var seq int64
	var prev string
	// Taking the head row locks it until commit: appends are serial.
	if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&seq, &prev); err != nil {
		return apperr.Wrap(err, "audit head")
	}
	e := Entry{
		Seq: seq, At: time.Now().UTC().Truncate(time.Microsecond), ActorUserID: a.UserID, ActorLabel: a.Label(), IP: a.IP,
		Entity: c.Entity, EntityID: c.EntityID, Action: c.Action, Before: before, After: after, PrevHash: prev,
	}
	bj, aj, err := e.jsonFields()
	if err != nil {
		return apperr.Wrap(err, "audit fields")
	}
	e.Hash = e.computeHash(bj, aj)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor_user_id, actor_label, ip, entity, entity_id, action, before_json, after_json, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.Seq, db.Micros(e.At), e.ActorUserID, e.ActorLabel, e.IP, e.Entity, e.EntityID, e.Action, bj, aj, e.PrevHash, e.Hash); err != nil {
		return apperr.Wrap(err, "audit insert")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return apperr.Wrap(err, "audit head")
	}
	return nil
}

// RecordMany appends several changes in one go, as Record would one by
// one — the same entries, chained in order — but with one lock of the
// head and multi-row inserts, for imports of many thousand rows.
func RecordMany(ctx context.Context, tx *db.Tx, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	a := actor.From(ctx)
	var seq int64
	var prev string
	if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash`, int64(len(changes))).Scan(&seq, &prev); err != nil {
		return apperr.Wrap(err, "audit head")
	}
	seq -= int64(len(changes)) // the first of the block is seq+1
	at := time.Now().UTC().Truncate(time.Microsecond)
	const cols = 12
	perStmt := 150 // rows; 12 parameters each
	if tx.Dialect() == db.Postgres {
		perStmt = 2000
	}
	vals := make([]any, 0, perStmt*cols)
	flush := func() error {
		if len(vals) == 0 {
			return nil
		}
		q := `INSERT INTO audit_log (seq, at, actor_user_id, actor_label, ip, entity, entity_id, action, before_json, after_json, prev_hash, hash) VALUES ` +
			db.Values(tx.Dialect(), len(vals)/cols, cols)
		if _, err := tx.ExecRaw(ctx, q, vals...); err != nil {
			return apperr.Wrap(err, "audit insert")
		}
		vals = vals[:0]
		return nil
	}
	for _, c := range changes {
		before, after := c.Before, c.After
		if before != nil && after != nil {
			before, after = Diff(before, after)
		}
		seq++
		e := Entry{Seq: seq, At: at, ActorUserID: a.UserID, ActorLabel: a.Label(), IP: a.IP,
			Entity: c.Entity, EntityID: c.EntityID, Action: c.Action, Before: before, After: after, PrevHash: prev}
		bj, aj, err := e.jsonFields()
		if err != nil {
			return apperr.Wrap(err, "audit fields")
		}
		e.Hash = e.computeHash(bj, aj)
		prev = e.Hash
		vals = append(vals, e.Seq, db.Micros(e.At), e.ActorUserID, e.ActorLabel, e.IP, e.Entity, e.EntityID, e.Action, bj, aj, e.PrevHash, e.Hash)
		if len(vals) == perStmt*cols {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, prev); err != nil {
		return apperr.Wrap(err, "audit head")
	}
	return nil
}

// Diff keeps only the fields whose values differ.
func Diff(before, after Fields) (Fields, Fields) {
	b, a := Fields{}, Fields{}
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	for k := range keys {
		bv, bok := before[k]
		av, aok := after[k]
		if bok && aok && equal(bv, av) {
			continue
		}
		if bok {
			b[k] = bv
		}
		if aok {
			a[k] = av
		}
	}
	return b, a
}

func equal(x, y any) bool {
	// Compare through JSON so that int and int64, nil slices and empty
	// slices, compare as they will be stored.
	xj, _ := json.Marshal(x)
	yj, _ := json.Marshal(y)
	return string(xj) == string(yj) || reflect.DeepEqual(x, y)
}

func (e *Entry) jsonFields() (string, string, error) {
	enc := func(f Fields) (string, error) {
		if f == nil {
			return "{}", nil
		}
		b, err := json.Marshal(f) // map keys are sorted: canonical
		return string(b), err
	}
	bj, err := enc(e.Before)
	if err != nil {
		return "", "", err
	}
	aj, err := enc(e.After)
	return bj, aj, err
}

func (e *Entry) computeHash(beforeJSON, afterJSON string) string {
	h := sha256.New()
	for _, s := range []string{
		strconv.FormatInt(e.Seq, 10), strconv.FormatInt(db.Micros(e.At), 10), strconv.FormatInt(e.ActorUserID, 10),
		e.ActorLabel, e.IP, e.Entity, strconv.FormatInt(e.EntityID, 10), e.Action, beforeJSON, afterJSON, e.PrevHash,
	} {
		// Length-prefixed so that no two field lists hash alike.
		fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

const selectEntry = `SELECT seq, at, actor_user_id, actor_label, ip, entity, entity_id, action, before_json, after_json, prev_hash, hash FROM audit_log`

func scanEntry(sc interface{ Scan(...any) error }) (Entry, string, string, error) {
	var e Entry
	var at int64
	var bj, aj string
	if err := sc.Scan(&e.Seq, &at, &e.ActorUserID, &e.ActorLabel, &e.IP, &e.Entity, &e.EntityID, &e.Action, &bj, &aj, &e.PrevHash, &e.Hash); err != nil {
		return e, "", "", err
	}
	e.At = db.FromMicros(at)
	if err := json.Unmarshal([]byte(bj), &e.Before); err != nil {
		return e, bj, aj, err
	}
	if err := json.Unmarshal([]byte(aj), &e.After); err != nil {
		return e, bj, aj, err
	}
	return e, bj, aj, nil
}

// History returns an entity's entries, newest first. Only officers and
// admins read the trail.
func History(ctx context.Context, q db.Querier, entity string, id int64) ([]Entry, error) {
	if _, err := actor.Require(ctx, actor.Admin, actor.Officer); err != nil {
		return nil, err
	}
	return history(ctx, q, entity, id)
}

// HistoryUnchecked returns an entity's entries for a service that has
// already checked the caller may see them (an enterprise seeing its own
// profile's timeline).
func HistoryUnchecked(ctx context.Context, q db.Querier, entity string, id int64) ([]Entry, error) {
	return history(ctx, q, entity, id)
}

func history(ctx context.Context, q db.Querier, entity string, id int64) ([]Entry, error) {
	return entries(ctx, q, func(Entry) bool { return true }, ` WHERE entity = $1 AND entity_id = $2 ORDER BY seq DESC LIMIT 500`, entity, id)
}

// Covering returns, once each, the entries that recorded many enterprises
// created at once — an import's (entity "import"), a bulk load's — whose
// created ids include any of ids: the creation entry of an enterprise
// that has none of its own. The caller checks the reader may see the
// enterprises' history.
func Covering(ctx context.Context, q db.Querier, ids ...int64) ([]Entry, error) {
	return entries(ctx, q, func(e Entry) bool {
		return slices.ContainsFunc(ids, func(id int64) bool { return covers(e.After, id) })
	},
		` WHERE (entity = 'import' AND action = 'import') OR (entity = 'enterprise' AND entity_id = 0 AND action = 'bulk_load')`)
}

// entries reads the entries a WHERE clause (and what follows it) selects,
// keeping those keep accepts.
func entries(ctx context.Context, q db.Querier, keep func(Entry) bool, where string, args ...any) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, selectEntry+where, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "audit history")
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, _, _, err := scanEntry(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "audit scan")
		}
		if keep(e) {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

// covers reads the created ids of a load: "ids" as [first, last] pairs,
// or "first_id" and "last_id".
func covers(f Fields, id int64) bool {
	in := func(a, b any) bool {
		lo, ok1 := a.(float64)
		hi, ok2 := b.(float64)
		return ok1 && ok2 && float64(id) >= lo && float64(id) <= hi
	}
	if rs, ok := f["ids"].([]any); ok {
		for _, r := range rs {
			if p, ok := r.([]any); ok && len(p) == 2 && in(p[0], p[1]) {
				return true
			}
		}
		return false
	}
	return in(f["first_id"], f["last_id"])
}

// Problem is one break found in the chain.
type Problem struct {
	Seq    int64
	Reason string
}

// Report is the result of verifying the chain.
type Report struct {
	Entries  int64
	Problems []Problem
}

// OK reports whether the chain verified.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Verify walks the whole trail and reports every entry whose hash does not
// match its content, every gap in the numbering (a deleted entry), every
// broken link to the previous hash, and a head that does not match the last
// entry (a truncated tail).
func Verify(ctx context.Context, q db.Querier) (Report, error) {
	var r Report
	rows, err := q.QueryContext(ctx, selectEntry+` ORDER BY seq`)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	var prevSeq int64
	prevHash := ""
	for rows.Next() {
		e, bj, aj, err := scanEntry(rows)
		if err != nil {
			r.Problems = append(r.Problems, Problem{Seq: e.Seq, Reason: "unreadable: " + err.Error()})
			continue
		}
		r.Entries++
		if e.Seq != prevSeq+1 {
			r.Problems = append(r.Problems, Problem{Seq: e.Seq, Reason: fmt.Sprintf("entries %d to %d are missing", prevSeq+1, e.Seq-1)})
		}
		if e.PrevHash != prevHash {
			r.Problems = append(r.Problems, Problem{Seq: e.Seq, Reason: "link to the previous entry is broken"})
		}
		if e.computeHash(bj, aj) != e.Hash {
			r.Problems = append(r.Problems, Problem{Seq: e.Seq, Reason: "content does not match its hash (edited)"})
		}
		prevSeq, prevHash = e.Seq, e.Hash
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	var headSeq int64
	var headHash string
	if err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return r, err
	}
	if headSeq != prevSeq || headHash != prevHash {
		r.Problems = append(r.Problems, Problem{Seq: headSeq, Reason: fmt.Sprintf("head says entry %d, last entry is %d (tail removed)", headSeq, prevSeq)})
	}
	sort.Slice(r.Problems, func(i, j int) bool { return r.Problems[i].Seq < r.Problems[j].Seq })
	return r, nil
}
