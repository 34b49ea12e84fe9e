// Package watch keeps buyers' and officers' saved searches of the supplier
// directory, and tells them — in the application, and by e-mail when SMTP
// is configured — when an enterprise that is new, or has changed, matches
// one. The search tells it what changed after every refresh (on every
// instance); each (search, enterprise, change) is recorded once in the
// database, so that several instances report a change once.
package watch

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/i18n"
	"cnht/internal/search"
	"cnht/internal/vn"
)

// SavedSearch is a search a user asked to be told about.
type SavedSearch struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Query     string    `json:"query"` // the directory's query string
	Lang      string    `json:"lang"`
	Email     bool      `json:"email"`
	CreatedAt time.Time `json:"created_at"`
}

// Notification is a message for a user.
type Notification struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Link      string    `json:"link"`
	CreatedAt time.Time `json:"created_at"`
	ReadAt    time.Time `json:"read_at"`
}

// Mailer sends one e-mail.
type Mailer interface {
	Send(to, subject, body string) error
}

// Options configure the service.
type Options struct {
	// Mailer sends e-mail; nil sends none.
	Mailer Mailer
	// PublicURL prefixes links in e-mail ("https://cnht.example.vn").
	PublicURL string
	// DirectoryURL gives a directory page's address in a language for a
	// query string, ProfileURL a profile's.
	DirectoryURL func(lang string, q url.Values) string
	ProfileURL   func(lang string, id int64, name string) string
}

// Service keeps saved searches and notifications.
type Service struct {
	db       *db.DB
	search   *search.Service
	accounts *account.Service
	bundle   *i18n.Bundle
	opt      Options
	logger   *slog.Logger
	now      func() time.Time
}

// NewService returns the service and registers it with the search.
func NewService(d *db.DB, s *search.Service, accounts *account.Service, bundle *i18n.Bundle, logger *slog.Logger, opt Options) *Service {
	w := &Service{db: d, search: s, accounts: accounts, bundle: bundle, opt: opt, logger: logger, now: time.Now}
	s.OnChange(w.changed)
	return w
}

// Limits of saved searches.
const (
	maxSaved     = 50
	maxNameLen   = 100
	maxQueryLen  = 600
	maxListNames = 10
)

// mayWatch are the roles that save searches: buyers look for suppliers,
// officers follow the registry.
var mayWatch = []actor.Role{actor.Buyer, actor.Officer, actor.Admin}

// Save keeps a search (the directory's query string) under a name.
// Buyers, officers and admins.
func (s *Service) Save(ctx context.Context, name, query, lang string, email bool) (SavedSearch, error) {
	a, err := actor.Require(ctx, mayWatch...)
	if err != nil {
		return SavedSearch{}, err
	}
	name = strings.TrimSpace(vn.NFC(name))
	var v apperr.Validation
	switch {
	case name == "":
		v.Add("name", "field.required")
	case len([]rune(name)) > maxNameLen:
		v.Add("name", "field.too_long", "max", maxNameLen)
	}
	vals, perr := url.ParseQuery(query)
	q, _ := search.QueryFromValues(vals, 20)
	switch {
	case perr != nil || len(query) > maxQueryLen:
		v.Add("query", "watch.query_invalid")
	case strings.TrimSpace(q.Text) == "" && len(q.Filters) == 0:
		v.Add("query", "watch.query_empty")
	}
	if lang != "en" {
		lang = "vi"
	}
	if err := v.Err(); err != nil {
		return SavedSearch{}, err
	}
	// Only the search's own parameters are kept (not the page).
	keep := url.Values{}
	if q.Text != "" {
		keep.Set("q", q.Text)
	}
	for f, vs := range q.Filters {
		keep[f] = vs
	}
	out := SavedSearch{Name: name, Query: keep.Encode(), Lang: lang, Email: email, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM saved_searches WHERE user_id = $1`, a.UserID).Scan(&n); err != nil {
			return apperr.Wrap(err, "count saved searches")
		}
		if n >= maxSaved {
			return apperr.Errorf(apperr.Conflict, "watch.too_many", "max", maxSaved)
		}
		return apperr.Wrap(tx.QueryRowContext(ctx, `INSERT INTO saved_searches (user_id, name, query, lang, email, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			a.UserID, out.Name, out.Query, out.Lang, out.Email, db.Micros(out.CreatedAt)).Scan(&out.ID), "save search")
	})
	return out, err
}

