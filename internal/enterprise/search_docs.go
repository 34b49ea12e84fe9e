package enterprise

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
)

// SearchDoc is what the supplier search indexes of an enterprise: its
// public fields only, and whether the public directory lists it.
type SearchDoc struct {
	ID int64
	// Listed is false for an enterprise that is not active or was merged
	// into another: the search drops it.
	Listed        bool
	Name          string
	NameEN        string
	ShortName     string
	WardCode      string
	WardName      string // "Xã Đông Anh"
	WardNameEN    string // "Dong Anh Commune"
	KeySectors    []KeySector
	Industries    []Industry
	Products      []Ref
	Processes     []Ref
	Materials     string
	Equipment     string
	Capacity      string
	Customers     []string // the public ones
	ExportMarkets []string
	SizeClass     string
	Ownership     Ownership
	Verified      bool
	Certs         []SearchCert
	UpdatedAt     time.Time
}

// SearchCert is a certificate as the search sees it: which standard, and
// when it is valid (issued on or before a day, expiring after it).
type SearchCert struct {
	StandardCode  string
	StandardName  string // its designation: "ISO 9001"
	International bool
	IssuedOn      time.Time
	ExpiresOn     time.Time
}

// listedSQL is the condition of an enterprise the public directory lists.
const listedSQL = `status = 'active' AND merged_into = 0`

// searchBatch is how many enterprises SearchDocs reads at a time.
const searchBatch = 5000

// SearchDocs hands each the search documents of the enterprises changed
// after since (every enterprise for the zero time), in id order, reading
// them in batches so that a registry of a million is never held at once.
// It reports the newest change seen, to ask from next time. cnht itself
// only (the search keeps its index with it).
func (s *Service) SearchDocs(ctx context.Context, since time.Time, each func(SearchDoc) error) (time.Time, error) {
	if !actor.From(ctx).System {
		return since, forbidden()
	}
	newest := since
	after := int64(0)
	for {
		docs, err := s.searchBatch(ctx, since, after)
		if err != nil {
			return newest, err
		}
		for _, d := range docs {
			if d.UpdatedAt.After(newest) {
				newest = d.UpdatedAt
			}
			if err := each(d); err != nil {
				return newest, err
			}
		}
		if len(docs) < searchBatch {
			return newest, nil
		}
		after = docs[len(docs)-1].ID
	}
}

