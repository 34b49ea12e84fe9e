package rest

import (
	"net/http"

	"cnht/internal/enterprise"
)

// The catalogues are read by everyone: they label public profiles. Only
// active entries are listed; a profile names the deactivated ones it
// still has in its own products and processes. They take no query
// parameters, and refuse any, as the listings refuse unknown ones.

// noQuery answers 422 for a request with query parameters.
func (a *API) noQuery(w http.ResponseWriter, r *http.Request) bool {
	q := newQuery(r, nil)
	if err := q.v.Err(); err != nil {
		a.fail(w, r, err)
		return false
	}
	return true
}

func (a *API) keySectors(w http.ResponseWriter, r *http.Request) {
	if !a.noQuery(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": choicesJSON(enterprise.KeySectorChoices())})
}

func (a *API) industries(w http.ResponseWriter, r *http.Request) {
	if !a.noQuery(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": choicesJSON(enterprise.IndustryChoices())})
}

func (a *API) products(w http.ResponseWriter, r *http.Request) {
	if !a.noQuery(w, r) {
		return
	}
	ps, err := a.Registry.Products(r.Context(), false)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list(ps)})
}

func (a *API) processes(w http.ResponseWriter, r *http.Request) {
	if !a.noQuery(w, r) {
		return
	}
	ps, err := a.Registry.Processes(r.Context(), false)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list(ps)})
}

func (a *API) standards(w http.ResponseWriter, r *http.Request) {
	if !a.noQuery(w, r) {
		return
	}
	ss, err := a.Registry.Standards(r.Context(), false)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list(ss)})
}
