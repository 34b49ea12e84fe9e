// Package rest serves cnht's JSON API under /api/v1: every route is in
// routes.go and described in openapi.json (a test keeps the two in step).
// Callers authenticate with an API token (Authorization: Bearer) or a
// browser session; handlers call the same services as the web pages, so
// a rule is written once and both interfaces obey it.
package rest

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"cnht/internal/account"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/job"
	"cnht/internal/plan"
	"cnht/internal/search"
)

// Deps are the services the API needs.
type Deps struct {
	Logger   *slog.Logger
	Bundle   *i18n.Bundle
	Accounts *account.Service
	Registry *enterprise.Service
	Search   *search.Service
	Plans    *plan.Service
	Jobs     *job.Queue
	// ProfileURL is the address of a directory profile in a language
	// (the web layer's).
	ProfileURL func(lang string, id int64, name string) string
	// Lang returns the language of a request (settled by the web layer).
	Lang func(r *http.Request) string
	// Instrument wraps a route's handler for metrics.
	Instrument func(pattern string, h http.Handler) http.Handler
}

// API is the JSON interface.
type API struct {
	Deps
	mux *http.ServeMux
	// Routes lists every registered pattern.
	Routes []string
}

// New registers the routes.
func New(d Deps) *API {
	a := &API{Deps: d, mux: http.NewServeMux()}
	a.routes()
	return a
}

// ServeHTTP serves the API.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

func (a *API) handle(pattern string, h http.HandlerFunc) {
	a.Routes = append(a.Routes, pattern)
	a.mux.Handle(pattern, a.Instrument(pattern, h))
}

// ErrorBody is the shape of every error: {"error": {...}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong: a code, the first invalid field, a
// message in the caller's language, and every invalid field at once.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Field   string            `json:"field,omitempty"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		a.Logger.Error("api", "path", r.URL.Path, "err", err)
	}
	p := a.Bundle.Printer(a.Lang(r))
	body := ErrorBody{Error: ErrorDetail{Code: string(e.Code), Field: e.Field(), Message: p.Error(e)}}
	if len(e.Fields) > 0 {
		body.Error.Fields = p.FieldErrors(e)
	}
	if e.Code == apperr.Unauthenticated {
		w.Header().Set("WWW-Authenticate", `Bearer realm="cnht"`)
	}
	writeJSON(w, apperr.HTTPStatus(err), body)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// decode reads a bounded JSON body, refusing unknown fields so that a
// misspelt field is an error rather than silently ignored.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.New(apperr.Invalid, "api.body_too_large")
		}
		return apperr.Errorf(apperr.Invalid, "api.bad_json", "detail", err.Error())
	}
	// One JSON value per request: anything after it is a client's mistake.
	if _, err := dec.Token(); err != io.EOF {
		return apperr.Errorf(apperr.Invalid, "api.bad_json", "detail", "data after the JSON value")
	}
	return nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "error.not_found")
	}
	return id, nil
}
