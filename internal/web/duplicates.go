package web

import (
	"net/http"
	"strconv"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// DuplicatesKind is the job kind that compares every profile with the
// others and queues the pairs that may be one enterprise.
const DuplicatesKind = "enterprise.duplicates"

// DuplicatesPage is the queue of profiles that may be one enterprise.
type DuplicatesPage struct {
	Base
	Status   enterprise.PairStatus
	Statuses []enterprise.PairStatus
	Pairs    []enterprise.DuplicatePair
	Total    int
}

func (s *Server) duplicatesList(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	s.renderDuplicates(w, r, http.StatusOK, s.base(r, "dup.title"))
}

func (s *Server) renderDuplicates(w http.ResponseWriter, r *http.Request, status int, b Base) {
	st := enterprise.PairStatus(r.URL.Query().Get("status"))
	if st != enterprise.PairSame && st != enterprise.PairDifferent {
		st = enterprise.PairPending
	}
	pairs, total, err := s.Registry.Pairs(r.Context(), st, 100, 0)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "duplicates", DuplicatesPage{Base: b, Status: st, Pairs: pairs, Total: total,
		Statuses: []enterprise.PairStatus{enterprise.PairPending, enterprise.PairSame, enterprise.PairDifferent}})
}

// duplicatesScan queues the job that looks for duplicates in the registry.
func (s *Server) duplicatesScan(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	j, err := s.Jobs.Enqueue(r.Context(), DuplicatesKind, struct{}{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobs/"+strconv.FormatInt(j.ID, 10), http.StatusSeeOther)
}

// duplicatesDecide records that two profiles are different enterprises
// (merging is the decision that they are one).
func (s *Server) duplicatesDecide(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	a, _ := strconv.ParseInt(r.PostFormValue("a"), 10, 64)
	b, _ := strconv.ParseInt(r.PostFormValue("b"), 10, 64)
	err := s.Registry.DecidePair(r.Context(), a, b, enterprise.PairStatus(r.PostFormValue("decision")))
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderDuplicates(w, r, apperr.HTTPStatus(err), b) }, "dup.title")
		return
	}
	http.Redirect(w, r, "/duplicates", http.StatusSeeOther)
}

// enterpriseMerge merges another profile, named by its id or its tax
// code, into this one.
func (s *Server) enterpriseMerge(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	other, _ := strconv.ParseInt(r.PostFormValue("other"), 10, 64)
	var err error
	if other == 0 {
		var v enterprise.View
		v, err = s.Registry.FindEnterpriseByTaxCode(r.Context(), r.PostFormValue("other_tax_code"))
		if err != nil {
			var val apperr.Validation
			val.Add("other_tax_code", "enterprise.merge_other_unknown")
			err = val.Err()
		}
		other = v.Public.ID
	}
	if err == nil {
		_, err = s.Registry.MergeEnterprises(r.Context(), id, other)
	}
	if err != nil {
		s.actionError(w, r, id, err)
		return
	}
	s.flash(w, r, "merge.done")
	http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10)+"#s-merges", http.StatusSeeOther)
}

// mergeUndo undoes a merge and goes back to the survivor.
func (s *Server) mergeUndo(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	survivor, _ := strconv.ParseInt(r.PostFormValue("survivor"), 10, 64)
	if err := s.Registry.UndoMerge(r.Context(), id); err != nil {
		if survivor == 0 {
			s.renderError(w, r, err)
			return
		}
		s.actionError(w, r, survivor, err)
		return
	}
	s.flash(w, r, "merge.undone_flash")
	http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(survivor, 10)+"#s-merges", http.StatusSeeOther)
}

// scorePercent shows a match score in thousandths as a percentage.
func scorePercent(thousandths int) string {
	return vn.FormatInt(int64(thousandths/10)) + "%"
}
