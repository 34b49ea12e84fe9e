package audit_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func record(t *testing.T, d *db.DB, ctx context.Context, id int64, before, after audit.Fields) {
	t.Helper()
	err := d.WithTx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: id, Action: "update", Before: before, After: after})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestChainDetectsTampering(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := actor.NewContext(context.Background(), actor.Actor{UserID: 7, Email: "can.bo@sct.hanoi.gov.vn", Role: actor.Officer, IP: "10.0.0.1"})
		for i := range 5 {
			record(t, d, ctx, 1, audit.Fields{"name": "Công ty A", "employees": i}, audit.Fields{"name": "Công ty A", "employees": i + 1})
		}
		r, err := audit.Verify(ctx, d)
		if err != nil || !r.OK() || r.Entries != 5 {
			t.Fatalf("clean chain: %+v %v", r, err)
		}
		// Only changed fields are kept.
		h, err := audit.History(ctx, d, "enterprise", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 5 || h[0].After["employees"] != float64(5) || h[0].Before["name"] != nil || h[0].ActorLabel != "can.bo@sct.hanoi.gov.vn" || h[0].IP != "10.0.0.1" {
			t.Fatalf("history: %+v", h[0])
		}

		cases := []struct {
			name, sql, want string
		}{
			{"edit", `UPDATE audit_log SET after_json = '{"employees":500}' WHERE seq = 2`, "edited"},
			{"delete", `DELETE FROM audit_log WHERE seq = 3`, "missing"},
			{"truncate", `DELETE FROM audit_log WHERE seq = 5`, "tail removed"},
		}
		for _, c := range cases {
			if _, err := d.ExecContext(ctx, c.sql); err != nil {
				t.Fatal(err)
			}
			r, err := audit.Verify(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range r.Problems {
				found = found || strings.Contains(p.Reason, c.want)
			}
			if !found {
				t.Errorf("%s: not detected: %+v", c.name, r.Problems)
			}
		}
	})
}

// Concurrent writers must not fork the chain.
func TestConcurrentAppends(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := actor.SystemContext(context.Background())
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := range 10 {
					err := d.WithTx(ctx, func(tx *db.Tx) error {
						return audit.Record(ctx, tx, audit.Change{Entity: "x", EntityID: int64(w), Action: "create", After: audit.Fields{"i": i}})
					})
					if err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		r, err := audit.Verify(ctx, d)
		if err != nil || !r.OK() || r.Entries != 40 {
			t.Fatalf("%+v %v", r, err)
		}
	})
}

func TestHistoryNeedsOfficer(t *testing.T) {
	d := dbtest.SQLite(t)
	for _, role := range []actor.Role{actor.Enterprise, actor.Buyer, actor.Public} {
		ctx := actor.NewContext(context.Background(), actor.Actor{UserID: 1, Role: role})
		if role == actor.Public {
			ctx = context.Background()
		}
		if _, err := audit.History(ctx, d, "enterprise", 1); err == nil {
			t.Errorf("%q read the audit trail", role)
		}
	}
}

// RecordMany writes the entries Record would, chained in order, between
// entries written one by one.
func TestRecordMany(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := actor.NewContext(context.Background(), actor.Actor{UserID: 7, Email: "can.bo@sct.hanoi.gov.vn", Role: actor.Officer})
		record(t, d, ctx, 1, audit.Fields{"employees": 1}, audit.Fields{"employees": 2})
		var many []audit.Change
		for i := range 500 {
			many = append(many, audit.Change{Entity: "enterprise", EntityID: int64(100 + i), Action: "create", After: audit.Fields{"name": "Công ty " + string(rune('A'+i%26))}})
		}
		if err := d.WithTx(ctx, func(tx *db.Tx) error { return audit.RecordMany(ctx, tx, many) }); err != nil {
			t.Fatal(err)
		}
		record(t, d, ctx, 1, audit.Fields{"employees": 2}, audit.Fields{"employees": 3})
		r, err := audit.Verify(ctx, d)
		if err != nil || !r.OK() || r.Entries != 502 {
			t.Fatalf("chain: %+v %v", r, err)
		}
		h, _ := audit.History(ctx, d, "enterprise", 350)
		if len(h) != 1 || h[0].Action != "create" || h[0].ActorLabel != "can.bo@sct.hanoi.gov.vn" {
			t.Fatalf("history of one of many: %+v", h)
		}
	})
}
