// Package db opens cnht's database, SQLite (embedded, the default) or
// PostgreSQL, and hides the few ways they differ. SQL is written once, with
// PostgreSQL's $1 placeholders; for SQLite they are rebound to ?1, which
// SQLite binds by number. Instants are stored as BIGINT unix microseconds
// (UTC) and calendar dates as TEXT 'YYYY-MM-DD' in both dialects, so that
// comparisons and scans behave the same everywhere.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the SQL dialect behind a DB.
type Dialect string

// The two supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Querier is what store code needs: a DB or a Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// DB is an open database.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	// Path is the SQLite file, empty for PostgreSQL.
	Path string
	// URL is the PostgreSQL URL, empty for SQLite.
	URL    string
	rebind *rebinder
}

// Open opens a database: a postgres:// or postgresql:// URL for
// PostgreSQL, anything else is a SQLite file path (an optional "sqlite:"
// prefix is removed). It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		sdb, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		sdb.SetMaxOpenConns(20)
		sdb.SetMaxIdleConns(10)
		sdb.SetConnMaxIdleTime(5 * time.Minute)
		d := &DB{sql: sdb, dialect: Postgres, URL: dsn, rebind: newRebinder(false)}
		if err := sdb.PingContext(ctx); err != nil {
			sdb.Close()
			return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
		}
		return d, nil
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		return nil, errors.New("no database given")
	}
	q := url.Values{}
	// A 32 MiB page cache per connection and reads through a 256 MiB
	// memory map: on 100,000 enterprises they halve the as-of counts and
	// the officers' list (BenchmarkRegistry).
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)", "cache_size(-32768)", "mmap_size(268435456)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	// Writers take the lock when they begin, so that two transactions never
	// deadlock upgrading read locks; readers outside transactions still run
	// concurrently under WAL.
	q.Set("_txlock", "immediate")
	sdb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(8)
	sdb.SetMaxIdleConns(8)
	d := &DB{sql: sdb, dialect: SQLite, Path: path, rebind: newRebinder(true)}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.sql.Close() }

// Dialect reports the SQL dialect.
func (d *DB) Dialect() Dialect { return d.dialect }

// SQL exposes the underlying pool, for tools (backup, tests).
func (d *DB) SQL() *sql.DB { return d.sql }

// ExecContext runs a statement.
func (d *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, d.rebind.do(q), args...)
}

// QueryContext runs a query.
func (d *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return d.sql.QueryContext(ctx, d.rebind.do(q), args...)
}

// QueryRowContext runs a query returning one row.
func (d *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return d.sql.QueryRowContext(ctx, d.rebind.do(q), args...)
}

// Tx is a transaction.
type Tx struct {
	tx *sql.Tx
	db *DB
	// stmts keeps ExecRaw's statements prepared for the transaction's
	// life: a bulk load repeats a few multi-row shapes thousands of times,
	// and SQLite would parse each anew (a tenth of an import's time).
	stmts map[string]*sql.Stmt
	// conn is the PostgreSQL connection the transaction runs on, for COPY.
	conn *sql.Conn
}

// Dialect reports the SQL dialect.
func (t *Tx) Dialect() Dialect { return t.db.dialect }

// ExecRaw runs q as it is, in the dialect's own placeholders (see
// Values), for statements too long to rewrite and cache.
func (t *Tx) ExecRaw(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, ok := t.stmts[q]
	if !ok {
		var err error
		if st, err = t.tx.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		if t.stmts == nil {
			t.stmts = map[string]*sql.Stmt{}
		}
		if len(t.stmts) >= 64 {
			for k, old := range t.stmts {
				_ = old.Close()
				delete(t.stmts, k)
			}
		}
		t.stmts[q] = st
	}
	return st.ExecContext(ctx, args...)
}

// QueryRaw is ExecRaw for a statement that returns rows (a multi-row
// insert with RETURNING).
func (t *Tx) QueryRaw(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, q, args...)
}

