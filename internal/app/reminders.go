package app

import (
	"context"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/job"
	"cnht/internal/plan"
	"cnht/internal/watch"
	"cnht/internal/web"
)

// remindersKind is the job that reminds enterprises to file their
// statistics reports (plan.SendReminders). cnht enqueues it every hour;
// admins may run it at once through the jobs API.
const remindersKind = "plan.reminders"

// registerReminderJob sends plan's reminders through watch's
// notifications and registers the job that sends them.
func registerReminderJob(q *job.Queue, plans *plan.Service, watcher *watch.Service) {
	plans.SetNotifier(watcher, web.StatisticsFormURL)
	q.RegisterKind(job.Kind{
		Name:  remindersKind,
		Roles: []actor.Role{actor.Admin},
		Handler: func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			res, err := plans.SendReminders(ctx)
			if err != nil && apperr.CodeOf(err) != apperr.Internal {
				return nil, job.Permanent(err)
			}
			return res, err
		},
	})
}

// remindEvery enqueues the reminders job at once and then every period
// until ctx ends. Each instance does; a reminder is sent once however
// many run it (stat_reminders).
func (a *App) remindEvery(ctx context.Context, period time.Duration) {
	sys := actor.SystemContext(ctx)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		if _, err := a.Jobs.Enqueue(sys, remindersKind, nil); err != nil && ctx.Err() == nil {
			a.Logger.Error("enqueue reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
