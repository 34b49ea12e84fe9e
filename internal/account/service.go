package account

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// Service is the account capability.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// dummyHash is checked against when the e-mail is unknown, so that an
// unknown user takes as long to refuse as a wrong password. It is a
// constant (the hash of a phrase nobody uses) rather than computed at
// start-up, which would cost every process 19 MiB it never gives back.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$AQNDmdAbgkMId8lxe/XISg$kQPa0QsAFgW8bzI5vem/06kX0dw7Uoc6shw9wnXx/gg"

// NewService returns the account service over d.
func NewService(d *db.DB) *Service {
	return &Service{db: d, now: time.Now}
}

// SetClock replaces the clock, for tests.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

const userCols = `u.id, u.email, u.name, u.role, u.org_id, o.name, u.lang, u.disabled, u.created_at, u.last_login_at`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var role string
	var created, last int64
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.OrgName, &u.Lang, &u.Disabled, &created, &last)
	u.Role = actor.Role(role)
	u.CreatedAt, u.LastLoginAt = db.FromMicros(created), db.FromMicros(last)
	return u, err
}

func normEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// Authenticate checks an e-mail and password. Every failure, whether the
// user is unknown, disabled or the password wrong, is the same
// Unauthenticated error, so that nobody can learn who has an account;
// after too many failures the answer is TooMany, also for unknown users.
func (s *Service) Authenticate(ctx context.Context, email, password, ip string) (User, error) {
	email = normEmail(email)
	now := s.now()
	keys := []string{"email:" + email, "ip:" + ip}
	limits := []int{MaxFailures, MaxIPFailures}
	for i, k := range keys {
		var failures int
		var start int64
		err := s.db.QueryRowContext(ctx, `SELECT failures, window_start FROM login_throttle WHERE key = $1`, k).Scan(&failures, &start)
		if err == nil && now.Sub(db.FromMicros(start)) < ThrottleWindow && failures >= limits[i] {
			return User{}, apperr.New(apperr.TooMany, "login.throttled")
		}
	}
	var hash string
	u, err := scanUserWith(s.db.QueryRowContext(ctx, `SELECT `+userCols+`, u.password_hash FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.email = $1`, email), &hash)
	ok := false
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, _ = CheckPassword(dummyHash, password)
	case err != nil:
		return User{}, apperr.Wrap(err, "find user")
	default:
		ok, _ = CheckPassword(hash, password)
		ok = ok && !u.Disabled
	}
	if !ok {
		for _, k := range keys {
			if err := s.fail(ctx, k, now); err != nil {
				return User{}, err
			}
		}
		return User{}, apperr.New(apperr.Unauthenticated, "login.failed")
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_throttle WHERE key = $1`, keys[0]); err != nil {
		return User{}, apperr.Wrap(err, "throttle reset")
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, db.Micros(now), u.ID); err != nil {
		return User{}, apperr.Wrap(err, "last login")
	}
	return u, nil
}

func (s *Service) fail(ctx context.Context, key string, now time.Time) error {
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		var failures int
		var start int64
		err := tx.QueryRowContext(ctx, `SELECT failures, window_start FROM login_throttle WHERE key = $1`, key).Scan(&failures, &start)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2)`, key, db.Micros(now))
		case err != nil:
		case now.Sub(db.FromMicros(start)) >= ThrottleWindow:
			_, err = tx.ExecContext(ctx, `UPDATE login_throttle SET failures = 1, window_start = $2 WHERE key = $1`, key, db.Micros(now))
		default:
			_, err = tx.ExecContext(ctx, `UPDATE login_throttle SET failures = failures + 1 WHERE key = $1`, key)
		}
		return apperr.Wrap(err, "throttle")
	})
}

// StartSession creates a session for the user and returns its secret, to
// be set as a cookie. Only its hash is stored.
func (s *Service) StartSession(ctx context.Context, userID int64, ip, userAgent string) (string, error) {
	tok := newSecret("s_")
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		hashSecret(tok), userID, db.Micros(now), db.Micros(now.Add(SessionTTL)), db.Micros(now), ip, userAgent)
	if err != nil {
		return "", apperr.Wrap(err, "start session")
	}
	return tok, nil
}

