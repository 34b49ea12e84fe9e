// Package dbtest gives each test a fresh, migrated database: SQLite always,
// and PostgreSQL whenever the server binaries are on the machine, from a
// throwaway cluster this package starts (initdb into a temporary folder, a
// free port on 127.0.0.1) and removes when the test binary ends. With
// CI=true a missing PostgreSQL fails the test instead of skipping it.
//
// The cluster is shared by all tests of one test binary, so it lives in
// process-wide state here; this is the one place cnht keeps such state,
// because starting a cluster per test would cost seconds each.
package dbtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cnht/internal/db"
)

// Main runs the tests of a package and then stops the PostgreSQL cluster
// if one was started. Call it from TestMain: os.Exit(dbtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	cluster.stop()
	return code
}

// Each runs fn as two subtests, "sqlite" and "postgres", each on a fresh
// migrated database: the conformance suite.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a fresh migrated SQLite database in a temporary folder.
func SQLite(tb testing.TB) *db.DB {
	tb.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(tb.TempDir(), "cnht.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return d
}

// Postgres returns a fresh migrated PostgreSQL database, skipping the test
// when no server binaries are installed (failing instead under CI=true).
func Postgres(tb testing.TB) *db.DB {
	tb.Helper()
	url, err := cluster.newDatabase()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL is required under CI=true: %v", err)
		}
		tb.Skipf("no PostgreSQL: %v", err)
	}
	d, err := db.Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// PostgresURL returns the URL of a fresh migrated PostgreSQL database, for
// tests that start cnht as a separate process.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	url, err := cluster.newDatabase()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL is required under CI=true: %v", err)
		}
		tb.Skipf("no PostgreSQL: %v", err)
	}
	return url
}

type pgCluster struct {
	once    sync.Once
	err     error
	dir     string
	bin     string
	port    int
	asUser  bool
	counter atomic.Int64
	mu      sync.Mutex
}

var cluster = &pgCluster{}

// FindBin returns the folder holding initdb and pg_ctl, or an error.
func FindBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Strings(matches)
	if len(matches) == 0 {
		return "", fmt.Errorf("initdb not found in PATH or /usr/lib/postgresql/*/bin")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

func (c *pgCluster) run(name string, args ...string) ([]byte, error) {
	bin := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.asUser {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Dir = c.dir
	return cmd.CombinedOutput()
}

func (c *pgCluster) start() error {
	bin, err := FindBin()
	if err != nil {
		return err
	}
	c.bin = bin
	c.dir, err = os.MkdirTemp("", "cnht-pg-")
	if err != nil {
		return err
	}
	// initdb refuses to run as root: run it as the postgres user then.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root and no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			return err
		}
		c.asUser = true
	}
	if out, err := c.run("initdb", "-D", filepath.Join(c.dir, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	c.port, err = freePort()
	if err != nil {
		return err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", c.port, c.dir)
	if out, err := c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-o", opts, "-l", filepath.Join(c.dir, "log"), "-w", "start"); err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	fmt.Fprintf(os.Stderr, "dbtest: PostgreSQL cluster started from %s on 127.0.0.1:%d\n", c.bin, c.port)
	// A migrated template makes each test's database a cheap copy.
	ctx := context.Background()
	admin, err := db.Open(ctx, c.url("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE cnht_template`); err != nil {
		return err
	}
	tpl, err := db.Open(ctx, c.url("cnht_template"))
	if err != nil {
		return err
	}
	defer tpl.Close()
	if _, err := tpl.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	return nil
}

func (c *pgCluster) url(dbname string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, dbname)
}

func (c *pgCluster) newDatabase() (string, error) {
	c.once.Do(func() { c.err = c.start() })
	if c.err != nil {
		return "", c.err
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), c.counter.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// CREATE DATABASE ... TEMPLATE needs no other session on the template.
	c.mu.Lock()
	defer c.mu.Unlock()
	admin, err := db.Open(ctx, c.url("postgres"))
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE cnht_template`); err != nil {
		return "", err
	}
	return c.url(name), nil
}

func (c *pgCluster) stop() {
	if c.dir == "" || c.err != nil && c.port == 0 {
		if c.dir != "" {
			os.RemoveAll(c.dir)
		}
		return
	}
	if out, err := c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop"); err != nil {
		fmt.Fprintf(os.Stderr, "dbtest: pg_ctl stop: %v: %s\n", err, strings.TrimSpace(string(out)))
	}
	os.RemoveAll(c.dir)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
