package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// readUpload reads an optional file field, bounded by the configured
// upload size (the service checks size and type again).
func (s *Server) readUpload(r *http.Request, field string) (*enterprise.Upload, error) {
	f, h, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "error.bad_form")
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, s.Config.UploadMaxBytes+1))
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "error.bad_form")
	}
	return &enterprise.Upload{Filename: h.Filename, Content: bytes.NewReader(b)}, nil
}

// parseMultipart reads a form that may carry a file, refusing a body
// larger than the upload limit plus room for the other fields.
func (s *Server) parseMultipart(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, s.Config.UploadMaxBytes+(1<<20))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.renderError(w, r, apperr.Errorf(apperr.Invalid, "document.too_large", "max", s.Config.UploadMaxBytes>>20))
			return false
		}
		if err := r.ParseForm(); err != nil {
			s.renderError(w, r, apperr.New(apperr.Invalid, "error.bad_form"))
			return false
		}
	}
	return true
}

func certificationFromForm(r *http.Request, v *apperr.Validation) enterprise.CertificationInput {
	in := enterprise.CertificationInput{Number: r.PostFormValue("number"), Body: r.PostFormValue("body"), Scope: r.PostFormValue("scope")}
	in.StandardID, _ = strconv.ParseInt(r.PostFormValue("standard_id"), 10, 64)
	for field, dst := range map[string]*time.Time{"issued_on": &in.IssuedOn, "expires_on": &in.ExpiresOn} {
		if s := r.PostFormValue(field); s != "" {
			d, err := vn.ParseDate(s)
			if err != nil {
				v.Add(field, "field.date")
			}
			*dst = d
		}
	}
	return in
}

func (s *Server) certificationAdd(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.mayEdit(w, r, id) || !s.parseMultipart(w, r) {
		return
	}
	var v apperr.Validation
	in := certificationFromForm(r, &v)
	err := v.Err()
	if err == nil {
		// The scan is stored with the certificate, in one transaction: a
		// refused certificate leaves no file behind.
		if in.Document, err = s.readUpload(r, "document"); err == nil {
			_, err = s.Registry.AddCertification(r.Context(), id, in)
		}
	}
	if err != nil {
		s.actionError(w, r, id, err)
		return
	}
	s.flash(w, r, "certification.added")
	http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10)+"#certifications", http.StatusSeeOther)
}

func (s *Server) certificationDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	eid, _ := strconv.ParseInt(r.PostFormValue("enterprise_id"), 10, 64)
	if err := s.Registry.DeleteCertification(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(w, r, "certification.deleted")
	http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(eid, 10)+"#certifications", http.StatusSeeOther)
}

// ExpiringPage lists certificates expiring soon.
type ExpiringPage struct {
	Base
	Days  int
	Certs []enterprise.ExpiringCertificate
}

func (s *Server) certificationsExpiring(w http.ResponseWriter, r *http.Request) {
	days, err := strconv.Atoi(r.URL.Query().Get("days"))
	if err != nil || days <= 0 || days > 366 {
		days = 90
	}
	certs, err := s.Registry.ExpiringCertificates(r.Context(), days)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "certifications_expiring", ExpiringPage{Base: s.base(r, "certification.expiring.title"), Days: days, Certs: certs})
}

// documentShow sends a private document to those allowed to read it.
func (s *Server) documentShow(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	doc, data, err := s.Registry.OpenDocument(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", doc.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Filename}))
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(data)
}
