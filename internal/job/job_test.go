package job_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/job"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// The callers of these tests. Jobs have no foreign key to users, so the
// users need not exist.
const (
	officerID = 1
	buyerID   = 2
	adminID   = 3
	officer2  = 4
)

func as(id int64, role actor.Role) context.Context {
	return actor.NewContext(context.Background(), actor.Actor{UserID: id, Role: role, Email: fmt.Sprintf("u%d@example.vn", id)})
}

func system() context.Context { return actor.SystemContext(context.Background()) }

// newQueue returns a queue tuned for tests: short lease, fast polls, no
// pause before retries.
func newQueue(d *db.DB) *job.Queue {
	q := job.NewQueue(d, nil)
	q.SetLease(time.Second)
	q.SetPollInterval(10 * time.Millisecond)
	q.SetRetryDelay(0)
	return q
}

// start runs q's workers until the returned stop is called (or the test
// ends); stop returns Run's error.
func start(t *testing.T, q *job.Queue, workers int) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- q.Run(ctx, workers) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-errc })
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

// reopen opens a second handle on d's database: a second instance.
func reopen(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	dsn := d.Path
	if d.Dialect() == db.Postgres {
		dsn = d.URL
	}
	d2, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d2.Close() })
	return d2
}

func mustEnqueue(t *testing.T, ctx context.Context, q *job.Queue, kind string, payload any) job.Job {
	t.Helper()
	j, err := q.Enqueue(ctx, kind, payload)
	if err != nil {
		t.Fatalf("enqueue %s: %v", kind, err)
	}
	return j
}

// waitFor polls the job until ok accepts it.
func waitFor(t *testing.T, q *job.Queue, id int64, what string, ok func(job.Job) bool) job.Job {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		j, err := q.Find(system(), id)
		if err != nil {
			t.Fatal(err)
		}
		if ok(j) {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d: waited for %s, have %+v", id, what, j)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func terminal(j job.Job) bool { return j.Status.Terminal() }

func TestEnqueueRunDone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(d)
		job.RegisterDemo(q)
		start(t, q, 2)
		queued := mustEnqueue(t, as(officerID, actor.Officer), q, job.DemoKind, job.DemoPayload{Steps: 5, DelayMS: 10})
		if queued.Status != job.Queued || queued.CreatedBy != officerID || queued.ID == 0 {
			t.Fatalf("enqueued: %+v", queued)
		}
		j := waitFor(t, q, queued.ID, "done", terminal)
		if j.Status != job.Done || j.Progress != 100 || j.Message != "5/5" || j.Attempts != 1 || j.Error != "" {
			t.Fatalf("finished: %+v", j)
		}
		if string(j.Result) != `{"counted":5}` {
			t.Fatalf("result %s", j.Result)
		}
		if j.StartedAt.IsZero() || j.FinishedAt.Before(j.StartedAt) || j.StartedAt.Before(j.CreatedAt) {
			t.Fatalf("times: created %v started %v finished %v", j.CreatedAt, j.StartedAt, j.FinishedAt)
		}
		if s := q.Stats(); s.Done != 1 || s.Failed != 0 || s.Running != 0 {
			t.Fatalf("stats %+v", s)
		}
	})
}

// Progress reaches the database while the handler runs, and the last of a
// burst of values is written even though the burst is throttled.
func TestProgressIsLive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(d)
		step := make(chan struct{})
		q.Register("test.progress", func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			progress(50, "1/2")
			<-step
			for i := 1; i <= 99; i++ {
				progress(i, fmt.Sprintf("%d/99", i))
			}
			<-step
			return nil, nil
		})
		start(t, q, 1)
		id := mustEnqueue(t, system(), q, "test.progress", nil).ID
		waitFor(t, q, id, "50%", func(j job.Job) bool { return j.Progress == 50 && j.Message == "1/2" && j.Status == job.Running })
		step <- struct{}{}
		waitFor(t, q, id, "99%", func(j job.Job) bool { return j.Progress == 99 && j.Message == "99/99" })
		step <- struct{}{}
		j := waitFor(t, q, id, "done", terminal)
		if j.Status != job.Done || j.Progress != 100 || j.Result != nil {
			t.Fatalf("finished: %+v", j)
		}
	})
}

