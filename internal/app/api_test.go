package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
)

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Field   string            `json:"field"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func (e *env) token(role actor.Role) string {
	e.t.Helper()
	ctx := actor.SystemContext(context.Background())
	u, err := e.app.Accounts.FindUserByEmail(ctx, demoEmail(role))
	if err != nil {
		e.t.Fatal(err)
	}
	secret, _, err := e.app.Accounts.CreateToken(ctx, u.ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

func (e *env) api(method, path, token, body string) (int, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin, buyer := e.token(actor.Admin), e.token(actor.Buyer)
		cases := []struct {
			name, method, path, token, body string
			status                          int
			code, field                     string
			fields                          []string
		}{
			{"no token", "GET", "/api/v1/me", "", "", 401, "unauthenticated", "", nil},
			{"bad token", "GET", "/api/v1/me", "cnht_nope", "", 401, "unauthenticated", "", nil},
			{"me", "GET", "/api/v1/me", buyer, "", 200, "", "", nil},
			{"buyer lists users", "GET", "/api/v1/users", buyer, "", 403, "forbidden", "", nil},
			{"every invalid field at once", "POST", "/api/v1/users", admin, `{"email":"x","role":"king","password":"short"}`, 422, "invalid", "email", []string{"email", "name", "role", "password", "org_id"}},
			{"unknown JSON field", "POST", "/api/v1/users", admin, `{"emial":"a@b.vn"}`, 422, "invalid", "", nil},
			{"data after the JSON value", "POST", "/api/v1/organisations", admin, `{"kind":"buyer","name":"Công ty A"} {"kind":"buyer","name":"Công ty B"}`, 422, "invalid", "", nil},
			{"duplicate", "POST", "/api/v1/organisations", admin, `{"kind":"buyer","name":"Sở Công Thương Hà Nội"}`, 409, "conflict", "name", []string{"name"}},
			{"unknown job", "GET", "/api/v1/jobs/999999", admin, "", 404, "not_found", "", nil},
			{"unknown path", "GET", "/api/v1/nothing", admin, "", 404, "not_found", "", nil},
			{"create organisation", "POST", "/api/v1/organisations", admin, `{"kind":"buyer","name":"Công ty TNHH Canon Việt Nam","name_en":"Canon Vietnam Co., Ltd"}`, 201, "", "", nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				status, body := e.api(c.method, c.path, c.token, c.body)
				if status != c.status {
					t.Fatalf("status %d, want %d: %s", status, c.status, body)
				}
				if c.code == "" {
					return
				}
				var ae apiError
				if err := json.Unmarshal(body, &ae); err != nil {
					t.Fatalf("not an error body: %s", body)
				}
				if ae.Error.Code != c.code || ae.Error.Field != c.field || ae.Error.Message == "" {
					t.Fatalf("error %+v", ae.Error)
				}
				for _, f := range c.fields {
					if ae.Error.Fields[f] == "" {
						t.Errorf("fields lacks %q: %v", f, ae.Error.Fields)
					}
				}
			})
		}
		// Messages follow the language: Vietnamese by default.
		_, body := e.api("GET", "/api/v1/users", buyer, "")
		if !strings.Contains(string(body), "Bạn không có quyền thực hiện thao tác này.") {
			t.Fatalf("message not Vietnamese: %s", body)
		}
	})
}

func TestAPIJobRuns(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { e.app.Jobs.Run(ctx, 1); close(done) }()
	officer := e.token(actor.Officer)
	status, body := e.api("POST", "/api/v1/jobs", officer, `{"kind":"demo.count","payload":{"steps":3,"delay_ms":1}}`)
	if status != 202 {
		t.Fatalf("enqueue: %d %s", status, body)
	}
	var j struct {
		ID     int64           `json:"id"`
		Status string          `json:"status"`
		Result json.RawMessage `json:"result"`
	}
	json.Unmarshal(body, &j)
	for range 200 {
		_, body = e.api("GET", "/api/v1/jobs/"+itoa(j.ID), officer, "")
		json.Unmarshal(body, &j)
		if j.Status == "done" {
			break
		}
		sleep()
	}
	var res struct{ Counted int }
	json.Unmarshal(j.Result, &res)
	if j.Status != "done" || res.Counted != 3 {
		t.Fatalf("job: %s", body)
	}
	cancel()
	<-done
}
