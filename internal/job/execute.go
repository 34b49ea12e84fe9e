package job

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db"
)

// execute runs a claimed job to the end of its attempt and records the
// outcome.
func (q *Queue) execute(hard context.Context, abandon <-chan struct{}, j Job) {
	q.running.Add(1)
	defer q.running.Add(-1)
	cfg := q.config()
	ctx, cancel := context.WithCancelCause(hard)
	defer cancel(nil)
	r := &reporter{q: q, j: j, lease: cfg.lease, cancel: cancel, notify: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	r.percent, r.message = j.Progress, j.Message
	go r.loop(abandon)

	started := time.Now()
	var result any
	hctx, err := q.withActor(ctx, cfg.lookup, j)
	if err == nil {
		k, ok := q.kind(j.Kind)
		if !ok {
			err = Permanent(fmt.Errorf("job kind %q is no longer registered", j.Kind))
		} else {
			result, err = call(hctx, k.Handler, j, r.progress)
		}
	}
	close(r.stop)
	<-r.done
	q.finish(hard, r, j, result, err, time.Since(started))
}

// withActor gives the handler the actor of the job's creator.
func (q *Queue) withActor(ctx context.Context, lookup ActorLookup, j Job) (context.Context, error) {
	switch {
	case j.CreatedBy == 0:
		return actor.SystemContext(ctx), nil
	case lookup != nil:
		a, err := lookup(ctx, j.CreatedBy)
		if err != nil {
			return ctx, err
		}
		return actor.NewContext(ctx, a), nil
	}
	return actor.NewContext(ctx, actor.Actor{UserID: j.CreatedBy}), nil
}

// call runs the handler, turning a panic into an error.
func call(ctx context.Context, h Handler, j Job, p Progress) (result any, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{value: v, stack: stack()}
		}
	}()
	return h(ctx, j, p)
}

// finish records how an attempt ended. Every write is fenced by this
// worker's id and the attempt number: if another instance has taken the
// job over, nothing is written.
func (q *Queue) finish(hard context.Context, r *reporter, j Job, result any, err error, took time.Duration) {
	log := q.logger.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "worker", q.workerID)
	if r.lost.Load() {
		log.Warn("job lease lost: another instance has the job", "err", err)
		return
	}
	resultText := ""
	if err == nil && result != nil {
		b, merr := json.Marshal(result)
		if merr != nil {
			err = Permanent(fmt.Errorf("encode job result: %w", merr))
		} else if string(b) != "null" {
			resultText = string(b)
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(hard), writeTimeout)
	defer cancel()
	percent, message := r.last()
	now := q.now()
	const fence = ` WHERE id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`
	fenceArgs := []any{j.ID, q.workerID, j.Attempts}
	var res sql.Result
	var werr error
	var permanent *permanentError
	var panicked *panicError
	switch {
	case err == nil:
		res, werr = q.db.ExecContext(ctx, `UPDATE jobs SET status = 'done', progress = 100, message = $4, result = $5, error = '', finished_at = $6, locked_by = '', locked_until = 0`+fence,
			append(fenceArgs, message, resultText, db.Micros(now))...)
		if werr == nil {
			q.done.Add(1)
			log.Info("job done", "took", took)
		}
	case hard.Err() != nil:
		// Interrupted by this instance's shutdown, which is not the job's
		// fault: queue it again and give the attempt back.
		res, werr = q.db.ExecContext(ctx, `UPDATE jobs SET status = 'queued', progress = $4, message = $5, attempts = attempts - 1, locked_by = '', locked_until = 0`+fence,
			append(fenceArgs, percent, message)...)
		log.Warn("job interrupted by shutdown: queued again", "err", err)
	case errors.As(err, &permanent) || j.Attempts >= MaxAttempts:
		res, werr = q.db.ExecContext(ctx, `UPDATE jobs SET status = 'failed', progress = $4, message = $5, error = $6, finished_at = $7, locked_by = '', locked_until = 0`+fence,
			append(fenceArgs, percent, message, errorText(err), db.Micros(now))...)
		if werr == nil {
			q.failed.Add(1)
		}
		if errors.As(err, &panicked) {
			log.Error("job failed: handler panicked", "err", err, "stack", string(panicked.stack))
		} else {
			log.Warn("job failed", "err", err)
		}
	default:
		retry := now.Add(q.config().retryDelay * time.Duration(j.Attempts))
		res, werr = q.db.ExecContext(ctx, `UPDATE jobs SET status = 'queued', progress = $4, message = $5, error = $6, locked_by = '', locked_until = $7`+fence,
			append(fenceArgs, percent, message, errorText(err), db.Micros(retry))...)
		if werr == nil {
			q.retried.Add(1)
		}
		if errors.As(err, &panicked) {
			log.Error("job attempt failed: handler panicked; will retry", "err", err, "stack", string(panicked.stack))
		} else {
			log.Warn("job attempt failed; will retry", "err", err, "retry_at", retry)
		}
	}
	if werr != nil {
		// The lease will run out and a later claim will try again.
		log.Error("record job outcome", "err", werr)
		return
	}
	if n, _ := res.RowsAffected(); n == 0 {
		log.Warn("job outcome not recorded: another instance has the job")
	}
}

