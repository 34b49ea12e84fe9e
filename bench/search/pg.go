package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgEngine is PostgreSQL full text search on a throwaway cluster started
// the way cnht's dbtest starts one (initdb into a temporary folder, as the
// postgres user when run as root). The text is folded in Go, so the
// tsvector uses the 'simple' configuration (no stemming, no stop words;
// unaccent would have nothing left to do); a GIN index on it, and the
// facet values as a text[] ("sector=components") with a GIN index too.
// A query: tsv @@ to_tsquery('simple', 'w1 & w2') AND facets @> {filter},
// ORDER BY ts_rank LIMIT 20; the total by count(*); the facet counts by
// unnest(facets) GROUP BY over the matches, plus one more for the facet
// filtered on, without its filter.
type pgEngine struct {
	dir    string
	bin    string
	port   int
	asUser bool
	conn   *pgx.Conn
}

func (e *pgEngine) name() string { return "postgres fts" }

// findPGBin returns the folder holding initdb and pg_ctl (as dbtest.FindBin).
func findPGBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Strings(matches)
	if len(matches) == 0 {
		return "", errors.New("initdb not found in PATH or /usr/lib/postgresql/*/bin")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

func (e *pgEngine) run(name string, args ...string) ([]byte, error) {
	bin := filepath.Join(e.bin, name)
	var cmd *exec.Cmd
	if e.asUser {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Dir = e.dir
	return cmd.CombinedOutput()
}

// start starts the cluster; errNoPG when PostgreSQL is not installed.
func (e *pgEngine) start(ctx context.Context) error {
	var err error
	if e.bin, err = findPGBin(); err != nil {
		return fmt.Errorf("%w: %v", errNoPG, err)
	}
	if e.dir, err = os.MkdirTemp("", "cnht-bench-pg-"); err != nil {
		return err
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("%w: running as root and no postgres user: %v", errNoPG, err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(e.dir, uid, gid); err != nil {
			return err
		}
		e.asUser = true
	}
	if out, err := e.run("initdb", "-D", filepath.Join(e.dir, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	e.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"+
		" -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=1GB -c jit=off", e.port, e.dir)
	if out, err := e.run("pg_ctl", "-D", filepath.Join(e.dir, "data"), "-o", opts, "-l", filepath.Join(e.dir, "log"), "-w", "start"); err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	logf("postgres: cluster from %s on 127.0.0.1:%d", e.bin, e.port)
	e.conn, err = pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", e.port))
	return err
}

var errNoPG = errors.New("no PostgreSQL")

func (e *pgEngine) build(ctx context.Context, docs []doc) error {
	if err := e.start(ctx); err != nil {
		return err
	}
	for _, s := range []string{
		`CREATE UNLOGGED TABLE staging (id bigint, body text, facets text[])`,
		`CREATE TABLE docs (id bigint PRIMARY KEY, tsv tsvector NOT NULL, facets text[] NOT NULL)`,
	} {
		if _, err := e.conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	i := 0
	_, err := e.conn.CopyFrom(ctx, pgx.Identifier{"staging"}, []string{"id", "body", "facets"}, pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(docs) {
			return nil, nil
		}
		d := docs[i]
		i++
		fs := make([]string, len(d.facets))
		for j, fv := range d.facets {
			fs[j] = fv.facet + "=" + fv.value
		}
		return []any{d.id, d.text, fs}, nil
	}))
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	for _, s := range []string{
		`INSERT INTO docs SELECT id, to_tsvector('simple', body), facets FROM staging ORDER BY id`,
		`DROP TABLE staging`,
		`CREATE INDEX docs_tsv ON docs USING gin (tsv)`,
		`CREATE INDEX docs_facets ON docs USING gin (facets)`,
		`VACUUM ANALYZE docs`,
	} {
		if _, err := e.conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// tsquery is the words ANDed, each quoted.
func tsquery(q query) string {
	parts := make([]string, len(q.words))
	for i, w := range q.words {
		parts[i] = "'" + w + "'"
	}
	return strings.Join(parts, " & ")
}

func (e *pgEngine) search(ctx context.Context, q query, facets bool) (result, error) {
	where := `tsv @@ to_tsquery('simple', $1)`
	args := []any{tsquery(q)}
	if q.filter != nil {
		where += ` AND facets @> $2`
		args = append(args, []string{q.filter.facet + "=" + q.filter.value})
	}
	var out result
	rows, err := e.conn.Query(ctx, `SELECT id FROM docs WHERE `+where+` ORDER BY ts_rank(tsv, to_tsquery('simple', $1)) DESC, id LIMIT 20`, args...)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return out, err
		}
		out.ids = append(out.ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	if err := e.conn.QueryRow(ctx, `SELECT count(*) FROM docs WHERE `+where, args...).Scan(&out.total); err != nil {
		return out, err
	}
	if !facets {
		return out, nil
	}
	out.facets = map[string]map[string]int{}
	count := func(query string, skip string, args ...any) error {
		rows, err := e.conn.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fv string
			var c int
			if err := rows.Scan(&fv, &c); err != nil {
				return err
			}
			f, v, _ := strings.Cut(fv, "=")
			if f == skip {
				continue
			}
			if out.facets[f] == nil {
				out.facets[f] = map[string]int{}
			}
			out.facets[f][v] = c
		}
		return rows.Err()
	}
	skip := ""
	if q.filter != nil {
		skip = q.filter.facet
	}
	if err := count(`SELECT f, count(*) FROM docs, unnest(facets) f WHERE `+where+` GROUP BY f`, skip, args...); err != nil {
		return out, err
	}
	if q.filter != nil {
		if err := count(`SELECT f, count(*) FROM docs, unnest(facets) f WHERE tsv @@ to_tsquery('simple', $1) AND starts_with(f, $2) GROUP BY f`, "",
			tsquery(q), q.filter.facet+"="); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (e *pgEngine) size(ctx context.Context) []sizePart {
	var total, tsv int64
	if e.conn == nil {
		return nil
	}
	e.conn.QueryRow(ctx, `SELECT pg_total_relation_size('docs'), pg_relation_size('docs_tsv')`).Scan(&total, &tsv)
	return []sizePart{{"table+indexes", total}, {"GIN tsv", tsv}}
}

func (e *pgEngine) close() {
	if e.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		e.conn.Close(ctx)
		cancel()
	}
	if e.dir == "" {
		return
	}
	if e.port != 0 {
		if out, err := e.run("pg_ctl", "-D", filepath.Join(e.dir, "data"), "-m", "fast", "-w", "stop"); err != nil {
			logf("postgres: pg_ctl stop: %v: %s", err, strings.TrimSpace(string(out)))
		}
	}
	os.RemoveAll(e.dir)
}
