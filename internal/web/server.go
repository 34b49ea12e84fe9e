// Package web serves cnht's HTML pages: every route is in routes.go, each
// page's handler in <noun>_<verb>.go or <noun>.go, templates and static
// assets embedded. Handlers hold no business rule: they read the form,
// call a service with the actor in the request's context, and render the
// result or the error in the user's language.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/config"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/importer"
	"cnht/internal/job"
	"cnht/internal/metrics"
	"cnht/internal/plan"
	"cnht/internal/search"
	"cnht/internal/watch"
)

// Deps are the services and settings the web interface needs.
type Deps struct {
	Config   config.Config
	Logger   *slog.Logger
	Bundle   *i18n.Bundle
	Accounts *account.Service
	Registry *enterprise.Service
	Importer *importer.Service
	Search   *search.Service
	Watch    *watch.Service
	Plans    *plan.Service
	Jobs     *job.Queue
	Metrics  *metrics.Registry
	// Health reports whether the database answers.
	Health func(ctx context.Context) error
	// History reads an entity's audit trail (officers and admins).
	History func(ctx context.Context, entity string, id int64) ([]audit.Entry, error)
}

// Server is the HTML interface.
type Server struct {
	Deps
	pages *pages
	mux   *http.ServeMux
	// Routes lists every registered pattern, for the route-by-role test.
	Routes []string
	// dirCache keeps rendered directory searches.
	dirCache bodyCache
}

// New parses every template (a broken one fails start-up, not a request)
// and registers the routes.
func New(d Deps) (*Server, error) {
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, pages: p, mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

// handle registers a route; the pattern also names the route in metrics.
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.Routes = append(s.Routes, pattern)
	s.mux.Handle(pattern, s.Metrics.Instrument(pattern, h))
}

// Mount adds another handler (the JSON API) under a prefix, inside the
// same middleware.
func (s *Server) Mount(prefix string, h http.Handler, patterns []string) {
	s.Routes = append(s.Routes, patterns...)
	s.mux.Handle(prefix, h)
}

// Handler returns the whole interface with its middleware.
func (s *Server) Handler() http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, apperr.New(apperr.Forbidden, "error.csrf"))
	}))
	var h http.Handler = s.mux
	h = s.withActor(h)
	h = csrf.Handler(h)
	h = s.withHeaders(h)
	h = s.withRecover(h)
	h = s.withLog(h)
	return h
}

type ctxKey int

const (
	keyLang ctxKey = iota
	keyUser
	keySession
	keyNonce
	keyLogUser // *string the log line reads after the request
)

// withActor resolves the session cookie or API token to a user and puts
// the actor in the context; it also settles the language.
func (s *Server) withActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		ip := s.clientIP(r)
		a := actor.Actor{IP: ip}
		var user *account.User
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			u, err := s.Accounts.TokenUser(ctx, strings.TrimSpace(tok))
			if err != nil {
				// A dead token is an error, not the public: a client must
				// not silently get the public view of what it asked for.
				s.badToken(w, r, err)
				return
			}
			a, user = u.Actor(ip), &u
		} else if c, err := r.Cookie(sessionCookie); err == nil {
			u, err := s.Accounts.SessionUser(ctx, c.Value)
			if err == nil {
				a, user = u.Actor(ip), &u
				ctx = context.WithValue(ctx, keySession, c.Value)
			} else if apperr.Is(err, apperr.Unauthenticated) {
				s.clearCookie(w, r, sessionCookie)
			}
		}
		lang := "vi"
		if c, err := r.Cookie(langCookie); err == nil {
			lang = i18n.Match(c.Value)
		} else if user != nil {
			lang = i18n.Match(user.Lang)
		}
		if who, ok := ctx.Value(keyLogUser).(*string); ok {
			*who = a.Label()
		}
		ctx = actor.NewContext(ctx, a)
		ctx = context.WithValue(ctx, keyLang, lang)
		if user != nil {
			ctx = context.WithValue(ctx, keyUser, *user)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func langOf(r *http.Request) string {
	if l, ok := r.Context().Value(keyLang).(string); ok {
		return l
	}
	return "vi"
}

func userOf(r *http.Request) (account.User, bool) {
	u, ok := r.Context().Value(keyUser).(account.User)
	return u, ok
}

func sessionOf(r *http.Request) string {
	s, _ := r.Context().Value(keySession).(string)
	return s
}

func (s *Server) printer(r *http.Request) *i18n.Printer { return s.Bundle.Printer(langOf(r)) }

// clientIP is the peer's address, or the first X-Forwarded-For hop when
// the proxy is trusted.
func (s *Server) clientIP(r *http.Request) string {
	if s.Config.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			ip, _, _ := strings.Cut(f, ",")
			return strings.TrimSpace(ip)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || s.Config.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https"
}

const (
	sessionCookie = "cnht_session"
	langCookie    = "cnht_lang"
)

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

// withHeaders sets the security headers on every response.
func (s *Server) withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) withRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Logger.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				s.renderError(w, r, apperr.Wrap(fmt.Errorf("panic: %v", p), r.URL.Path))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) withLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		// withActor runs inside this handler; it leaves who asked here.
		who := actor.From(r.Context()).Label()
		r = r.WithContext(context.WithValue(r.Context(), keyLogUser, &who))
		next.ServeHTTP(sw, r)
		if strings.HasPrefix(r.URL.Path, "/static/") && sw.status < 400 {
			return
		}
		s.Logger.LogAttrs(r.Context(), slog.LevelInfo, "http", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes), slog.Duration("took", time.Since(start)),
			slog.String("user", who))
	})
}

func newNonce() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// localPath returns p when it is a path on this site, else fallback: a
// redirect target from a form must never leave the site.
func localPath(p, fallback string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return fallback
	}
	u, err := url.Parse(p)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return p
}

func isInternal(err error) bool {
	return apperr.CodeOf(err) == apperr.Internal && !errors.Is(err, context.Canceled)
}

// badToken answers a request whose API token does not open an account.
func (s *Server) badToken(w http.ResponseWriter, r *http.Request, err error) {
	if !apperr.Is(err, apperr.Unauthenticated) {
		s.renderError(w, r, err)
		return
	}
	p := s.Bundle.Printer(i18n.Match(r.Header.Get("Accept-Language")))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("WWW-Authenticate", `Bearer realm="cnht", error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": string(apperr.Unauthenticated), "message": p.T("api.bad_token")}})
}
