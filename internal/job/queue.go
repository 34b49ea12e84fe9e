package job

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
)

// Defaults of a new Queue.
const (
	DefaultLease        = 30 * time.Second
	DefaultPollInterval = 250 * time.Millisecond
	DefaultDrainTimeout = 30 * time.Second
	DefaultRetryDelay   = 5 * time.Second
)

// maxPayload bounds a payload, so that the jobs table holds parameters,
// not files (an import stores its file elsewhere and names it).
const maxPayload = 1 << 20

// ActorLookup rebuilds the actor a job runs as from the id of the user who
// enqueued it.
type ActorLookup func(ctx context.Context, userID int64) (actor.Actor, error)

// Queue enqueues jobs and runs them. One Queue serves one process; several
// processes on one database each have their own, told apart by WorkerID.
type Queue struct {
	db       *db.DB
	logger   *slog.Logger
	workerID string
	now      func() time.Time
	wake     chan struct{}

	mu         sync.RWMutex
	kinds      map[string]Kind
	lease      time.Duration
	poll       time.Duration
	drain      time.Duration
	retryDelay time.Duration
	lookup     ActorLookup

	done, failed, retried, running atomic.Int64
}

// NewQueue returns a queue over d that logs to logger (nil: no logging).
// It runs nothing until Run.
func NewQueue(d *db.DB, logger *slog.Logger) *Queue {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return &Queue{
		db:         d,
		logger:     logger,
		workerID:   fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:])),
		now:        time.Now,
		wake:       make(chan struct{}, 1),
		kinds:      map[string]Kind{},
		lease:      DefaultLease,
		poll:       DefaultPollInterval,
		drain:      DefaultDrainTimeout,
		retryDelay: DefaultRetryDelay,
	}
}

// WorkerID names this instance in the jobs it claims (hostname, process
// id and a random suffix).
func (q *Queue) WorkerID() string { return q.workerID }

// SetLease sets how long a claim holds a job without a heartbeat
// (default 30 s; heartbeats come every third of it). An instance that dies
// delays its jobs by at most this long.
func (q *Queue) SetLease(d time.Duration) {
	q.mu.Lock()
	q.lease = max(d, 30*time.Millisecond)
	q.mu.Unlock()
}

// SetPollInterval sets how often an idle worker looks for a job (default
// 250 ms). A job enqueued through this Queue wakes a worker at once.
func (q *Queue) SetPollInterval(d time.Duration) {
	q.mu.Lock()
	q.poll = max(d, time.Millisecond)
	q.mu.Unlock()
}

// SetDrainTimeout sets how long Run waits, once its ctx is cancelled, for
// running jobs to finish before cancelling their contexts (default 30 s).
func (q *Queue) SetDrainTimeout(d time.Duration) {
	q.mu.Lock()
	q.drain = max(d, 0)
	q.mu.Unlock()
}

// SetRetryDelay sets the pause before a failed job is tried again; the
// n-th retry waits n times as long (default 5 s).
func (q *Queue) SetRetryDelay(d time.Duration) {
	q.mu.Lock()
	q.retryDelay = max(d, 0)
	q.mu.Unlock()
}

// SetActorLookup sets how a job's actor is rebuilt from its creator's user
// id (in app: from the account service, so that a disabled user's jobs
// stop and a changed role applies). Without it a user's job runs as an
// actor with that user id and no role, which every role check refuses;
// jobs enqueued by cnht itself always run as the system actor.
func (q *Queue) SetActorLookup(f ActorLookup) {
	q.mu.Lock()
	q.lookup = f
	q.mu.Unlock()
}

type config struct {
	lease, poll, drain, retryDelay time.Duration
	lookup                         ActorLookup
}

func (q *Queue) config() config {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return config{lease: q.lease, poll: q.poll, drain: q.drain, retryDelay: q.retryDelay, lookup: q.lookup}
}

// Register adds a kind of job that any signed-in user may enqueue.
func (q *Queue) Register(kind string, h Handler) {
	q.RegisterKind(Kind{Name: kind, Handler: h})
}

// RegisterKind adds a kind of job with its enqueue rules. Registering a
// name twice replaces the earlier kind. Every instance sharing a database
// should register the same kinds: an instance claims only the kinds it
// knows.
func (q *Queue) RegisterKind(k Kind) {
	if k.Name == "" || k.Handler == nil {
		panic("job: RegisterKind needs a name and a handler")
	}
	q.mu.Lock()
	q.kinds[k.Name] = k
	q.mu.Unlock()
}

