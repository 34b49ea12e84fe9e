package rest

import (
	"net/http"

	"cnht/internal/actor"
	"cnht/internal/apperr"
)

func (a *API) listCertifications(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	cs, err := a.Registry.Certifications(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": certificationsJSON(cs)})
}

func (a *API) addCertification(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		_, err = actor.RequireUser(r.Context())
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	// Permission before reading the body: the service says whether the
	// caller may edit the enterprise.
	view, err := a.Registry.FindEnterprise(r.Context(), id)
	if err == nil && !view.CanEdit {
		err = apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in certificationInput
	if !a.decodeInto(w, r, &in) {
		return
	}
	c, err := a.Registry.AddCertification(r.Context(), id, in.input())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, certificationJSON(c))
}

// certificationFields are the members a PATCH of a certificate must carry.
// The registry cannot yet read one certificate by its id, so the patch
// cannot be merged into the stored values: every field is required, which
// is a merge patch that replaces them all. When it can, leaving fields out
// becomes allowed, a change no client sending them all will notice.
func certificationFields() []string {
	return []string{"standard_id", "number", "body", "scope", "issued_on", "expires_on", "document_id"}
}

func (a *API) patchCertification(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		// Only these roles can ever change a certificate; the service
		// decides for the certificate itself.
		_, err = actor.Require(r.Context(), actor.Officer, actor.Admin, actor.Enterprise)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	raw, err := readObject(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in certificationInput
	var v apperr.Validation
	applyObject(raw, &in, &v)
	ms, _ := members(raw)
	for _, name := range certificationFields() {
		present := false
		for _, m := range ms {
			present = present || m.name == name
		}
		if !present {
			v.Add(name, keyRequired)
		}
	}
	if err := v.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Registry.UpdateCertification(r.Context(), id, in.input())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, certificationJSON(c))
}

func (a *API) deleteCertification(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = a.Registry.DeleteCertification(r.Context(), id)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) expiringCertificates(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, []string{"days"})
	days := q.intRange("days", 90, 1, 3650)
	if err := q.v.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	cs, err := a.Registry.ExpiringCertificates(r.Context(), days)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]ExpiringCertificateJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, ExpiringCertificateJSON{CertificationJSON: certificationJSON(c.Certification), EnterpriseName: c.EnterpriseName, TaxCode: c.TaxCode, DaysLeft: c.DaysLeft})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}
