package web

import (
	"net/http"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/job"
)

// LoginPage is the sign-in form.
type LoginPage struct {
	Base
	Email string
	Next  string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := userOf(r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", LoginPage{Base: s.base(r, "login.title"), Next: localPath(r.URL.Query().Get("next"), "")})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.New(apperr.Invalid, "error.bad_form"))
		return
	}
	email, next := r.PostFormValue("email"), localPath(r.PostFormValue("next"), "/")
	u, err := s.Accounts.Authenticate(r.Context(), email, r.PostFormValue("password"), s.clientIP(r))
	if err != nil {
		if isInternal(err) {
			s.renderError(w, r, err)
			return
		}
		b := s.base(r, "login.title")
		b.Error = b.P.Error(err)
		s.render(w, r, apperr.HTTPStatus(err), "login", LoginPage{Base: b, Email: email, Next: next})
		return
	}
	tok, err := s.Accounts.StartSession(r.Context(), u.ID, s.clientIP(r), r.UserAgent())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.setCookie(w, r, sessionCookie, tok, 0)
	// An explicit language choice made before signing in is kept; else
	// the account's saved language applies.
	if _, err := r.Cookie(langCookie); err != nil {
		s.setCookie(w, r, langCookie, u.Lang, 365*24*time.Hour)
	}
	s.Logger.Info("login", "user", u.Email, "role", u.Role, "ip", s.clientIP(r))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if tok := sessionOf(r); tok != "" {
		if err := s.Accounts.EndSession(r.Context(), tok); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.clearCookie(w, r, sessionCookie)
	s.flash(w, r, "logout.done")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// HomePage is the first page, different for each role.
type HomePage struct {
	Base
	Recent []job.Job
	// Today and EndOf2023 are the registry's counts on two dates, so that
	// officers see at once how the programme moved against its plans.
	Today, EndOf2023 enterprise.Counts
	PendingClaims    int
	Expiring         []enterprise.ExpiringCertificate
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	b := s.base(r, "home.title")
	switch b.Role {
	case actor.Public:
		s.render(w, r, http.StatusOK, "home_public", HomePage{Base: b})
	case actor.Admin, actor.Officer:
		p := HomePage{Base: b}
		ctx := r.Context()
		var err error
		if p.Today, err = s.Registry.CountAsOf(ctx, s.Registry.Today(), enterprise.Filter{}); err == nil {
			p.EndOf2023, err = s.Registry.CountAsOf(ctx, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), enterprise.Filter{})
		}
		var claims []enterprise.Claim
		if err == nil {
			claims, err = s.Registry.Claims(ctx, enterprise.ClaimFilter{Status: enterprise.ClaimPending})
			p.PendingClaims = len(claims)
		}
		if err == nil {
			p.Expiring, err = s.Registry.ExpiringCertificates(ctx, 90)
		}
		if err == nil {
			p.Recent, err = s.Jobs.Recent(ctx, 5)
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "home_officer", p)
	case actor.Enterprise:
		p := HomePage{Base: b}
		exp, err := s.Registry.ExpiringCertificates(r.Context(), 90)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		p.Expiring = exp
		s.render(w, r, http.StatusOK, "home_member", p)
	default:
		s.render(w, r, http.StatusOK, "home_member", HomePage{Base: b})
	}
}