// ExecContext runs a statement in the transaction.
func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.db.rebind.do(q), args...)
}

// QueryContext runs a query in the transaction.
func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.db.rebind.do(q), args...)
}

// QueryRowContext runs a query returning one row in the transaction.
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.db.rebind.do(q), args...)
}

// CopyFrom writes rows (each len(cols) values) into table with
// PostgreSQL's COPY, in the transaction: for a bulk load it skips parsing
// and planning a statement per few thousand values. SQLite has none.
func (t *Tx) CopyFrom(ctx context.Context, table string, cols []string, rows [][]any) error {
	if t.conn == nil {
		return errNoCopy
	}
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errNoCopy
		}
		// The connection is held past the transaction's end only until
		// WithTx returns: never COPY outside the transaction.
		if c.Conn().PgConn().TxStatus() != 'T' {
			return errors.New("COPY outside its transaction")
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
}

// errNoCopy says the database has no COPY (SQLite).
var errNoCopy = errors.New("COPY is PostgreSQL's")

// SortOnDisk makes a SQLite transaction's connection spill large sorts
// (building an index over a million rows) to temporary files instead of
// memory, until the returned func restores the usual setting: the
// connection keeps temporary data in memory, which suits the small sorts
// of queries (a temporary file is only written once its own page cache
// fills, so a connection left on files after a cancelled transaction
// loses nothing but memory's speed for large sorts). PostgreSQL needs
// nothing.
func (t *Tx) SortOnDisk(ctx context.Context) (restore func()) {
	if t.db.dialect != SQLite {
		return func() {}
	}
	if _, err := t.tx.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
		return func() {}
	}
	return func() { _, _ = t.tx.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY") }
}

// WithTx runs fn in a transaction, committing when it returns nil and
// rolling back otherwise (and on panic).
func (d *DB) WithTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	var conn *sql.Conn
	begin := d.sql.BeginTx
	if d.dialect == Postgres {
		// On a connection of its own, so that CopyFrom can reach it.
		if conn, err = d.sql.Conn(ctx); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer conn.Close()
		begin = conn.BeginTx
	}
	stx, err := begin(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: stx, db: d, conn: conn}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// IsUniqueViolation reports whether err is a unique-constraint violation.
func IsUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsForeignKeyViolation reports whether err is a foreign-key violation.
func IsForeignKeyViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// Micros converts t to the stored form of an instant.
func Micros(t time.Time) int64 { return t.UTC().UnixMicro() }

// FromMicros converts a stored instant back; 0 is the zero time.
func FromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// DateString is the stored form of a calendar date; the zero time is "".
func DateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// ParseDateString reads a stored calendar date; "" is the zero time.
func ParseDateString(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

var placeholder = regexp.MustCompile(`\$(\d+)`)

// rebinder turns $N placeholders into ?N for SQLite, caching each query.
type rebinder struct {
	on    bool
	cache sync.Map
}

func newRebinder(on bool) *rebinder { return &rebinder{on: on} }

func (r *rebinder) do(q string) string {
	if !r.on {
		return q
	}
	if v, ok := r.cache.Load(q); ok {
		return v.(string)
	}
	out := placeholder.ReplaceAllString(q, "?$1")
	r.cache.Store(q, out)
	return out
}

// Values returns the VALUES list of a multi-row insert of rows rows of
// cols parameters, in the dialect's own placeholders, for Tx.ExecRaw:
// "(?, ?), (?, ?)" in SQLite, whose driver binds numbered parameters in
// time quadratic in their number, "($1, $2), ($3, $4)" in PostgreSQL.
func Values(d Dialect, rows, cols int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			if d == SQLite {
				b.WriteByte('?')
			} else {
				fmt.Fprintf(&b, "$%d", r*cols+c+1)
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// Placeholders returns "$start, $start+1, ..." n times, for IN lists.
func Placeholders(start, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", start+i)
	}
	return b.String()
}