// SessionUser returns the user of a live session and extends it (at most
// once a minute, to spare writes).
func (s *Service) SessionUser(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	id := hashSecret(token)
	var expires, seen int64
	u, err := scanUserWith(s.db.QueryRowContext(ctx, `SELECT `+userCols+`, s.expires_at, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id WHERE s.id = $1`, id), &expires, &seen)
	now := s.now()
	if errors.Is(err, sql.ErrNoRows) || err == nil && (now.After(db.FromMicros(expires)) || u.Disabled) {
		return User{}, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	if err != nil {
		return User{}, apperr.Wrap(err, "session")
	}
	if now.Sub(db.FromMicros(seen)) > time.Minute {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`, db.Micros(now), db.Micros(now.Add(SessionTTL)), id); err != nil {
			return User{}, apperr.Wrap(err, "extend session")
		}
	}
	return u, nil
}

func scanUserWith(row *sql.Row, extra ...any) (User, error) {
	var u User
	var role string
	var created, last int64
	dst := append([]any{&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.OrgName, &u.Lang, &u.Disabled, &created, &last}, extra...)
	err := row.Scan(dst...)
	u.Role = actor.Role(role)
	u.CreatedAt, u.LastLoginAt = db.FromMicros(created), db.FromMicros(last)
	return u, err
}

// EndSession deletes a session (logout).
func (s *Service) EndSession(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, hashSecret(token))
	return apperr.Wrap(err, "end session")
}

// ChangePassword changes the caller's own password after checking the
// current one, and ends the caller's other sessions.
func (s *Service) ChangePassword(ctx context.Context, current, next, keepSession string) error {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return err
	}
	var v apperr.Validation
	var hash string
	if err := s.db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, a.UserID).Scan(&hash); err != nil {
		return apperr.Wrap(err, "find user")
	}
	if ok, _ := CheckPassword(hash, current); !ok {
		v.Add("current", "password.current_wrong")
	}
	checkPassword(&v, "new", next)
	if err := v.Err(); err != nil {
		return err
	}
	return s.setPassword(ctx, a.UserID, next, keepSession)
}

func checkPassword(v *apperr.Validation, field, p string) {
	if utf8.RuneCountInString(p) < MinPasswordLen {
		v.Add(field, "password.too_short", "min", MinPasswordLen)
	}
}

func (s *Service) setPassword(ctx context.Context, userID int64, p, keepSession string) error {
	h, err := HashPassword(p)
	if err != nil {
		return apperr.Wrap(err, "hash")
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, h, db.Micros(s.now()), userID); err != nil {
			return apperr.Wrap(err, "set password")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, hashSecret(keepSession)); err != nil {
			return apperr.Wrap(err, "end sessions")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "user", EntityID: userID, Action: "password", After: audit.Fields{"password": "changed"}})
	})
}

// SetPassword sets another user's password (admin), e.g. from the CLI.
func (s *Service) SetPassword(ctx context.Context, email, p string) error {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return err
	}
	var v apperr.Validation
	checkPassword(&v, "password", p)
	if err := v.Err(); err != nil {
		return err
	}
	u, err := s.FindUserByEmail(ctx, email)
	if err != nil {
		return err
	}
	return s.setPassword(ctx, u.ID, p, "")
}

// SetLang records the caller's language.
func (s *Service) SetLang(ctx context.Context, lang string) error {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE users SET lang = $1 WHERE id = $2`, lang, a.UserID)
	return apperr.Wrap(err, "set lang")
}

// NewOrganisation is the input to CreateOrganisation.
type NewOrganisation struct {
	Kind   OrgKind
	Name   string
	NameEN string
}

// CreateOrganisation adds an organisation (admin).
func (s *Service) CreateOrganisation(ctx context.Context, in NewOrganisation) (Organisation, error) {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return Organisation{}, err
	}
	in.Name, in.NameEN = strings.TrimSpace(in.Name), strings.TrimSpace(in.NameEN)
	var v apperr.Validation
	if in.Name == "" {
		v.Add("name", "field.required")
	}
	validKind := false
	for _, k := range OrgKinds {
		validKind = validKind || k == in.Kind
	}
	if !validKind {
		v.Add("kind", "field.choose")
	}
	if err := v.Err(); err != nil {
		return Organisation{}, err
	}
	o := Organisation{Kind: in.Kind, Name: in.Name, NameEN: in.NameEN, CreatedAt: s.now()}
	err := s.db.WithTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO organisations (kind, name, name_en, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
			string(o.Kind), o.Name, o.NameEN, db.Micros(o.CreatedAt)).Scan(&o.ID)
		if db.IsUniqueViolation(err) {
			return &apperr.Error{Code: apperr.Conflict, Key: "org.exists", Fields: []apperr.FieldError{{Field: "name", Key: "org.exists"}}}
		}
		if err != nil {
			return apperr.Wrap(err, "insert organisation")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "organisation", EntityID: o.ID, Action: "create", After: audit.Fields{"kind": o.Kind, "name": o.Name, "name_en": o.NameEN}})
	})
	return o, err
}