// Two instances with two workers each share one database: every job runs
// exactly once.
func TestTwoInstancesRunEachJobOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var mu sync.Mutex
		runs := map[int64]int{}
		handler := func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			mu.Lock()
			runs[j.ID]++
			mu.Unlock()
			time.Sleep(time.Duration(j.ID%4) * time.Millisecond)
			return map[string]int64{"id": j.ID}, nil
		}
		q1, q2 := newQueue(d), newQueue(reopen(t, d))
		if q1.WorkerID() == q2.WorkerID() {
			t.Fatal("two queues share a worker id")
		}
		q1.Register("test.once", handler)
		q2.Register("test.once", handler)
		var ids []int64
		for i := range 40 {
			q := q1
			if i%2 == 1 {
				q = q2
			}
			ids = append(ids, mustEnqueue(t, system(), q, "test.once", map[string]int{"n": i}).ID)
		}
		start(t, q1, 2)
		start(t, q2, 2)
		for _, id := range ids {
			j := waitFor(t, q1, id, "done", terminal)
			if j.Status != job.Done || j.Attempts != 1 || string(j.Result) != fmt.Sprintf(`{"id":%d}`, id) {
				t.Fatalf("job %d: %+v", id, j)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if len(runs) != len(ids) {
			t.Fatalf("%d jobs ran, want %d", len(runs), len(ids))
		}
		for _, id := range ids {
			if runs[id] != 1 {
				t.Errorf("job %d ran %d times", id, runs[id])
			}
		}
		if n := q1.Stats().Done + q2.Stats().Done; n != 40 {
			t.Errorf("stats count %d done, want 40", n)
		}
	})
}

// A job held by an instance that stopped is taken over by another one.
func TestRestart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		// claimedBy marks the job as claimed by an instance that died,
		// with its lease ending at until, on its attempt-th attempt.
		claimedBy := func(t *testing.T, id int64, attempt int, until time.Time) {
			t.Helper()
			if _, err := d.ExecContext(context.Background(), `UPDATE jobs SET status = 'running', locked_by = 'dead-instance', locked_until = $1, attempts = $2, started_at = $3 WHERE id = $4`,
				db.Micros(until), attempt, db.Micros(time.Now()), id); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name string
			// kill leaves a job held by a stopped instance.
			kill         func(t *testing.T, kind string, id int64)
			wait         time.Duration // how long the new instance runs before the check, 0: until the job ends
			wantStatus   job.Status
			wantAttempts int
			wantRuns     int
			wantError    string
		}{
			{
				name:       "lease ran out",
				kill:       func(t *testing.T, _ string, id int64) { claimedBy(t, id, 1, time.Now().Add(-time.Second)) },
				wantStatus: job.Done, wantAttempts: 2, wantRuns: 1,
			},
			{
				name:       "lease still held",
				kill:       func(t *testing.T, _ string, id int64) { claimedBy(t, id, 1, time.Now().Add(time.Hour)) },
				wait:       200 * time.Millisecond,
				wantStatus: job.Running, wantAttempts: 1, wantRuns: 0,
			},
			{
				name: "lease ran out on the last attempt",
				kill: func(t *testing.T, _ string, id int64) {
					claimedBy(t, id, job.MaxAttempts, time.Now().Add(-time.Second))
				},
				wantStatus: job.Failed, wantAttempts: job.MaxAttempts, wantRuns: 0, wantError: "job.lease_expired",
			},
			{
				// The instance is stopped with no time to drain: the
				// handler's context is cancelled and the job goes back to
				// the queue without using an attempt.
				name: "shut down without drain time",
				kill: func(t *testing.T, kind string, id int64) {
					dying := newQueue(d)
					dying.SetDrainTimeout(0)
					started := make(chan struct{})
					dying.Register(kind, func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
						progress(30, "3/10")
						close(started)
						<-ctx.Done()
						return nil, context.Cause(ctx)
					})
					stop := start(t, dying, 1)
					<-started
					if err := stop(); err != nil {
						t.Fatalf("Run: %v", err)
					}
					j, err := dying.Find(system(), id)
					if err != nil || j.Status != job.Queued || j.Attempts != 0 {
						t.Fatalf("after shutdown: %+v, %v", j, err)
					}
				},
				wantStatus: job.Done, wantAttempts: 1, wantRuns: 1,
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				kind := "test.restart." + tt.name
				q := newQueue(reopen(t, d))
				var mu sync.Mutex
				runs := 0
				q.Register(kind, func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
					mu.Lock()
					runs++
					mu.Unlock()
					return "ok", nil
				})
				id := mustEnqueue(t, system(), q, kind, nil).ID
				tt.kill(t, kind, id)
				start(t, q, 1)
				var j job.Job
				if tt.wait > 0 {
					time.Sleep(tt.wait)
					j = waitFor(t, q, id, "anything", func(job.Job) bool { return true })
				} else {
					j = waitFor(t, q, id, "the end", terminal)
				}
				mu.Lock()
				defer mu.Unlock()
				if j.Status != tt.wantStatus || j.Attempts != tt.wantAttempts || runs != tt.wantRuns || j.Error != tt.wantError {
					t.Fatalf("got %s after %d attempts, %d runs, error %q; want %s, %d, %d, %q (job %+v)",
						j.Status, j.Attempts, runs, j.Error, tt.wantStatus, tt.wantAttempts, tt.wantRuns, tt.wantError, j)
				}
			})
		}
	})
}

