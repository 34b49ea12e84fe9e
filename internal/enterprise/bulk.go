package enterprise

import (
	"context"
	"strings"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// bulkEnterprise is one enterprise with every fact to store at once: the
// demo generator makes them, the bulk loader writes them.
type bulkEnterprise struct {
	rec      record
	periods  []StatusPeriod
	certs    []bulkCert
	verified []FieldGroup
	// verifiedAt is when the verified groups were checked.
	verifiedAt time.Time
}

type bulkCert struct {
	standardID          int64
	number, body, scope string
	issuedOn, expiresOn time.Time
}

// maxParams bounds the placeholders of one statement. PostgreSQL allows
// 65535, SQLite 32766; the statements use anonymous "?" in SQLite
// (db.Values), whose driver binds numbered ones in quadratic time.
func maxParams(d db.Dialect) int {
	if d == db.SQLite {
		return 2000
	}
	return 30000
}

// multiInsert inserts rows (each ncols values, flattened in vals) into
// table: with COPY on PostgreSQL, and on SQLite with as few multi-row
// INSERT statements as the placeholder limit allows (prepared once per
// transaction by ExecRaw): one statement per row would make bulk loading
// a hundred times slower.
func multiInsert(ctx context.Context, tx *db.Tx, table, cols string, ncols int, vals []any) error {
	if len(vals) == 0 {
		return nil
	}
	if tx.Dialect() == db.Postgres {
		rows := make([][]any, 0, len(vals)/ncols)
		for i := 0; i < len(vals); i += ncols {
			rows = append(rows, vals[i:i+ncols])
		}
		names := strings.Split(cols, ",")
		for i := range names {
			names[i] = strings.TrimSpace(names[i])
		}
		return apperr.Wrap(tx.CopyFrom(ctx, table, names, rows), "copy into "+table)
	}
	perStmt := max(1, maxParams(tx.Dialect())/ncols)
	for start := 0; start < len(vals); start += perStmt * ncols {
		end := min(len(vals), start+perStmt*ncols)
		chunk := vals[start:end]
		q := `INSERT INTO ` + table + ` (` + cols + `) VALUES ` + db.Values(tx.Dialect(), len(chunk)/ncols, ncols)
		if _, err := tx.ExecRaw(ctx, q, chunk...); err != nil {
			return apperr.Wrap(err, "bulk insert "+table)
		}
	}
	return nil
}

// nextID returns one more than the largest id of table, for a bulk load
// that assigns ids itself (so that child rows can refer to them without a
// round trip per row).
func nextID(ctx context.Context, tx *db.Tx, table string) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&n)
	return n + 1, apperr.Wrap(err, "max id "+table)
}