// Organisations lists organisations (admin and officers).
func (s *Service) Organisations(ctx context.Context) ([]Organisation, error) {
	if _, err := actor.Require(ctx, actor.Admin, actor.Officer); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, name, name_en, created_at FROM organisations ORDER BY name`)
	if err != nil {
		return nil, apperr.Wrap(err, "list organisations")
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		var o Organisation
		var kind string
		var created int64
		if err := rows.Scan(&o.ID, &kind, &o.Name, &o.NameEN, &created); err != nil {
			return nil, apperr.Wrap(err, "scan organisation")
		}
		o.Kind, o.CreatedAt = OrgKind(kind), db.FromMicros(created)
		out = append(out, o)
	}
	return out, rows.Err()
}

// FindOrganisationByName finds an organisation by exact name (admin).
func (s *Service) FindOrganisationByName(ctx context.Context, name string) (Organisation, error) {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return Organisation{}, err
	}
	var o Organisation
	var kind string
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT id, kind, name, name_en, created_at FROM organisations WHERE name = $1`, strings.TrimSpace(name)).Scan(&o.ID, &kind, &o.Name, &o.NameEN, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return o, apperr.Errorf(apperr.NotFound, "org.not_found", "name", name)
	}
	o.Kind, o.CreatedAt = OrgKind(kind), db.FromMicros(created)
	return o, apperr.Wrap(err, "find organisation")
}

// NewUser is the input to CreateUser.
type NewUser struct {
	Email    string
	Name     string
	Role     actor.Role
	OrgID    int64
	Password string
	Lang     string
}

// roleKinds says which organisation kinds a role may belong to.
var roleKinds = map[actor.Role][]OrgKind{
	actor.Admin:       {KindOffice},
	actor.Officer:     {KindOffice},
	actor.Association: {KindAssociation},
	actor.Enterprise:  {KindEnterprise},
	actor.Buyer:       {KindBuyer},
	actor.Council:     {KindCouncil, KindOffice},
	actor.Inspector:   {KindInspection, KindOffice},
}

// CreateUser adds a user (admin). Every invalid field is reported at once.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (User, error) {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return User{}, err
	}
	in.Email, in.Name = normEmail(in.Email), strings.TrimSpace(in.Name)
	if in.Lang != "en" {
		in.Lang = "vi"
	}
	var v apperr.Validation
	if in.Email == "" {
		v.Add("email", "field.required")
	} else if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
		v.Add("email", "field.email")
	}
	if in.Name == "" {
		v.Add("name", "field.required")
	}
	if !in.Role.Valid() {
		v.Add("role", "field.choose")
	}
	checkPassword(&v, "password", in.Password)
	var kind string
	if in.OrgID == 0 {
		v.Add("org_id", "field.choose")
	} else if err := s.db.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, in.OrgID).Scan(&kind); errors.Is(err, sql.ErrNoRows) {
		v.Add("org_id", "field.choose")
	} else if err != nil {
		return User{}, apperr.Wrap(err, "find organisation")
	} else if in.Role.Valid() {
		fits := false
		for _, k := range roleKinds[in.Role] {
			fits = fits || string(k) == kind
		}
		if !fits {
			v.Add("org_id", "user.role_org_mismatch")
		}
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	h, err := HashPassword(in.Password)
	if err != nil {
		return User{}, apperr.Wrap(err, "hash")
	}
	now := s.now()
	var id int64
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, role, org_id, lang, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			in.Email, in.Name, h, string(in.Role), in.OrgID, in.Lang, db.Micros(now)).Scan(&id)
		if db.IsUniqueViolation(err) {
			return &apperr.Error{Code: apperr.Conflict, Key: "user.exists", Fields: []apperr.FieldError{{Field: "email", Key: "user.exists"}}}
		}
		if err != nil {
			return apperr.Wrap(err, "insert user")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "user", EntityID: id, Action: "create",
			After: audit.Fields{"email": in.Email, "name": in.Name, "role": in.Role, "org_id": in.OrgID}})
	})
	if err != nil {
		return User{}, err
	}
	return s.findUser(ctx, id)
}

