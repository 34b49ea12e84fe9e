package job

import (
	"context"
	"fmt"
	"sync"
	"time"
)

const (
	// progressGap spaces progress writes: at most about four a second.
	progressGap = 250 * time.Millisecond
	// abandonGrace is how long Run still waits for handlers once their
	// contexts are cancelled, before it returns without them.
	abandonGrace = 2 * time.Second
	// writeTimeout bounds each bookkeeping statement.
	writeTimeout = 15 * time.Second
)

// Run runs workers goroutines that claim and run jobs until ctx is
// cancelled. It then claims no more and returns once the jobs in flight
// have finished: their contexts are not cancelled by ctx, only when the
// drain timeout passes; a job interrupted that way is queued again without
// using an attempt. Run returns nil after a clean drain, and an error when
// handlers ignored their cancelled contexts (their jobs are then left to
// run out their leases).
func (q *Queue) Run(ctx context.Context, workers int) error {
	workers = max(workers, 1)
	hard, hardCancel := context.WithCancelCause(context.WithoutCancel(ctx))
	defer hardCancel(nil)
	abandon := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { q.work(ctx, hard, abandon) })
	}
	q.logger.Info("job workers started", "worker", q.workerID, "workers", workers)
	<-ctx.Done()
	idle := make(chan struct{})
	go func() { wg.Wait(); close(idle) }()
	select {
	case <-idle:
		q.logger.Info("job workers stopped", "worker", q.workerID)
		return nil
	case <-time.After(q.config().drain):
	}
	q.logger.Warn("job drain timeout passed: cancelling running jobs", "worker", q.workerID, "running", q.running.Load())
	hardCancel(ErrDrainTimeout)
	select {
	case <-idle:
		return nil
	case <-time.After(abandonGrace):
	}
	close(abandon)
	return fmt.Errorf("job: %d jobs still running %s after their contexts were cancelled", q.running.Load(), abandonGrace)
}

// work is one worker: claim, run, repeat; sleep when there is nothing.
func (q *Queue) work(ctx, hard context.Context, abandon <-chan struct{}) {
	for ctx.Err() == nil {
		j, ok, err := q.claim(hard)
		if err != nil {
			q.logger.Error("claim job", "worker", q.workerID, "err", err)
		}
		if ok {
			q.execute(hard, abandon, j)
			continue
		}
		wait := q.config().poll
		if err != nil {
			// The database is failing: do not flood the log.
			wait = max(wait, time.Second)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-t.C:
		case <-q.wake:
		}
		t.Stop()
	}
}