// syncSequences moves PostgreSQL's identity sequences past ids the bulk
// loader assigned, so that later inserts do not collide. SQLite needs
// nothing: it takes the largest id plus one.
func syncSequences(ctx context.Context, tx *db.Tx) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	for _, t := range []string{"enterprises", "certifications"} {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM `+t+`), 1))`); err != nil {
			return apperr.Wrap(err, "sync sequence "+t)
		}
	}
	return nil
}

// bulkAudit says how a bulk load is written to the audit trail.
type bulkAudit int

const (
	// auditEach gives each enterprise, status change, verification and
	// certificate its own entry, as if entered one by one (the demo's
	// timelines).
	auditEach bulkAudit = iota
	// auditBatch records the whole batch in one entry, because half a
	// million hash-chained entries would make a benchmark load measure
	// the audit log.
	auditBatch
	// auditByCaller writes no entry: the caller records one for all it
	// wrote (an import names its file).
	auditByCaller
)

// bulkInsert writes items in tx with ids assigned from the tables' current
// maxima, audited as mode says.
func (s *Service) bulkInsert(ctx context.Context, tx *db.Tx, items []bulkEnterprise, mode bulkAudit, note string) error {
	if len(items) == 0 {
		return nil
	}
	firstID, err := nextID(ctx, tx, "enterprises")
	if err != nil {
		return err
	}
	certID, err := nextID(ctx, tx, "certifications")
	if err != nil {
		return err
	}
	ncols := insertColumnCount() + 1
	ents := make([]any, 0, len(items)*ncols)
	var sectors, industries, products, processes, customers, markets, periods, verifs, certs []any
	for i := range items {
		it := &items[i]
		r := &it.rec
		r.ID = firstID + int64(i)
		r.derive()
		ents = append(ents, r.ID)
		ents = append(ents, r.insertArgs()...)
		for _, k := range r.KeySectors {
			sectors = append(sectors, r.ID, string(k))
		}
		for _, k := range r.Industries {
			industries = append(industries, r.ID, string(k))
		}
		for _, p := range r.ProductIDs {
			products = append(products, r.ID, p)
		}
		for _, p := range r.ProcessIDs {
			processes = append(processes, r.ID, p)
		}
		for j, c := range r.Customers {
			customers = append(customers, r.ID, j+1, c.Name, c.Country, c.Multinational, c.Private)
		}
		for _, c := range r.ExportMarkets {
			markets = append(markets, r.ID, c)
		}
		for _, p := range it.periods {
			to := openEnd
			if !p.To.IsZero() {
				to = dateStr(p.To)
			}
			periods = append(periods, r.ID, dateStr(p.From), to, string(p.Status), p.Note)
		}
		for _, g := range it.verified {
			verifs = append(verifs, r.ID, string(g), db.Micros(it.verifiedAt), int64(0), "system")
		}
		for j := range it.certs {
			c := &it.certs[j]
			created := r.CreatedAt
			if c.issuedOn.After(created) {
				created = c.issuedOn.Add(9 * time.Hour) // entered on the day it was issued
			}
			certs = append(certs, certID, r.ID, c.standardID, c.number, c.body, c.scope, dateStr(c.issuedOn), dateStr(c.expiresOn), db.Micros(created), db.Micros(created))
			certID++
		}
	}
	for _, t := range []struct {
		table, cols string
		n           int
		vals        []any
	}{
		{"enterprises", "id, " + insertColumns, ncols, ents},
		{"enterprise_sectors", "enterprise_id, sector", 2, sectors},
		{"enterprise_industries", "enterprise_id, industry", 2, industries},
		{"enterprise_products", "enterprise_id, product_id", 2, products},
		{"enterprise_processes", "enterprise_id, process_id", 2, processes},
		{"enterprise_customers", "enterprise_id, seq, name, country, multinational, private", 6, customers},
		{"enterprise_markets", "enterprise_id, country", 2, markets},
		{"enterprise_status", "enterprise_id, from_on, to_on, status, note", 5, periods},
		{"enterprise_verifications", "enterprise_id, field_group, verified_at, verified_by, verified_label", 5, verifs},
		{"certifications", "id, enterprise_id, standard_id, number, body, scope, issued_on, expires_on, created_at, updated_at", 10, certs},
	} {
		if err := multiInsert(ctx, tx, t.table, t.cols, t.n, t.vals); err != nil {
			return err
		}
	}
	if err := syncSequences(ctx, tx); err != nil {
		return err
	}
	switch mode {
	case auditByCaller:
		return nil
	case auditBatch:
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: 0, Action: "bulk_load",
			After: audit.Fields{"first_id": firstID, "last_id": firstID + int64(len(items)) - 1, "count": len(items), "certifications": len(certs) / 10, "note": note}})
	}
	certID -= int64(len(certs) / 10)
	var changes []audit.Change
	for i := range items {
		it := &items[i]
		r := &it.rec
		after := r.fields()
		after["joined_on"], after["status"] = dateStr(r.JoinedOn), it.periods[0].Status
		changes = append(changes, audit.Change{Entity: "enterprise", EntityID: r.ID, Action: "create", After: after})
		for j := 1; j < len(it.periods); j++ {
			p := it.periods[j]
			changes = append(changes, audit.Change{Entity: "enterprise", EntityID: r.ID, Action: "status",
				Before: audit.Fields{"status": it.periods[j-1].Status}, After: audit.Fields{"status": p.Status, "on": dateStr(p.From), "note": p.Note}})
		}
		for _, c := range it.certs {
			in := CertificationInput{StandardID: c.standardID, Number: c.number, Body: c.body, Scope: c.scope, IssuedOn: c.issuedOn, ExpiresOn: c.expiresOn}
			changes = append(changes, audit.Change{Entity: "certification", EntityID: certID, Action: "create", After: in.fields(r.ID)})
			certID++
		}
		if len(it.verified) > 0 {
			changes = append(changes, audit.Change{Entity: "enterprise", EntityID: r.ID, Action: "verify", After: audit.Fields{"verified": it.verified}})
		}
	}
	return audit.RecordMany(ctx, tx, changes)
}