// List returns the caller's saved searches, newest first.
func (s *Service) List(ctx context.Context) ([]SavedSearch, error) {
	a, err := actor.Require(ctx, mayWatch...)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, query, lang, email, created_at FROM saved_searches WHERE user_id = $1 ORDER BY id DESC`, a.UserID)
	if err != nil {
		return nil, apperr.Wrap(err, "list saved searches")
	}
	defer rows.Close()
	var out []SavedSearch
	for rows.Next() {
		var x SavedSearch
		var created int64
		if err := rows.Scan(&x.ID, &x.Name, &x.Query, &x.Lang, &x.Email, &created); err != nil {
			return nil, apperr.Wrap(err, "scan saved search")
		}
		x.CreatedAt = db.FromMicros(created)
		out = append(out, x)
	}
	return out, apperr.Wrap(rows.Err(), "list saved searches")
}

// Delete removes one of the caller's saved searches (another's is not
// found).
func (s *Service) Delete(ctx context.Context, id int64) error {
	a, err := actor.Require(ctx, mayWatch...)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM saved_searches WHERE id = $1 AND user_id = $2`, id, a.UserID)
	if err != nil {
		return apperr.Wrap(err, "delete saved search")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "watch.not_found")
	}
	return nil
}

// Notifications returns the caller's latest notifications and how many
// are unread. Any signed-in user (others simply have none).
func (s *Service) Notifications(ctx context.Context, limit int) ([]Notification, int, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return nil, 0, err
	}
	unread, err := s.unread(ctx, a.UserID)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, body, link, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, a.UserID, limit)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "list notifications")
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var created, read int64
		if err := rows.Scan(&n.ID, &n.Title, &n.Body, &n.Link, &created, &read); err != nil {
			return nil, 0, apperr.Wrap(err, "scan notification")
		}
		n.CreatedAt = db.FromMicros(created)
		if read != 0 {
			n.ReadAt = db.FromMicros(read)
		}
		out = append(out, n)
	}
	return out, unread, apperr.Wrap(rows.Err(), "list notifications")
}

// Unread counts the caller's unread notifications (0 for the public).
func (s *Service) Unread(ctx context.Context) (int, error) {
	a := actor.From(ctx)
	if a.Anonymous() {
		return 0, nil
	}
	return s.unread(ctx, a.UserID)
}

func (s *Service) unread(ctx context.Context, user int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at = 0`, user).Scan(&n)
	return n, apperr.Wrap(err, "count notifications")
}

// MarkRead marks every notification of the caller read.
func (s *Service) MarkRead(ctx context.Context) error {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at = 0`, db.Micros(s.now()), a.UserID)
	return apperr.Wrap(err, "mark notifications read")
}

// saved is a saved search with its owner, as the watcher reads it.
type saved struct {
	SavedSearch
	userID int64
}

// changed is told by the search of the listed enterprises a refresh found
// new or changed: each saved search matching some of them gets one
// notification naming them, and an e-mail when asked for.
func (s *Service) changed(ctx context.Context, changed []search.Changed) {
	if err := s.check(ctx, changed); err != nil && ctx.Err() == nil {
		s.logger.Error("watch: saved searches", "err", err)
	}
}

