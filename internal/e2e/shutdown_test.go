package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestServeGracefulShutdown stops cnht serve with SIGTERM while a job
// runs: the process must finish the job, record it done, and exit 0.
func TestServeGracefulShutdown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "graceful.db")
	token := seedAdmin(t, path)
	srv := start(t, "serve", "-addr", "127.0.0.1:0", "-db", path, "-workers", "1")
	api := newAPIClient(srv.URL, token)
	ctx := context.Background()

	var j jobJSON
	if _, err := api.do(ctx, http.MethodPost, "/api/v1/jobs",
		demoJob{Kind: "demo.count", Payload: map[string]int{"steps": 10, "delay_ms": 200}}, &j); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for j.Status != "running" {
		if time.Now().After(deadline) {
			t.Fatalf("job %d is still %q after 10 s", j.ID, j.Status)
		}
		time.Sleep(20 * time.Millisecond)
		if _, err := api.do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d", j.ID), nil, &j); err != nil {
			t.Fatal(err)
		}
	}
	if j.Progress >= 100 {
		t.Fatalf("job %d already at %d%% when seen running: the test would prove nothing", j.ID, j.Progress)
	}
	signalled := time.Now()
	srv.Signal(syscall.SIGTERM)
	code := srv.Wait(30 * time.Second)
	took := time.Since(signalled)
	if code != 0 {
		t.Errorf("cnht serve exited %d after SIGTERM, want 0", code)
	}

	d := openDB(t, path)
	defer d.Close()
	var status, result, errText string
	var progress int
	if err := d.QueryRowContext(ctx, `SELECT status, progress, result, error FROM jobs WHERE id = $1`, j.ID).
		Scan(&status, &progress, &result, &errText); err != nil {
		t.Fatal(err)
	}
	if status != "done" || progress != 100 {
		t.Errorf("job %d after SIGTERM: status %q, progress %d, error %q; want done at 100%%", j.ID, status, progress, errText)
	}
	var r struct {
		Counted int `json:"counted"`
	}
	if err := json.Unmarshal([]byte(result), &r); err != nil || r.Counted != 10 {
		t.Errorf("job %d result %q, want {\"counted\":10}", j.ID, result)
	}
	t.Logf("SIGTERM at %d%%: exited %d after %v with job %d %s", j.Progress, code, took.Round(time.Millisecond), j.ID, status)
}
