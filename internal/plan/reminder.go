package plan

import (
	"context"
	"strconv"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
)

// Notifier tells the users of an organisation something, each in their
// own language: titleKey and bodyKey are message keys, args fill them
// (times print as dates). It answers how many users were told. The app
// wires it to the watch capability, which keeps notifications and sends
// e-mail; plan declares only what it needs.
type Notifier interface {
	NotifyOrganisation(ctx context.Context, orgID int64, titleKey, bodyKey string, args map[string]any, link string) (int, error)
}

// SetNotifier sets where reminders go, and link gives the address of an
// enterprise's form for a period that a reminder points to; without a
// notifier SendReminders sends nothing.
func (s *Service) SetNotifier(n Notifier, link func(periodID, enterpriseID int64) string) {
	s.notifier, s.reportLink = n, link
}

// Reminder kinds (stat_reminders.kind).
const (
	RemindBefore = "before"
	RemindAfter  = "after"
)

// Reminder timing: the first reminder goes RemindDaysBefore days before
// the due date; the second the day after it. A reminder not sent on its
// day (the server was down) is sent on a later run: the first until the
// due date, the second up to RemindWindowDays days after its day, so that
// old periods do not wake up.
const (
	RemindDaysBefore = 14
	RemindWindowDays = 30
)

// RemindResult counts the reminders one run sent, by kind (enterprises
// reminded, and users told).
type RemindResult struct {
	Before int `json:"before"`
	After  int `json:"after"`
	Users  int `json:"users"`
}

// SendReminders reminds the enterprises that have not submitted their
// report for a period: RemindDaysBefore days before its due date, and
// again the day after it. Each (period, enterprise, kind) is reminded
// once, recorded in stat_reminders before the notification is sent, so
// that several instances running it at once send it once; a failed
// notification takes its record back to be tried at the next run. The
// notification goes to the users of the enterprise's organisation (an
// enterprise nobody holds has nobody to tell). System and admins: it runs
// as a job every hour.
func (s *Service) SendReminders(ctx context.Context) (RemindResult, error) {
	var res RemindResult
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return res, err
	}
	if s.notifier == nil {
		return res, nil
	}
	periods, err := s.allPeriods(ctx)
	if err != nil {
		return res, err
	}
	today := s.Today()
	for _, p := range periods {
		kind := ""
		before := p.DueOn.AddDate(0, 0, -RemindDaysBefore)
		after := p.DueOn.AddDate(0, 0, 1)
		switch {
		case !today.Before(before) && !today.After(p.DueOn):
			kind = RemindBefore
		case !today.Before(after) && !today.After(after.AddDate(0, 0, RemindWindowDays)):
			kind = RemindAfter
		default:
			continue
		}
		type due struct {
			id, org int64
			name    string
		}
		rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.org_id, e.name`+filingsFrom+` AND COALESCE(r.status, '') <> 'submitted' AND COALESCE(e.org_id, 0) <> 0
			AND NOT EXISTS (SELECT 1 FROM stat_reminders m WHERE m.period_id = $1 AND m.enterprise_id = e.id AND m.kind = $3) ORDER BY e.id`,
			p.ID, db.DateString(s.expectedDay(p)), kind)
		if err != nil {
			return res, apperr.Wrap(err, "reminders due")
		}
		var todo []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.org, &d.name); err != nil {
				rows.Close()
				return res, apperr.Wrap(err, "scan reminder")
			}
			todo = append(todo, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, apperr.Wrap(err, "reminders due")
		}
		label := strconv.Itoa(p.Year)
		if p.Quarter != 0 {
			label = "Q" + strconv.Itoa(p.Quarter) + "/" + label
		}
		for _, d := range todo {
			r, err := s.db.ExecContext(ctx, `INSERT INTO stat_reminders (period_id, enterprise_id, kind, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				p.ID, d.id, kind, db.Micros(s.now()))
			if err != nil {
				return res, apperr.Wrap(err, "record reminder")
			}
			if n, _ := r.RowsAffected(); n == 0 {
				continue // another instance sent it
			}
			users, err := s.notifier.NotifyOrganisation(ctx, d.org, "stat.remind_"+kind+".title", "stat.remind_"+kind+".body",
				map[string]any{"period": label, "due": p.DueOn, "name": d.name}, s.reportLink(p.ID, d.id))
			if err != nil {
				_, _ = s.db.ExecContext(context.WithoutCancel(ctx), `DELETE FROM stat_reminders WHERE period_id = $1 AND enterprise_id = $2 AND kind = $3`, p.ID, d.id, kind)
				return res, err
			}
			res.Users += users
			if kind == RemindBefore {
				res.Before++
			} else {
				res.After++
			}
		}
	}
	return res, nil
}

// allPeriods lists every period without a caller check (internal use).
func (s *Service) allPeriods(ctx context.Context) ([]Period, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, year, quarter, opens_on, due_on FROM stat_periods ORDER BY year DESC, quarter DESC`)
	if err != nil {
		return nil, apperr.Wrap(err, "list periods")
	}
	defer rows.Close()
	var out []Period
	for rows.Next() {
		p, err := scanPeriod(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan period")
		}
		out = append(out, p)
	}
	return out, apperr.Wrap(rows.Err(), "list periods")
}

// RemindEvery is how often the server runs SendReminders.
const RemindEvery = time.Hour
