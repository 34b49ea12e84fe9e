package db_test

import (
	"context"
	"os"
	"testing"

	"cnht/internal/db"
	"cnht/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// The two dialects' migrations must produce the same tables and columns.
func TestMigrationsAgree(t *testing.T) {
	ctx := context.Background()
	lite, err := dbtest.SQLite(t).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := dbtest.Postgres(t).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set := func(cs []db.Column) map[db.Column]bool {
		m := map[db.Column]bool{}
		for _, c := range cs {
			m[c] = true
		}
		return m
	}
	ls, ps := set(lite), set(pg)
	for c := range ls {
		if !ps[c] {
			t.Errorf("%s.%s exists in SQLite only", c.Table, c.Name)
		}
	}
	for c := range ps {
		if !ls[c] {
			t.Errorf("%s.%s exists in PostgreSQL only", c.Table, c.Name)
		}
	}
	if len(lite) < 20 {
		t.Errorf("only %d columns: migrations did not run", len(lite))
	}
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		applied, err := d.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v", applied)
		}
	})
}

func TestRebindAndUnique(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($2, $1)`, "v", "k"); err != nil {
			t.Fatal(err)
		}
		var v string
		if err := d.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, "k").Scan(&v); err != nil || v != "v" {
			t.Fatalf("got %q, %v; want placeholders bound by number", v, err)
		}
		_, err := d.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "k", "w")
		if !db.IsUniqueViolation(err) {
			t.Fatalf("duplicate key: got %v, want a unique violation", err)
		}
		// A failed transaction leaves nothing behind.
		err = d.WithTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "k2", "x"); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "k", "dup")
			return err
		})
		if err == nil {
			t.Fatal("want error")
		}
		var n int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key = 'k2'`).Scan(&n)
		if n != 0 {
			t.Fatal("rolled-back row survived")
		}
	})
}
