package watch

import (
	"context"

	"cnht/internal/apperr"
	"cnht/internal/db"
)

// NotifyOrganisation tells every enabled user of an organisation
// something, each in their own language: titleKey and bodyKey are message
// keys filled from args (times print as dates), link is the address the
// notification points to. Users get it in cnht, and by e-mail when SMTP
// is configured. It answers how many users were told. For other
// capabilities' reminders (plan's reminders to file); it checks no caller,
// being called by cnht itself.
func (s *Service) NotifyOrganisation(ctx context.Context, orgID int64, titleKey, bodyKey string, args map[string]any, link string) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, email, lang FROM users WHERE org_id = $1 AND NOT disabled ORDER BY id`, orgID)
	if err != nil {
		return 0, apperr.Wrap(err, "organisation users")
	}
	type user struct {
		id          int64
		email, lang string
	}
	var users []user
	for rows.Next() {
		var u user
		if err := rows.Scan(&u.id, &u.email, &u.lang); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "scan user")
		}
		users = append(users, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "organisation users")
	}
	for _, u := range users {
		p := s.bundle.Printer(u.lang)
		title, body := p.TMap(titleKey, args), p.TMap(bodyKey, args)
		if _, err := s.db.ExecContext(ctx, `INSERT INTO notifications (user_id, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5)`,
			u.id, title, body, link, db.Micros(s.now())); err != nil {
			return 0, apperr.Wrap(err, "notify")
		}
		if s.opt.Mailer == nil || u.email == "" {
			continue
		}
		text := body + "\n\n" + s.opt.PublicURL + link + "\n"
		go func() {
			if err := s.opt.Mailer.Send(u.email, title, text); err != nil {
				s.logger.Error("watch: e-mail", "to", u.email, "err", err)
			}
		}()
	}
	return len(users), nil
}