func (q *Queue) kind(name string) (Kind, bool) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	k, ok := q.kinds[name]
	return k, ok
}

func (q *Queue) kindNames() []string {
	q.mu.RLock()
	defer q.mu.RUnlock()
	names := make([]string, 0, len(q.kinds))
	for n := range q.kinds {
		names = append(names, n)
	}
	// Sorted, so that the claim query's text, cached by the db package,
	// stays the same.
	sort.Strings(names)
	return names
}

// Stats reports what this process's workers have done.
func (q *Queue) Stats() Stats {
	return Stats{Done: q.done.Load(), Failed: q.failed.Load(), Retried: q.retried.Load(), Running: q.running.Load()}
}

// Enqueue stores a new job of a registered kind with its payload (encoded
// as JSON) for the workers of any instance to run. Any signed-in user, and
// cnht itself, may enqueue, unless the kind names the roles that may.
func (q *Queue) Enqueue(ctx context.Context, kind string, payload any) (Job, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Job{}, err
	}
	k, ok := q.kind(kind)
	if !ok {
		return Job{}, apperr.Errorf(apperr.Invalid, "job.unknown_kind", "kind", kind)
	}
	if len(k.Roles) > 0 {
		if _, err := actor.Require(ctx, k.Roles...); err != nil {
			return Job{}, err
		}
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return Job{}, apperr.Wrap(err, "encode job payload")
	}
	if string(raw) == "null" {
		raw = []byte("{}")
	}
	if len(raw) > maxPayload {
		return Job{}, apperr.New(apperr.Invalid, "job.payload_too_large")
	}
	if k.Check != nil {
		if err := k.Check(raw); err != nil {
			return Job{}, err
		}
	}
	j := Job{Kind: kind, Status: Queued, Payload: raw, CreatedBy: a.UserID, CreatedAt: q.now().UTC().Truncate(time.Microsecond)}
	err = q.db.QueryRowContext(ctx, `INSERT INTO jobs (kind, status, payload, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		j.Kind, string(j.Status), string(raw), j.CreatedBy, db.Micros(j.CreatedAt)).Scan(&j.ID)
	if err != nil {
		return Job{}, apperr.Wrap(err, "enqueue job")
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return j, nil
}

const jobCols = `id, kind, status, progress, message, payload, result, error, created_by, created_at, started_at, finished_at, attempts`

func scanJob(sc interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var status, payload, result string
	var created, started, finished int64
	err := sc.Scan(&j.ID, &j.Kind, &status, &j.Progress, &j.Message, &payload, &result, &j.Error, &j.CreatedBy, &created, &started, &finished, &j.Attempts)
	if err != nil {
		return j, err
	}
	j.Status = Status(status)
	j.Payload = json.RawMessage(payload)
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	j.CreatedAt, j.StartedAt, j.FinishedAt = db.FromMicros(created), db.FromMicros(started), db.FromMicros(finished)
	return j, nil
}

// seesAll reports whether a may read every job, not only its own.
func seesAll(a actor.Actor) bool {
	return a.System || a.Role == actor.Admin || a.Role == actor.Officer
}

// Find returns a job to its creator, officers and admins. Anyone else is
// told it does not exist, so that job ids cannot be probed.
func (q *Queue) Find(ctx context.Context, id int64) (Job, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Job{}, err
	}
	j, err := scanJob(q.db.QueryRowContext(ctx, `SELECT `+jobCols+` FROM jobs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) || err == nil && !seesAll(a) && j.CreatedBy != a.UserID {
		return Job{}, apperr.Errorf(apperr.NotFound, "job.not_found", "id", id)
	}
	if err != nil {
		return Job{}, apperr.Wrap(err, "find job")
	}
	return j, nil
}

// Recent returns the newest jobs, at most limit of them (1 to 200; out of
// range means 20): the caller's own, or every job for officers and admins.
func (q *Queue) Recent(ctx context.Context, limit int) ([]Job, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if limit < 1 || limit > 200 {
		limit = 20
	}
	var rows *sql.Rows
	if seesAll(a) {
		rows, err = q.db.QueryContext(ctx, `SELECT `+jobCols+` FROM jobs ORDER BY id DESC LIMIT $1`, limit)
	} else {
		rows, err = q.db.QueryContext(ctx, `SELECT `+jobCols+` FROM jobs WHERE created_by = $1 ORDER BY id DESC LIMIT $2`, a.UserID, limit)
	}
	if err != nil {
		return nil, apperr.Wrap(err, "list jobs")
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan job")
		}
		out = append(out, j)
	}
	return out, apperr.Wrap(rows.Err(), "list jobs")
}