// reporter writes a running job's progress, throttled, and renews its
// lease, from its own goroutine so that a handler never waits for the
// database to report progress.
type reporter struct {
	q      *Queue
	j      Job
	lease  time.Duration
	cancel context.CancelCauseFunc
	notify chan struct{}
	stop   chan struct{}
	done   chan struct{}
	lost   atomic.Bool

	mu      sync.Mutex
	percent int
	message string
}

// progress is the handler's Progress.
func (r *reporter) progress(percent int, message string) {
	percent = min(max(percent, 0), 100)
	message = clip(strings.TrimSpace(message), 500)
	r.mu.Lock()
	r.percent, r.message = percent, message
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func (r *reporter) last() (int, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.percent, r.message
}

// loop writes progress at most once per progressGap, always ending with
// the latest value, and renews the lease every third of it. It stops at
// r.stop (the attempt's outcome then records the latest progress), when
// the lease is lost, or when Run abandons the job, so that the lease runs
// out for another instance to take the job over.
func (r *reporter) loop(abandon <-chan struct{}) {
	defer close(r.done)
	beat := time.NewTicker(max(r.lease/3, time.Millisecond))
	defer beat.Stop()
	var flush <-chan time.Time
	var written time.Time
	for {
		select {
		case <-r.stop:
			return
		case <-abandon:
			return
		case <-r.notify:
			if flush == nil {
				flush = time.After(max(time.Until(written.Add(progressGap)), 0))
			}
			continue
		case <-flush:
			flush = nil
		case <-beat.C:
		}
		if !r.write() {
			return
		}
		written = time.Now()
	}
}

// write stores the progress and extends the lease; it reports false when
// the lease has been lost, after cancelling the handler.
func (r *reporter) write() bool {
	ctx, cancel := context.WithTimeout(context.Background(), r.lease)
	defer cancel()
	percent, message := r.last()
	res, err := r.q.db.ExecContext(ctx, `UPDATE jobs SET progress = $4, message = $5, locked_until = $6
		WHERE id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`,
		r.j.ID, r.q.workerID, r.j.Attempts, percent, message, db.Micros(r.q.now().Add(r.lease)))
	if err != nil {
		// Keep trying: a short outage must not stop the job. If it
		// outlasts the lease, a later write finds the job taken.
		r.q.logger.Warn("job heartbeat", "job", r.j.ID, "worker", r.q.workerID, "err", err)
		return true
	}
	if n, _ := res.RowsAffected(); n == 0 {
		r.lost.Store(true)
		r.cancel(ErrLeaseLost)
		return false
	}
	return true
}