func (s *Service) check(ctx context.Context, changed []search.Changed) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, name, query, lang, email FROM saved_searches ORDER BY id`)
	if err != nil {
		return apperr.Wrap(err, "read saved searches")
	}
	var all []saved
	for rows.Next() {
		var x saved
		if err := rows.Scan(&x.ID, &x.userID, &x.Name, &x.Query, &x.Lang, &x.Email); err != nil {
			rows.Close()
			return apperr.Wrap(err, "scan saved search")
		}
		all = append(all, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "read saved searches")
	}
	if len(all) == 0 {
		return nil
	}
	ids := make([]int64, len(changed))
	when := map[int64]time.Time{}
	for i, c := range changed {
		ids[i] = c.ID
		when[c.ID] = c.UpdatedAt
	}
	for _, x := range all {
		vals, _ := url.ParseQuery(x.Query)
		q, _ := search.QueryFromValues(vals, 20)
		hits := s.search.Matching(q, ids)
		if len(hits) == 0 {
			continue
		}
		var fresh []int64
		for _, id := range hits {
			// Recorded once per change, whichever instance gets here first.
			res, err := s.db.ExecContext(ctx, `INSERT INTO saved_search_hits (saved_search_id, enterprise_id, updated_at) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, x.ID, id, db.Micros(when[id]))
			if err != nil {
				return apperr.Wrap(err, "record hit")
			}
			if n, _ := res.RowsAffected(); n > 0 {
				fresh = append(fresh, id)
			}
		}
		if len(fresh) > 0 {
			if err := s.notify(ctx, x, vals, fresh); err != nil {
				return err
			}
		}
	}
	return nil
}

// notify writes the notification of a saved search's fresh hits, and
// sends its e-mail.
func (s *Service) notify(ctx context.Context, x saved, vals url.Values, ids []int64) error {
	p := s.bundle.Printer(x.Lang)
	var names, lines []string
	for _, id := range ids {
		c, ok := s.search.Card(id)
		if !ok {
			continue
		}
		name := c.Name
		if x.Lang == "en" && c.NameEN != "" {
			name = c.NameEN
		}
		if len(names) < maxListNames {
			names = append(names, name)
			lines = append(lines, "- "+name+": "+s.opt.PublicURL+s.opt.ProfileURL(x.Lang, id, c.Name))
		}
	}
	if len(names) == 0 {
		return nil
	}
	title := p.T("watch.notify_title", "name", x.Name, "n", len(ids))
	body := strings.Join(names, "; ")
	if more := len(ids) - len(names); more > 0 {
		body += " " + p.T("watch.and_more", "n", more)
	}
	link := s.opt.DirectoryURL(x.Lang, vals)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO notifications (user_id, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5)`,
		x.userID, title, body, link, db.Micros(s.now())); err != nil {
		return apperr.Wrap(err, "notify")
	}
	if s.opt.Mailer == nil || !x.Email {
		return nil
	}
	to, err := s.accounts.ActorOf(actor.SystemContext(ctx), x.userID)
	if err != nil || to.Email == "" {
		return nil // a disabled or removed user gets no mail
	}
	text := title + "\n\n" + strings.Join(lines, "\n") + "\n\n" + p.T("watch.mail_search") + " " + s.opt.PublicURL + link + "\n" +
		p.T("watch.mail_stop") + " " + s.opt.PublicURL + "/saved-searches\n"
	// Sent apart from the search's refresh: a slow mail server does not
	// hold the index back.
	go func() {
		if err := s.opt.Mailer.Send(to.Email, title, text); err != nil {
			s.logger.Error("watch: e-mail", "to", to.Email, "err", err)
		}
	}()
	return nil
}

// SMTP sends e-mail through a mail server.
type SMTP struct {
	Addr, From, User, Password string
	Timeout                    time.Duration
}

// Send sends a UTF-8 plain-text e-mail.
func (m SMTP) Send(to, subject, body string) error {
	msg := "From: " + m.From + "\r\nTo: " + to + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", subject) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\nDate: " +
		time.Now().Format(time.RFC1123Z) + "\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n")
	var auth smtp.Auth
	if m.User != "" {
		host, _, _ := strings.Cut(m.Addr, ":")
		auth = smtp.PlainAuth("", m.User, m.Password, host)
	}
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(m.Addr, auth, m.From, []string{to}, []byte(msg)) }()
	timeout := m.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("smtp %s: no answer within %v", m.Addr, timeout)
	}
}
