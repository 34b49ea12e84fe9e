package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"cnht/internal/actor"
	"cnht/internal/job"
)

// JobsPage lists the caller's recent jobs.
type JobsPage struct {
	Base
	Jobs []job.Job
}

func (s *Server) jobsList(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	jobs, err := s.Jobs.Recent(r.Context(), 50)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "jobs", JobsPage{Base: s.base(r, "jobs.title"), Jobs: jobs})
}

// jobDemoStart starts the demonstration job that proves the machinery.
func (s *Server) jobDemoStart(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) || !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	steps, _ := strconv.Atoi(r.PostFormValue("steps"))
	if steps <= 0 || steps > 100 {
		steps = 20
	}
	j, err := s.Jobs.Enqueue(r.Context(), "demo.count", map[string]int{"steps": steps, "delay_ms": 250})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobs/"+strconv.FormatInt(j.ID, 10), http.StatusSeeOther)
}

// JobPage shows one job; its progress part refreshes itself with htmx
// until the job ends.
type JobPage struct {
	Base
	Job    job.Job
	Result string
	// Download links the file the job made, if it made one; Also links
	// the other forms of it (a report's PDF and annex).
	Download string
	Also     []Link
}

// Link is a labelled address.
type Link struct {
	Href, Label, ID string
}

func (s *Server) findJob(w http.ResponseWriter, r *http.Request) (JobPage, bool) {
	id, ok := s.pathID(w, r)
	if !ok {
		return JobPage{}, false
	}
	if !s.requireRole(w, r, actor.Roles...) {
		return JobPage{}, false
	}
	j, err := s.Jobs.Find(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return JobPage{}, false
	}
	p := JobPage{Base: s.base(r, "job.title"), Job: j}
	if len(j.Result) > 0 {
		var v any
		if json.Unmarshal(j.Result, &v) == nil {
			b, _ := json.MarshalIndent(v, "", "  ")
			p.Result = string(b)
		}
		if m, ok := v.(map[string]any); ok {
			if d, ok := m["download"].(string); ok && strings.HasPrefix(d, "/exports/") {
				p.Download = d
			}
			if d, ok := m["download"].(string); ok && strings.HasPrefix(d, "/plan-reports/") && strings.HasSuffix(d, "/docx") {
				base := strings.TrimSuffix(d, "/docx")
				p.Download = d
				p.Also = []Link{{Href: base + "/pdf", Label: "PDF", ID: "job-download-pdf"}, {Href: base + "/xlsx", Label: p.P.T("plan.annex"), ID: "job-download-xlsx"}}
				if back, ok := m["plan"].(string); ok && strings.HasPrefix(back, "/plans/") {
					p.Also = append(p.Also, Link{Href: back, Label: p.P.T("plan.back_to_plan"), ID: "job-back"})
				}
			}
		}
	}
	return p, true
}

func (s *Server) jobShow(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.findJob(w, r); ok {
		s.render(w, r, http.StatusOK, "job", p)
	}
}

func (s *Server) jobProgress(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.findJob(w, r); ok {
		s.render(w, r, http.StatusOK, "frag_job_progress", p)
	}
}
