package web

import (
	"net/http"
	"strconv"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
)

// ClaimFormPage asks an enterprise user to claim the company's profile.
type ClaimFormPage struct {
	Base
	TaxCode string
	Mine    []enterprise.Claim
}

func (s *Server) renderClaimForm(w http.ResponseWriter, r *http.Request, status int, b Base) {
	mine, err := s.Registry.Claims(r.Context(), enterprise.ClaimFilter{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "claim_form", ClaimFormPage{Base: b, TaxCode: r.PostFormValue("tax_code"), Mine: mine})
}

func (s *Server) claimCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Enterprise) || !s.parseMultipart(w, r) {
		return
	}
	up, err := s.readUpload(r, "document")
	if err == nil {
		if up == nil {
			var v apperr.Validation
			v.Add("document", "field.required")
			err = v.Err()
		} else {
			_, err = s.Registry.RequestClaim(r.Context(), r.PostFormValue("tax_code"), *up)
		}
	}
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderClaimForm(w, r, apperr.HTTPStatus(err), b) }, "claim.title")
		return
	}
	s.flash(w, r, "claim.sent")
	http.Redirect(w, r, "/my-company", http.StatusSeeOther)
}

// ClaimsPage lists claims for officers to decide.
type ClaimsPage struct {
	Base
	Claims []enterprise.Claim
	Status string
}

func (s *Server) claimsList(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	st := r.URL.Query().Get("status")
	if st == "" {
		st = string(enterprise.ClaimPending)
	}
	if st == "all" {
		st = ""
	}
	claims, err := s.Registry.Claims(r.Context(), enterprise.ClaimFilter{Status: enterprise.ClaimStatus(st)})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "claims", ClaimsPage{Base: s.base(r, "claims.title"), Claims: claims, Status: st})
}

func (s *Server) claimDecide(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	var err error
	if r.PostFormValue("decision") == "approve" {
		_, err = s.Registry.ApproveClaim(r.Context(), id)
	} else {
		_, err = s.Registry.RejectClaim(r.Context(), id, r.PostFormValue("reason"))
	}
	if err != nil {
		if apperr.Is(err, apperr.Invalid) {
			b := s.base(r, "claims.title")
			b.Error = b.P.Error(err)
			for _, m := range b.P.FieldErrors(err) {
				b.Error = m
			}
			claims, lerr := s.Registry.Claims(r.Context(), enterprise.ClaimFilter{Status: enterprise.ClaimPending})
			if lerr != nil {
				s.renderError(w, r, lerr)
				return
			}
			s.render(w, r, apperr.HTTPStatus(err), "claims", ClaimsPage{Base: b, Claims: claims, Status: "pending"})
			return
		}
		s.renderError(w, r, err)
		return
	}
	s.flash(w, r, "claim.decided")
	http.Redirect(w, r, "/claims?status=pending#claim-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
