package web

import (
	"net/http"
	"strconv"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
)

// AccountPage is the user's own settings: password and API tokens.
type AccountPage struct {
	Base
	Me        account.User
	Tokens    []account.Token
	NewSecret string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, s.base(r, "account.title"), "")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, b Base, secret string) {
	me, err := s.Accounts.Me(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	toks, err := s.Accounts.Tokens(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "account", AccountPage{Base: b, Me: me, Tokens: toks, NewSecret: secret})
}

func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	err := s.Accounts.ChangePassword(r.Context(), r.PostFormValue("current"), r.PostFormValue("new"), sessionOf(r))
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderAccount(w, r, apperr.HTTPStatus(err), b, "") }, "account.title")
		return
	}
	s.flash(w, r, "password.changed")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	secret, _, err := s.Accounts.CreateToken(r.Context(), 0, r.PostFormValue("name"))
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderAccount(w, r, apperr.HTTPStatus(err), b, "") }, "account.title")
		return
	}
	b := s.base(r, "account.title")
	b.Flash = b.P.T("token.created")
	s.renderAccount(w, r, http.StatusOK, b, secret)
}

func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	if err := s.Accounts.RevokeToken(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(w, r, "token.revoked")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// parseForm reads a bounded form; it renders the error itself.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.New(apperr.Invalid, "error.bad_form"))
		return false
	}
	return true
}

// formError shows a form again with every field's error and what the user
// typed (the page re-reads r.PostForm), or the error page when the error
// is not about the input.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, again func(Base), titleKey string) {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict:
		b := s.base(r, titleKey)
		b.Errors = b.P.FieldErrors(err)
		b.Error = b.P.Error(err)
		again(b)
	default:
		s.renderError(w, r, err)
	}
}

func (s *Server) pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return 0, false
	}
	return id, true
}

// requireRole gives the page-level answer early (a redirect to sign in,
// or forbidden); the services check again for themselves.
func (s *Server) requireRole(w http.ResponseWriter, r *http.Request, roles ...actor.Role) bool {
	if _, err := actor.Require(r.Context(), roles...); err != nil {
		s.renderError(w, r, err)
		return false
	}
	return true
}