// Cancelling Run's context lets the running job finish before Run returns.
func TestGracefulShutdown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(d)
		started := make(chan struct{})
		q.Register("test.slow", func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			close(started)
			select {
			case <-time.After(300 * time.Millisecond):
				return "finished", nil
			case <-ctx.Done():
				return nil, context.Cause(ctx)
			}
		})
		stop := start(t, q, 2)
		id := mustEnqueue(t, as(buyerID, actor.Buyer), q, "test.slow", nil).ID
		<-started
		if err := stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		j, err := q.Find(system(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status != job.Done || string(j.Result) != `"finished"` {
			t.Fatalf("after Run returned: %+v", j)
		}
		if s := q.Stats(); s.Running != 0 || s.Done != 1 {
			t.Fatalf("stats %+v", s)
		}
	})
}

// A failing handler is retried, then fails with its error's i18n key (or
// text); panics are failures too.
func TestFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tests := []struct {
			name         string
			fail         func(call int) error // panics when it returns nil
			wantStatus   job.Status
			wantAttempts int
			wantError    string
		}{
			{"application error", func(int) error { return apperr.New(apperr.Conflict, "test.broken") }, job.Failed, job.MaxAttempts, "test.broken"},
			{"plain error", func(int) error { return errors.New("disk full") }, job.Failed, job.MaxAttempts, "disk full"},
			{"wrapped internal error", func(int) error { return apperr.Wrap(errors.New("db gone"), "load") }, job.Failed, job.MaxAttempts, "error.internal"},
			{"panic", func(int) error { panic("boom") }, job.Failed, job.MaxAttempts, "panic: boom"},
			{"permanent", func(int) error { return job.Permanent(apperr.New(apperr.Invalid, "test.bad_file")) }, job.Failed, 1, "test.bad_file"},
			{"fails once", func(call int) error {
				if call == 1 {
					return errors.New("flaky")
				}
				return nil
			}, job.Done, 2, ""},
		}
		q := newQueue(d)
		var mu sync.Mutex
		calls := map[string]int{}
		ids := map[string]int64{}
		for _, tt := range tests {
			q.Register(tt.name, func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
				mu.Lock()
				calls[tt.name]++
				n := calls[tt.name]
				mu.Unlock()
				progress(10*n, fmt.Sprintf("%d", n))
				if err := tt.fail(n); err != nil {
					return nil, err
				}
				return n, nil
			})
			ids[tt.name] = mustEnqueue(t, system(), q, tt.name, nil).ID
		}
		start(t, q, 2)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				j := waitFor(t, q, ids[tt.name], "the end", terminal)
				mu.Lock()
				n := calls[tt.name]
				mu.Unlock()
				if j.Status != tt.wantStatus || j.Attempts != tt.wantAttempts || j.Error != tt.wantError || n != tt.wantAttempts {
					t.Fatalf("got %s after %d attempts (%d calls), error %q; want %s, %d, %q",
						j.Status, j.Attempts, n, j.Error, tt.wantStatus, tt.wantAttempts, tt.wantError)
				}
				if j.Status == job.Failed && (j.Progress != 10*n || j.Message != fmt.Sprint(n) || j.FinishedAt.IsZero()) {
					t.Fatalf("failed job keeps its last progress: %+v", j)
				}
			})
		}
		if s := q.Stats(); s.Failed != 5 || s.Done != 1 || s.Retried != 4*2+1 {
			t.Errorf("stats %+v", s)
		}
	})
}

