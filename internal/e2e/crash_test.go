package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cnht/internal/db"
)

// demoJob is a short demo.count job, as the API takes it.
type demoJob struct {
	Kind    string         `json:"kind"`
	Payload map[string]int `json:"payload"`
}

// jobJSON is the part of the API's job that the tests read.
type jobJSON struct {
	ID       int64  `json:"id"`
	Status   string `json:"status"`
	Progress int    `json:"progress"`
}

// TestCrashConsistency kills cnht serve with SIGKILL, again and again,
// while several clients write through the JSON API, and checks after
// every kill that the SQLite file is sound, that the audit chain is
// intact, and that every write the server acknowledged is there.
func TestCrashConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("20 crashes take about 15 s; skipped with -short")
	}
	const (
		rounds  = 20
		writers = 4
	)
	path := filepath.Join(t.TempDir(), "crash.db")
	token := seedAdmin(t, path)
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0x636e6874))
	t.Logf("random seed %d", seed)

	var acked []string // names of organisations the server answered 201 for
	var ackedJobs []int64
	var totalOrgs, totalJobs, refused atomic.Int64
	began := time.Now()
	for round := range rounds {
		roundStart := time.Now()
		srv := start(t, "serve", "-addr", "127.0.0.1:0", "-db", path, "-workers", "1")
		started := time.Now()
		api := newAPIClient(srv.URL, token)
		ctx, stop := context.WithCancel(context.Background())
		var mu sync.Mutex
		var roundOrgs []string
		var roundJobs []int64
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := 0; ctx.Err() == nil; i++ {
					if i%3 == 2 {
						var j jobJSON
						code, err := api.do(ctx, http.MethodPost, "/api/v1/jobs",
							demoJob{Kind: "demo.count", Payload: map[string]int{"steps": 5, "delay_ms": 10}}, &j)
						if code == http.StatusAccepted && err == nil {
							mu.Lock()
							roundJobs = append(roundJobs, j.ID)
							mu.Unlock()
							totalJobs.Add(1)
						} else if code != 0 && code != http.StatusAccepted {
							refused.Add(1)
							t.Errorf("round %d: POST /api/v1/jobs answered %d: %v", round, code, err)
						}
						continue
					}
					name := fmt.Sprintf("Công ty TNHH Thử nghiệm Sự cố %d-%d-%d", round, w, i)
					body := map[string]string{"kind": "enterprise", "name": name, "name_en": fmt.Sprintf("Crash test %d-%d-%d", round, w, i)}
					code, err := api.do(ctx, http.MethodPost, "/api/v1/organisations", body, nil)
					if code == http.StatusCreated {
						mu.Lock()
						roundOrgs = append(roundOrgs, name)
						mu.Unlock()
						totalOrgs.Add(1)
					} else if code != 0 {
						refused.Add(1)
						t.Errorf("round %d: POST /api/v1/organisations answered %d: %v", round, code, err)
					}
				}
			})
		}
		writing := time.Duration(100+rng.IntN(501)) * time.Millisecond
		time.Sleep(writing)
		srv.Kill()
		stop()
		wg.Wait()
		killed := time.Now()
		acked = append(acked, roundOrgs...)
		ackedJobs = append(ackedJobs, roundJobs...)
		checkCrashedDB(t, path, round, roundOrgs, roundJobs)
		t.Logf("round %2d: start %v, SIGKILL after %v of writes (%d organisations, %d jobs acknowledged), checks %v",
			round, started.Sub(roundStart).Round(time.Millisecond), writing, len(roundOrgs), len(roundJobs), time.Since(killed).Round(time.Millisecond))
		if t.Failed() {
			t.Fatalf("round %d failed; stopping", round)
		}
	}

	// Writes really happened, and every acknowledged one is still there.
	d := openDB(t, path)
	defer d.Close()
	ctx := context.Background()
	var orgs, entries, jobs int64
	for q, dst := range map[string]*int64{
		`SELECT COUNT(*) FROM organisations`: &orgs,
		`SELECT COUNT(*) FROM audit_log`:     &entries,
		`SELECT COUNT(*) FROM jobs`:          &jobs,
	} {
		if err := d.QueryRowContext(ctx, q).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if orgs <= 20 {
		t.Errorf("%d organisations after %d rounds, want more than 20", orgs, rounds)
	}
	if entries <= 20 {
		t.Errorf("%d audit entries after %d rounds, want more than 20", entries, rounds)
	}
	if int64(len(acked)) > orgs {
		t.Errorf("%d organisations acknowledged but only %d in the database", len(acked), orgs)
	}
	if int64(len(ackedJobs)) > jobs {
		t.Errorf("%d jobs acknowledged but only %d in the database", len(ackedJobs), jobs)
	}
	statuses := map[string]int{}
	rows, err := d.QueryContext(ctx, `SELECT status, COUNT(*) FROM jobs GROUP BY status`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		statuses[s] = n
	}
	rows.Close()
	t.Logf("%d rounds in %v: %d organisations and %d jobs acknowledged, %d refused (%d organisations, %d jobs %v, %d audit entries in the database)",
		rounds, time.Since(began).Round(time.Millisecond), totalOrgs.Load(), totalJobs.Load(), refused.Load(), orgs, jobs, statuses, entries)
}

// openDB opens the SQLite file with the project's own driver settings.
func openDB(tb testing.TB, path string) *db.DB {
	tb.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	return d
}

// checkCrashedDB checks a database just after its server was killed.
func checkCrashedDB(t *testing.T, path string, round int, orgs []string, jobs []int64) {
	t.Helper()
	ctx := context.Background()
	d := openDB(t, path)
	defer d.Close()

	for _, pragma := range []string{"PRAGMA integrity_check", "PRAGMA foreign_key_check"} {
		rows, err := d.QueryContext(ctx, pragma)
		if err != nil {
			t.Fatalf("round %d: %s: %v", round, pragma, err)
		}
		cols, _ := rows.Columns()
		var got []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("round %d: %s: %v", round, pragma, err)
			}
			got = append(got, fmt.Sprint(vals...))
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("round %d: %s: %v", round, pragma, err)
		}
		rows.Close()
		want := ""
		if pragma == "PRAGMA integrity_check" {
			want = "ok"
		}
		if strings.Join(got, "\n") != want {
			t.Errorf("round %d: %s = %q, want %q", round, pragma, got, want)
		}
	}

	// An acknowledged write was committed: a crash must not lose it.
	for _, name := range orgs {
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE name = $1`, name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("round %d: organisation %q was acknowledged (201) but is not in the database after the crash", round, name)
		}
	}
	for _, id := range jobs {
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE id = $1`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("round %d: job %d was acknowledged (202) but is not in the database after the crash", round, id)
		}
	}

	out, code, stderr := runCLIExit(t, "audit", "verify", "-db", path)
	if code != 0 || !strings.Contains(out, "chain intact") {
		t.Errorf("round %d: cnht audit verify: exit %d\n%s%s", round, code, out, stderr)
	}
}
