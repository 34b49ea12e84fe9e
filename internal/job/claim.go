package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cnht/internal/db"
)

// claim takes the oldest claimable job of a known kind, if any. Claimable
// means queued and not waiting for a retry, or running under a lease that
// ran out. Jobs whose lease ran out on their last attempt are failed.
func (q *Queue) claim(base context.Context) (Job, bool, error) {
	names := q.kindNames()
	if len(names) == 0 {
		return Job{}, false, nil
	}
	kinds := make([]any, len(names))
	for i, n := range names {
		kinds[i] = n
	}
	// A claim that the caller's cancellation cut short could commit
	// without our learning it; only a timeout stops it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(base), writeTimeout)
	defer cancel()
	lease := q.config().lease
	now := q.now()

	// Look before writing: idle workers poll often, and on SQLite even an
	// UPDATE that changes nothing takes the database's one writer lock.
	var status string
	var attempts int
	err := q.db.QueryRowContext(ctx, `SELECT status, attempts FROM jobs
		WHERE ((status = 'queued' AND locked_until <= $1) OR (status = 'running' AND locked_until < $1))
		AND kind IN (`+db.Placeholders(2, len(kinds))+`) ORDER BY id LIMIT 1`,
		append([]any{db.Micros(now)}, kinds...)...).Scan(&status, &attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, fmt.Errorf("look for jobs: %w", err)
	}
	if Status(status) == Running && attempts >= MaxAttempts {
		if err := q.sweep(ctx, now); err != nil {
			return Job{}, false, err
		}
	}

	// A job enqueued after this claimer read the clock starts no earlier
	// than it was created.
	// The condition is repeated outside the subquery: on PostgreSQL under
	// READ COMMITTED a claimer that waited for the row's lock re-checks it
	// on the row as the winner left it, and so claims nothing. SKIP LOCKED
	// lets it take the next row instead of waiting. SQLite runs the whole
	// statement under its writer lock.
	claimable := `((status = 'queued' AND locked_until <= $1) OR (status = 'running' AND locked_until < $1 AND attempts < $2))`
	skip := ""
	if q.db.Dialect() == db.Postgres {
		skip = ` FOR UPDATE SKIP LOCKED`
	}
	j, err := scanJob(q.db.QueryRowContext(ctx, `UPDATE jobs
		SET status = 'running', locked_by = $3, locked_until = $4, started_at = CASE WHEN created_at > $1 THEN created_at ELSE $1 END, attempts = attempts + 1
		WHERE id = (SELECT id FROM jobs WHERE `+claimable+` AND kind IN (`+db.Placeholders(5, len(kinds))+`) ORDER BY id LIMIT 1`+skip+`)
		AND `+claimable+`
		RETURNING `+jobCols,
		append([]any{db.Micros(now), MaxAttempts, q.workerID, db.Micros(now.Add(lease))}, kinds...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, fmt.Errorf("claim job: %w", err)
	}
	return j, true, nil
}

// sweep fails the jobs whose instances died holding them on their last
// attempt.
func (q *Queue) sweep(ctx context.Context, now time.Time) error {
	rows, err := q.db.QueryContext(ctx, `UPDATE jobs SET status = 'failed', error = $3, finished_at = $1, locked_by = '', locked_until = 0
		WHERE status = 'running' AND locked_until < $1 AND attempts >= $2 RETURNING id, kind`,
		db.Micros(now), MaxAttempts, "job.lease_expired")
	if err != nil {
		return fmt.Errorf("fail abandoned jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return fmt.Errorf("fail abandoned jobs: %w", err)
		}
		q.failed.Add(1)
		q.logger.Warn("job failed: its instance stopped during the last attempt", "job", id, "kind", kind, "worker", q.workerID)
	}
	return rows.Err()
}
