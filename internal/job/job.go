// Package job runs long work (imports, exports, report generation,
// reminders) as persisted jobs whose progress the user can watch.
//
// A job is a row of the jobs table. Enqueue inserts it as Queued; the
// workers started by Queue.Run claim one job at a time with a single
// conditional UPDATE, which is safe when several instances of cnht share
// one database: PostgreSQL re-checks the condition on the locked row under
// READ COMMITTED (and the claim skips rows another claimer holds), SQLite
// runs the statement under its one writer lock. A claim takes a lease
// (locked_until) that a heartbeat extends while the handler runs; when an
// instance dies its lease runs out and any instance claims the job again,
// which is how jobs survive a restart. Every write a worker makes to a
// claimed job is fenced by its worker id and attempt number, so an instance
// that lost its lease can never overwrite the work of the one that took
// over.
//
// A job is tried at most MaxAttempts times: a handler error, a panic, or a
// lease that ran out (the instance died) each use an attempt. Delivery is
// therefore at least once, and exactly once while no instance dies or
// loses its database for longer than the lease; handlers of work that must
// not be done twice (sending mail) should record what they have done.
//
// Queue.Run stops gracefully: once its context is cancelled it claims no
// more jobs and waits for the running ones, whose handlers keep a context of
// their own that is cancelled only when the drain timeout passes; a job cut
// short that way goes back to the queue for another instance.
//
// Messages stored with a job are data, never English or Vietnamese text:
// progress messages such as "3/10", and failures as an i18n key when the
// handler returns an *apperr.Error, so that the web page renders them in
// the reader's language.
package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"cnht/internal/actor"
	"cnht/internal/apperr"
)

// Status is where a job is in its life.
type Status string

// The statuses of a job, as stored.
const (
	Queued  Status = "queued"
	Running Status = "running"
	Done    Status = "done"
	Failed  Status = "failed"
)

// Terminal reports whether the job will not change any more.
func (s Status) Terminal() bool { return s == Done || s == Failed }

// MaxAttempts is how many attempts a job gets: after that many failed
// attempts (handler errors, panics, or leases that ran out) it is Failed.
const MaxAttempts = 3

// Job is one persisted job.
type Job struct {
	ID       int64
	Kind     string
	Status   Status
	Progress int // percent, 0 to 100
	// Message is the handler's last progress message, as data ("3/10").
	Message string
	Payload json.RawMessage
	// Result is the handler's result as JSON, nil until Done.
	Result json.RawMessage
	// Error is the last failure: an i18n key for an *apperr.Error,
	// otherwise the error's text.
	Error     string
	CreatedBy int64 // user id; 0 when cnht itself enqueued the job
	CreatedAt time.Time
	// StartedAt is when the latest attempt was claimed.
	StartedAt  time.Time
	FinishedAt time.Time
	// Attempts counts the claims of the job, less those cut short by a
	// shutdown of the claiming instance (which are no fault of the job).
	Attempts int
}

// Progress reports how far a handler has come: percent from 0 to 100 and
// a short message that is data, not prose ("3/10"). It returns at once;
// the value is written to the database at most about four times a second,
// and the last value is always written.
type Progress func(percent int, message string)

// Handler does the work of one kind of job. Its ctx carries the actor of
// the job's creator (see Queue.SetActorLookup) and is cancelled only when
// the job must stop: its instance lost the lease, or a shutdown outlived
// the drain timeout. The result is stored as JSON. Returning an error
// retries the job until MaxAttempts; wrap it with Permanent when retrying
// cannot help.
type Handler func(ctx context.Context, j Job, progress Progress) (result any, err error)

// Kind describes a kind of job for Queue.RegisterKind.
type Kind struct {
	// Name identifies the kind, e.g. "enterprise.import".
	Name    string
	Handler Handler
	// Roles may enqueue the kind; empty means any signed-in user.
	Roles []actor.Role
	// Check validates a payload at Enqueue, so that a form learns at once
	// what is wrong instead of watching a job fail; nil accepts any.
	Check func(payload json.RawMessage) error
}

// Stats counts what the workers of this process have done since it
// started, for /metrics.
type Stats struct {
	Done    int64 // jobs finished successfully
	Failed  int64 // jobs marked Failed (including abandoned ones swept here)
	Retried int64 // failed attempts that were queued again
	Running int64 // jobs running now
}

// ErrLeaseLost is the cause of a handler's ctx cancellation when another
// instance has claimed the job (this one could not renew its lease in time).
var ErrLeaseLost = errors.New("job: lease lost to another instance")

// ErrDrainTimeout is the cause of a handler's ctx cancellation when a
// shutdown waited longer than the drain timeout.
var ErrDrainTimeout = errors.New("job: shutdown drain timeout passed")

// Permanent marks err as one that retrying cannot cure (a malformed file,
// a refused permission): the job fails at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (p *permanentError) Error() string { return p.err.Error() }
func (p *permanentError) Unwrap() error { return p.err }

// panicError is a recovered handler panic.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// stack is the stack of the current goroutine, for a panic's log entry.
func stack() []byte { return debug.Stack() }

// errorText is what is stored for a failure: the i18n key of an
// application error, so that the web page can translate it, otherwise the
// error's text.
func errorText(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Key
	}
	return clip(err.Error(), 2000)
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
