package rest

import (
	"encoding/json"
	"net/http"
	"time"

	"cnht/internal/actor"
	"cnht/internal/job"
)

// JobJSON is a job as the API shows it.
type JobJSON struct {
	ID         int64           `json:"id"`
	Kind       string          `json:"kind"`
	Status     string          `json:"status"`
	Progress   int             `json:"progress"`
	Message    string          `json:"message"`
	Result     json.RawMessage `json:"result,omitempty"`
	Error      string          `json:"error,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	FinishedAt *time.Time      `json:"finished_at"`
}

func jobJSON(j job.Job) JobJSON {
	out := JobJSON{ID: j.ID, Kind: j.Kind, Status: string(j.Status), Progress: j.Progress, Message: j.Message, Error: j.Error, CreatedAt: j.CreatedAt}
	if len(j.Result) > 0 {
		out.Result = j.Result
	}
	if !j.FinishedAt.IsZero() {
		t := j.FinishedAt
		out.FinishedAt = &t
	}
	return out
}

func (a *API) createJob(w http.ResponseWriter, r *http.Request) {
	if _, err := actor.Require(r.Context(), actor.Admin, actor.Officer); err != nil {
		a.fail(w, r, err)
		return
	}
	var in struct {
		Kind    string          `json:"kind"`
		Payload json.RawMessage `json:"payload"`
	}
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	j, err := a.Jobs.Enqueue(r.Context(), in.Kind, in.Payload)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, jobJSON(j))
}

func (a *API) getJob(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		_, err = actor.RequireUser(r.Context())
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j, err := a.Jobs.Find(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, jobJSON(j))
}