// Users lists users (admin).
func (s *Service) Users(ctx context.Context) ([]User, error) {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users u JOIN organisations o ON o.id = u.org_id ORDER BY u.email`)
	if err != nil {
		return nil, apperr.Wrap(err, "list users")
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan user")
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetDisabled disables or re-enables a user (admin); disabling ends the
// user's sessions at once.
func (s *Service) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	a, err := actor.Require(ctx, actor.Admin)
	if err != nil {
		return err
	}
	if a.UserID == userID && disabled {
		return apperr.New(apperr.Invalid, "user.cannot_disable_self")
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3`, disabled, db.Micros(s.now()), userID)
		if err != nil {
			return apperr.Wrap(err, "disable user")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "user.not_found")
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
				return apperr.Wrap(err, "end sessions")
			}
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "user", EntityID: userID, Action: "update", Before: audit.Fields{"disabled": !disabled}, After: audit.Fields{"disabled": disabled}})
	})
}

// FindUserByEmail finds a user (admin).
func (s *Service) FindUserByEmail(ctx context.Context, email string) (User, error) {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return User{}, err
	}
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.email = $1`, normEmail(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.Errorf(apperr.NotFound, "user.not_found", "email", email)
	}
	return u, apperr.Wrap(err, "find user")
}

// Me returns the caller's own account.
func (s *Service) Me(ctx context.Context) (User, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return User{}, err
	}
	return s.findUser(ctx, a.UserID)
}

func (s *Service) findUser(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.New(apperr.NotFound, "user.not_found")
	}
	return u, apperr.Wrap(err, "find user")
}

// CreateToken makes an API token for the caller (or, for an admin, for
// the user given) and returns its secret, shown once.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string) (string, Token, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return "", Token{}, err
	}
	if userID == 0 {
		userID = a.UserID
	}
	if userID != a.UserID && a.Role != actor.Admin && !a.System {
		return "", Token{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		var v apperr.Validation
		v.Add("name", "field.required")
		return "", Token{}, v.Err()
	}
	secret := newSecret("cnht_")
	t := Token{UserID: userID, Name: name, Prefix: secret[:9], CreatedAt: s.now()}
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			userID, name, hashSecret(secret), t.Prefix, db.Micros(t.CreatedAt)).Scan(&t.ID); err != nil {
			return apperr.Wrap(err, "insert token")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "api_token", EntityID: t.ID, Action: "create", After: audit.Fields{"user_id": userID, "name": name, "prefix": t.Prefix}})
	})
	return secret, t, err
}

// Tokens lists the caller's tokens.
func (s *Service) Tokens(ctx context.Context) ([]Token, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, a.UserID)
	if err != nil {
		return nil, apperr.Wrap(err, "list tokens")
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var c, l, r int64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &c, &l, &r); err != nil {
			return nil, apperr.Wrap(err, "scan token")
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = db.FromMicros(c), db.FromMicros(l), db.FromMicros(r)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the caller's tokens (an admin may revoke any).
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		var owner int64
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM api_tokens WHERE id = $1`, id).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) || err == nil && owner != a.UserID && a.Role != actor.Admin {
			return apperr.New(apperr.NotFound, "token.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "find token")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at = 0`, db.Micros(s.now()), id); err != nil {
			return apperr.Wrap(err, "revoke token")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "api_token", EntityID: id, Action: "revoke", After: audit.Fields{"revoked": true}})
	})
}

// TokenUser returns the user of a live API token.
func (s *Service) TokenUser(ctx context.Context, secret string) (User, error) {
	var tid, revoked, last int64
	u, err := scanUserWith(s.db.QueryRowContext(ctx, `SELECT `+userCols+`, t.id, t.revoked_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN organisations o ON o.id = u.org_id WHERE t.token_hash = $1`, hashSecret(secret)), &tid, &revoked, &last)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (revoked != 0 || u.Disabled) {
		return User{}, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	if err != nil {
		return User{}, apperr.Wrap(err, "token")
	}
	now := s.now()
	if now.Sub(db.FromMicros(last)) > time.Minute {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, db.Micros(now), tid); err != nil {
			return User{}, apperr.Wrap(err, "token used")
		}
	}
	return u, nil
}

// ActorOf rebuilds the actor of a user, for work done later on the
// user's behalf (background jobs). A disabled or deleted user has none.
func (s *Service) ActorOf(ctx context.Context, userID int64) (actor.Actor, error) {
	u, err := s.findUser(ctx, userID)
	if err != nil {
		return actor.Actor{}, err
	}
	if u.Disabled {
		return actor.Actor{}, apperr.New(apperr.NotFound, "user.not_found")
	}
	return u.Actor(""), nil
}