// When another instance has taken the job over, the handler's context is
// cancelled with ErrLeaseLost and the outcome is not recorded.
func TestLeaseLost(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(d)
		q.SetLease(300 * time.Millisecond)
		started := make(chan struct{})
		cause := make(chan error, 1)
		q.Register("test.usurped", func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			close(started)
			<-ctx.Done()
			cause <- context.Cause(ctx)
			return "too late", nil
		})
		start(t, q, 1)
		id := mustEnqueue(t, system(), q, "test.usurped", nil).ID
		<-started
		if _, err := d.ExecContext(context.Background(), `UPDATE jobs SET locked_by = 'usurper', attempts = attempts + 1, locked_until = $1 WHERE id = $2`,
			db.Micros(time.Now().Add(time.Hour)), id); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-cause:
			if !errors.Is(err, job.ErrLeaseLost) {
				t.Fatalf("cause %v", err)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("handler not cancelled after losing its lease")
		}
		for q.Stats().Running != 0 {
			time.Sleep(5 * time.Millisecond)
		}
		j, err := q.Find(system(), id)
		if err != nil || j.Status != job.Running || j.Result != nil || j.Attempts != 2 {
			t.Fatalf("the usurper's job was overwritten: %+v, %v", j, err)
		}
	})
}

// A job runs as the actor of its creator.
func TestHandlerActor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(d)
		q.Register("test.whoami", func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			a := actor.From(ctx)
			return map[string]any{"user": a.UserID, "role": a.Role, "system": a.System}, nil
		})
		start(t, q, 1)
		run := func(ctx context.Context) job.Job {
			return waitFor(t, q, mustEnqueue(t, ctx, q, "test.whoami", nil).ID, "the end", terminal)
		}
		if j := run(system()); string(j.Result) != `{"role":"admin","system":true,"user":0}` {
			t.Errorf("system job ran as %s", j.Result)
		}
		// Without a lookup, a user's job carries no role: fail closed.
		if j := run(as(buyerID, actor.Buyer)); string(j.Result) != `{"role":"","system":false,"user":2}` {
			t.Errorf("job without lookup ran as %s", j.Result)
		}
		q.SetActorLookup(func(ctx context.Context, id int64) (actor.Actor, error) {
			if id == officerID {
				return actor.Actor{}, job.Permanent(apperr.New(apperr.NotFound, "user.not_found"))
			}
			return actor.Actor{UserID: id, Role: actor.Buyer}, nil
		})
		if j := run(as(buyerID, actor.Buyer)); string(j.Result) != `{"role":"buyer","system":false,"user":2}` {
			t.Errorf("job with lookup ran as %s", j.Result)
		}
		if j := run(as(officerID, actor.Officer)); j.Status != job.Failed || j.Error != "user.not_found" || j.Attempts != 1 {
			t.Errorf("job of a vanished user: %+v", j)
		}
	})
}

func TestPermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(d)
		job.RegisterDemo(q)
		q.RegisterKind(job.Kind{Name: "test.officers", Handler: func(context.Context, job.Job, job.Progress) (any, error) { return nil, nil }, Roles: []actor.Role{actor.Officer}})
		payload := job.DemoPayload{Steps: 3}

		officerJob := mustEnqueue(t, as(officerID, actor.Officer), q, job.DemoKind, payload)
		buyerJob := mustEnqueue(t, as(buyerID, actor.Buyer), q, job.DemoKind, payload)
		mustEnqueue(t, as(officerID, actor.Officer), q, "test.officers", nil)

		enqueues := []struct {
			name    string
			ctx     context.Context
			kind    string
			payload any
			code    apperr.Code
			key     string
		}{
			{"public", context.Background(), job.DemoKind, payload, apperr.Unauthenticated, "error.unauthenticated"},
			{"unknown kind", as(officerID, actor.Officer), "no.such.kind", payload, apperr.Invalid, "job.unknown_kind"},
			{"kind for other roles", as(buyerID, actor.Buyer), "test.officers", nil, apperr.Forbidden, "error.forbidden"},
			{"too many steps", as(buyerID, actor.Buyer), job.DemoKind, job.DemoPayload{Steps: 1001}, apperr.Invalid, "error.invalid"},
			{"too long a delay", as(buyerID, actor.Buyer), job.DemoKind, job.DemoPayload{Steps: 1, DelayMS: 2001}, apperr.Invalid, "error.invalid"},
			{"malformed payload", as(buyerID, actor.Buyer), job.DemoKind, json.RawMessage(`[1]`), apperr.Invalid, "job.payload_invalid"},
		}
		for _, tt := range enqueues {
			t.Run("enqueue/"+tt.name, func(t *testing.T) {
				_, err := q.Enqueue(tt.ctx, tt.kind, tt.payload)
				if ae := apperr.As(err); err == nil || ae.Code != tt.code || ae.Key != tt.key {
					t.Fatalf("got %v, want %s %s", err, tt.code, tt.key)
				}
			})
		}

		finds := []struct {
			name string
			ctx  context.Context
			id   int64
			code apperr.Code // "" for success
		}{
			{"creator", as(officerID, actor.Officer), officerJob.ID, ""},
			{"another officer", as(officer2, actor.Officer), buyerJob.ID, ""},
			{"admin", as(adminID, actor.Admin), officerJob.ID, ""},
			{"system", system(), officerJob.ID, ""},
			{"buyer, own job", as(buyerID, actor.Buyer), buyerJob.ID, ""},
			{"buyer, officer's job", as(buyerID, actor.Buyer), officerJob.ID, apperr.NotFound},
			{"no such job", as(adminID, actor.Admin), 999999, apperr.NotFound},
			{"public", context.Background(), buyerJob.ID, apperr.Unauthenticated},
		}
		for _, tt := range finds {
			t.Run("find/"+tt.name, func(t *testing.T) {
				j, err := q.Find(tt.ctx, tt.id)
				if tt.code == "" {
					if err != nil || j.ID != tt.id || string(j.Payload) != `{"steps":3,"delay_ms":0}` {
						t.Fatalf("got %+v, %v", j, err)
					}
					return
				}
				if !apperr.Is(err, tt.code) {
					t.Fatalf("got %v, want %s", err, tt.code)
				}
			})
		}

		recents := []struct {
			name string
			ctx  context.Context
			want []int64
		}{
			{"buyer sees own", as(buyerID, actor.Buyer), []int64{buyerJob.ID}},
			{"officer sees all", as(officer2, actor.Officer), []int64{officerJob.ID + 2, buyerJob.ID, officerJob.ID}},
			{"limit", as(adminID, actor.Admin), nil},
		}
		for _, tt := range recents {
			t.Run("recent/"+tt.name, func(t *testing.T) {
				limit := 50
				if tt.want == nil {
					limit = 1
				}
				js, err := q.Recent(tt.ctx, limit)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, j := range js {
					got = append(got, j.ID)
				}
				if tt.want == nil {
					if len(got) != 1 {
						t.Fatalf("limit 1 gave %v", got)
					}
					return
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			})
		}
		if _, err := q.Recent(context.Background(), 10); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("public Recent: %v", err)
		}
	})
}
