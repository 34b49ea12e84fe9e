package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"cnht/internal/i18n"
)

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.Health(ctx); err != nil {
		s.Logger.Error("health", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = s.Metrics.WriteTo(w)
}

// setLang switches the language, remembers it in a cookie (and in the
// account, when signed in) and goes back where the user was.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Match(r.PathValue("lang"))
	s.setCookie(w, r, langCookie, lang, 365*24*time.Hour)
	if _, ok := userOf(r); ok {
		if err := s.Accounts.SetLang(r.Context(), lang); err != nil {
			s.Logger.Warn("save language", "err", err)
		}
	}
	http.Redirect(w, r, localPath(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
}

// Lang returns the language settled for a request, for the JSON API.
func Lang(r *http.Request) string { return langOf(r) }