// searchBatch reads the next batch of changed enterprises after id after.
func (s *Service) searchBatch(ctx context.Context, since time.Time, after int64) ([]SearchDoc, error) {
	// Asked for what changed since a moment ago, the database is to find
	// the few rows by updated_at, not walk every row in id order for them,
	// which SQLite's planner, without statistics, does for ORDER BY id
	// LIMIT: a second a poll at a million. The first load, which wants
	// every row, walks them in id order.
	from := "enterprises"
	if !since.IsZero() && s.db.Dialect() == db.SQLite {
		from = "enterprises INDEXED BY enterprises_updated"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, `+listedSQL+`, name, name_en, short_name, ward_code, materials, equipment, capacity,
		size_class, ownership, verified, updated_at FROM `+from+` WHERE id > $1 AND updated_at > $2 ORDER BY id LIMIT `+itoa(searchBatch),
		after, db.Micros(since))
	if err != nil {
		return nil, apperr.Wrap(err, "search docs")
	}
	var docs []SearchDoc
	at := map[int64]int{}
	for rows.Next() {
		var d SearchDoc
		var own string
		var updated int64
		if err := rows.Scan(&d.ID, &d.Listed, &d.Name, &d.NameEN, &d.ShortName, &d.WardCode, &d.Materials, &d.Equipment, &d.Capacity,
			&d.SizeClass, &own, &d.Verified, &updated); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "search docs")
		}
		d.Ownership, d.UpdatedAt = Ownership(own), db.FromMicros(updated)
		d.WardName, d.WardNameEN = s.wardName(d.WardCode), s.wardNameEN(d.WardCode)
		at[d.ID] = len(docs)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "search docs")
	}
	if len(docs) == 0 {
		return nil, nil
	}
	lo, hi := docs[0].ID, docs[len(docs)-1].ID
	// The lists of the batch's id range, one query each; rows of
	// enterprises outside the batch (unchanged ones) are skipped.
	list := func(query string, scan func(d *SearchDoc, rows *sql.Rows) error) error {
		rows, err := s.db.QueryContext(ctx, query, lo, hi)
		if err != nil {
			return apperr.Wrap(err, "search lists")
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var d SearchDoc
			if err := scan(&d, rows); err != nil {
				return apperr.Wrap(err, "search lists")
			}
			id = d.ID
			if i, ok := at[id]; ok {
				merge(&docs[i], d)
			}
		}
		return apperr.Wrap(rows.Err(), "search lists")
	}
	ref := func(d *SearchDoc, rows *sql.Rows, dst *[]Ref) error {
		var r Ref
		err := rows.Scan(&d.ID, &r.ID, &r.Code, &r.NameVI, &r.NameEN)
		*dst = append(*dst, r)
		return err
	}
	steps := []struct {
		query string
		scan  func(d *SearchDoc, rows *sql.Rows) error
	}{
		{`SELECT enterprise_id, sector FROM enterprise_sectors WHERE enterprise_id BETWEEN $1 AND $2`, func(d *SearchDoc, rows *sql.Rows) error {
			var k string
			err := rows.Scan(&d.ID, &k)
			d.KeySectors = append(d.KeySectors, KeySector(k))
			return err
		}},
		{`SELECT enterprise_id, industry FROM enterprise_industries WHERE enterprise_id BETWEEN $1 AND $2`, func(d *SearchDoc, rows *sql.Rows) error {
			var k string
			err := rows.Scan(&d.ID, &k)
			d.Industries = append(d.Industries, Industry(k))
			return err
		}},
		{`SELECT l.enterprise_id, c.id, c.code, c.name_vi, c.name_en FROM enterprise_products l JOIN products c ON c.id = l.product_id WHERE l.enterprise_id BETWEEN $1 AND $2`,
			func(d *SearchDoc, rows *sql.Rows) error { return ref(d, rows, &d.Products) }},
		{`SELECT l.enterprise_id, c.id, c.code, c.name_vi, c.name_en FROM enterprise_processes l JOIN processes c ON c.id = l.process_id WHERE l.enterprise_id BETWEEN $1 AND $2`,
			func(d *SearchDoc, rows *sql.Rows) error { return ref(d, rows, &d.Processes) }},
		{`SELECT enterprise_id, name FROM enterprise_customers WHERE enterprise_id BETWEEN $1 AND $2 AND NOT private ORDER BY enterprise_id, seq`, func(d *SearchDoc, rows *sql.Rows) error {
			var n string
			err := rows.Scan(&d.ID, &n)
			d.Customers = append(d.Customers, n)
			return err
		}},
		{`SELECT enterprise_id, country FROM enterprise_markets WHERE enterprise_id BETWEEN $1 AND $2`, func(d *SearchDoc, rows *sql.Rows) error {
			var c string
			err := rows.Scan(&d.ID, &c)
			d.ExportMarkets = append(d.ExportMarkets, c)
			return err
		}},
		{`SELECT c.enterprise_id, st.code, st.name, st.international, c.issued_on, c.expires_on FROM certifications c JOIN standards st ON st.id = c.standard_id
			WHERE c.enterprise_id BETWEEN $1 AND $2 AND c.removed_at = 0`, func(d *SearchDoc, rows *sql.Rows) error {
			var c SearchCert
			var issued, expires string
			err := rows.Scan(&d.ID, &c.StandardCode, &c.StandardName, &c.International, &issued, &expires)
			c.IssuedOn, c.ExpiresOn = parseDate(issued), parseDate(expires)
			d.Certs = append(d.Certs, c)
			return err
		}},
	}
	for _, st := range steps {
		if err := list(st.query, st.scan); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// merge appends the one list entry src carries to dst.
func merge(dst *SearchDoc, src SearchDoc) {
	dst.KeySectors = append(dst.KeySectors, src.KeySectors...)
	dst.Industries = append(dst.Industries, src.Industries...)
	dst.Products = append(dst.Products, src.Products...)
	dst.Processes = append(dst.Processes, src.Processes...)
	dst.Customers = append(dst.Customers, src.Customers...)
	dst.ExportMarkets = append(dst.ExportMarkets, src.ExportMarkets...)
	dst.Certs = append(dst.Certs, src.Certs...)
}

// SearchState is what the search checks a snapshot of its index against
// before trusting it: which database this is, and what the catalogue
// names the cards show are. (SearchTally then checks the index once it
// has caught up.)
type SearchState struct {
	// DatabaseID is a random id the database is given the first time it
	// is asked (kept in settings): a snapshot made from another database,
	// or from a copy of this one taken before the id existed, is not
	// taken for this one.
	DatabaseID string
	// Catalogue is a hash of the product, process and standard codes and
	// names: renaming one changes cards without touching enterprises.
	Catalogue string
}

// SearchTally sums up a set of enterprises: how many, the sum of their
// ids and the sum of their versions (updated_at in microseconds, modulo
// tallyMod so that a million of them fit in an int64). The search and the
// registry know the same enterprises in the same versions when their
// tallies agree.
type SearchTally struct {
	Count, IDSum, VersionSum int64
}

// tallyMod keeps the sum of a million versions within an int64.
const tallyMod = 1_000_000_007

// Add counts one enterprise in the tally.
func (t *SearchTally) Add(id int64, updated time.Time) {
	t.Count++
	t.IDSum += id
	t.VersionSum += db.Micros(updated) % tallyMod
}

// SearchState reads the database's id (making one the first time) and
// the catalogue's hash. cnht itself only.
func (s *Service) SearchState(ctx context.Context) (SearchState, error) {
	var st SearchState
	if !actor.From(ctx).System {
		return st, forbidden()
	}
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'database_id'`).Scan(&st.DatabaseID)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 16)
		_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
		if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('database_id', $1) ON CONFLICT (key) DO NOTHING`, hex.EncodeToString(b)); err != nil {
			return st, apperr.Wrap(err, "make database id")
		}
		err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'database_id'`).Scan(&st.DatabaseID)
	}
	if err != nil {
		return st, apperr.Wrap(err, "read database id")
	}
	h := sha256.New()
	for _, q := range []string{
		`SELECT id, code, name_vi || '|' || name_en FROM products ORDER BY id`,
		`SELECT id, code, name_vi || '|' || name_en FROM processes ORDER BY id`,
		`SELECT id, code, name || '|' || CASE WHEN international THEN 'i' ELSE '' END FROM standards ORDER BY id`,
	} {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			return st, apperr.Wrap(err, "catalogue hash")
		}
		for rows.Next() {
			var id int64
			var code, names string
			if err := rows.Scan(&id, &code, &names); err != nil {
				rows.Close()
				return st, apperr.Wrap(err, "catalogue hash")
			}
			fmt.Fprintf(h, "%d\x00%s\x00%s\x00", id, code, names)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return st, apperr.Wrap(err, "catalogue hash")
		}
		h.Write([]byte{1})
	}
	st.Catalogue = hex.EncodeToString(h.Sum(nil))
	return st, nil
}

// SearchTally tallies every enterprise, listed or not, and its version:
// one pass over the index on updated_at (which holds the id too), a
// fraction of a second at a million where the listed ones alone would
// take reading every row. cnht itself only.
func (s *Service) SearchTally(ctx context.Context) (SearchTally, error) {
	var t SearchTally
	if !actor.From(ctx).System {
		return t, forbidden()
	}
	err := s.db.QueryRowContext(ctx, `SELECT count(*), CAST(COALESCE(sum(id), 0) AS BIGINT), CAST(COALESCE(sum(updated_at % `+itoa(tallyMod)+`), 0) AS BIGINT)
		FROM enterprises`).Scan(&t.Count, &t.IDSum, &t.VersionSum)
	return t, apperr.Wrap(err, "search tally")
}

// SearchWardNames are a ward's names as search documents carry them
// (Vietnamese, English), "" when unknown: the search checks the names a
// snapshot kept against them.
func (s *Service) SearchWardNames(code string) (vi, en string) {
	return s.wardName(code), s.wardNameEN(code)
}
