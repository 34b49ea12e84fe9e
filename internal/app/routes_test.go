package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
)

var everyone = append([]actor.Role{actor.Public}, actor.Roles...)

var signedIn = actor.Roles

// routeCase says who may use a route. The table is written by hand, not
// derived from the code, so that a permission slip shows as a failure;
// and every registered route must have a row, so a new route cannot be
// added without saying who may reach it.
type routeCase struct {
	pattern string
	path    string // the path to request; {id} is filled by fill
	form    url.Values
	json    string
	allowed []actor.Role
	// open marks routes whose every answer is legitimate for everyone
	// (login, catch-alls): only 403s and 500s are failures there.
	open bool
}

func routeTable() []routeCase {
	staff := []actor.Role{actor.Admin, actor.Officer}
	admin := []actor.Role{actor.Admin}
	watchers := []actor.Role{actor.Admin, actor.Officer, actor.Buyer}
	return []routeCase{
		{pattern: "GET /static/", path: "/static/css/app.css", allowed: everyone},
		{pattern: "GET /favicon.ico", allowed: everyone},
		{pattern: "GET /healthz", allowed: everyone},
		{pattern: "GET /metrics", allowed: everyone},
		{pattern: "GET /{$}", path: "/", allowed: everyone},
		{pattern: "GET /lang/{lang}", path: "/lang/en", allowed: everyone},
		{pattern: "GET /login", allowed: everyone},
		{pattern: "POST /login", open: true},
		{pattern: "POST /logout", allowed: everyone},
		{pattern: "GET /account", allowed: signedIn},
		{pattern: "POST /account/password", form: url.Values{"current": {"x"}}, allowed: signedIn},
		{pattern: "POST /account/tokens", form: url.Values{"name": {"t"}}, allowed: signedIn},
		{pattern: "POST /account/tokens/{id}/revoke", allowed: signedIn},
		{pattern: "GET /admin/users", allowed: admin},
		{pattern: "POST /admin/users", allowed: admin},
		{pattern: "GET /admin/users/{id}", allowed: admin},
		{pattern: "POST /admin/users/{id}/disable", allowed: admin},
		{pattern: "POST /admin/users/{id}/enable", allowed: admin},
		{pattern: "GET /admin/orgs", allowed: admin},
		{pattern: "POST /admin/orgs", allowed: admin},
		{pattern: "GET /enterprises", allowed: staff},
		{pattern: "GET /enterprises/new", allowed: staff},
		{pattern: "POST /enterprises", allowed: staff},
		{pattern: "GET /enterprises/{id}", allowed: everyone},
		{pattern: "GET /enterprises/{id}/edit", allowed: staff},
		{pattern: "POST /enterprises/{id}", allowed: staff},
		{pattern: "POST /enterprises/{id}/status", allowed: staff},
		{pattern: "POST /enterprises/{id}/verify", allowed: staff},
		{pattern: "POST /enterprises/{id}/certifications", allowed: staff},
		{pattern: "POST /enterprises/{id}/merge", allowed: staff},
		{pattern: "POST /merges/{id}/undo", allowed: staff},
		{pattern: "GET /duplicates", allowed: staff},
		{pattern: "POST /duplicates/scan", allowed: staff},
		{pattern: "POST /duplicates/decide", allowed: staff},
		{pattern: "POST /certifications/{id}/delete", allowed: staff},
		{pattern: "GET /certifications/expiring", allowed: []actor.Role{actor.Admin, actor.Officer, actor.Enterprise}},
		{pattern: "GET /documents/{id}", allowed: staff},
		{pattern: "GET /registry/counts", allowed: everyone},
		{pattern: "GET /open-data", allowed: everyone},
		{pattern: "GET /vi/nha-cung-cap", allowed: everyone},
		{pattern: "GET /en/suppliers", allowed: everyone},
		{pattern: "GET /vi/nha-cung-cap/{id}", allowed: everyone},
		{pattern: "GET /en/suppliers/{id}", allowed: everyone},
		{pattern: "GET /sitemap.xml", allowed: everyone},
		{pattern: "GET /api/v1/search", path: "/api/v1/search?q=dap", allowed: everyone},
		{pattern: "GET /saved-searches", allowed: signedIn},
		{pattern: "POST /saved-searches", form: url.Values{"name": {"Dập IATF"}, "query": {"q=dap&cert=iatf16949"}}, allowed: watchers},
		{pattern: "POST /saved-searches/{id}/delete", allowed: watchers},
		{pattern: "POST /notifications/read", allowed: signedIn},
		{pattern: "GET /open-data/enterprises.csv", allowed: everyone},
		{pattern: "GET /open-data/enterprises.json", allowed: everyone},
		{pattern: "GET /enterprises/export.csv", allowed: staff},
		{pattern: "GET /enterprises/export.xlsx", allowed: staff},
		{pattern: "POST /enterprises/export", form: url.Values{"format": {"csv"}}, allowed: staff},
		{pattern: "GET /exports/{id}", allowed: staff},
		{pattern: "GET /my-company", allowed: []actor.Role{actor.Enterprise}},
		{pattern: "POST /claims", allowed: []actor.Role{actor.Enterprise}},
		{pattern: "GET /claims", allowed: staff},
		{pattern: "POST /claims/{id}/decide", allowed: staff},
		{pattern: "GET /imports", allowed: staff},
		{pattern: "POST /imports", allowed: staff},
		{pattern: "GET /imports/{id}", allowed: staff},
		{pattern: "POST /imports/{id}/options", form: url.Values{"columns": {"2"}, "map_0": {"tax_code"}, "map_1": {"name"}}, allowed: staff},
		{pattern: "POST /imports/{id}/confirm", allowed: staff},
		{pattern: "GET /imports/{id}/refused.xlsx", allowed: staff},
		{pattern: "GET /admin/catalogues", allowed: admin},
		{pattern: "POST /admin/catalogues/{kind}", path: "/admin/catalogues/processes", allowed: admin},
		{pattern: "GET /plans", allowed: everyone},
		{pattern: "GET /plans/new", allowed: staff},
		{pattern: "GET /plans/current", allowed: everyone},
		{pattern: "POST /plans", form: url.Values{"title": {""}}, allowed: staff},
		{pattern: "GET /plans/{id}", allowed: everyone},
		{pattern: "GET /plans/{id}/edit", allowed: staff},
		{pattern: "POST /plans/{id}", form: url.Values{"title": {""}}, allowed: staff},
		{pattern: "POST /plans/{id}/targets", form: url.Values{"indicator": {"enterprises"}}, allowed: staff},
		{pattern: "POST /targets/{id}", form: url.Values{"indicator": {"enterprises"}}, allowed: staff},
		{pattern: "POST /targets/{id}/delete", allowed: staff},
		{pattern: "POST /plans/{id}/file", allowed: staff},
		{pattern: "GET /plans/{id}/file", allowed: everyone},
		{pattern: "POST /plans/{id}/report", form: url.Values{"lang": {"vi"}}, allowed: staff},
		{pattern: "GET /plan-reports/{id}/{format}", path: "/plan-reports/{id}/pdf", allowed: staff},
		{pattern: "GET /statistics", allowed: []actor.Role{actor.Admin, actor.Officer, actor.Enterprise}},
		{pattern: "POST /statistics", form: url.Values{"year": {""}}, allowed: staff},
		{pattern: "GET /statistics/{id}", allowed: staff},
		// {eid} is an enterprise the demo enterprise user does not hold
		// (statistics_web_test.go tests its own).
		{pattern: "GET /statistics/{id}/enterprises/{eid}", allowed: staff},
		{pattern: "POST /statistics/{id}/enterprises/{eid}", form: url.Values{"action": {"add_rows"}}, allowed: staff},
		{pattern: "GET /figures", allowed: everyone},
		{pattern: "POST /figures", form: url.Values{"metric": {""}}, allowed: staff},
		{pattern: "GET /indicators", allowed: everyone},
		{pattern: "GET /indicators/{code}", path: "/indicators/cnht_output?year=2023&by=sector", allowed: everyone},
		{pattern: "GET /indicators/{code}/trace", path: "/indicators/cnht_output/trace?year=2023&by=sector&key=components", allowed: staff},
		{pattern: "GET /jobs", allowed: staff},
		{pattern: "POST /jobs/demo", allowed: staff},
		{pattern: "GET /jobs/{id}", allowed: staff},
		{pattern: "GET /jobs/{id}/progress", allowed: staff},
		{pattern: "/", path: "/no-such-page", open: true},
		{pattern: "GET /api/v1/openapi.json", allowed: everyone},
		{pattern: "GET /api/v1/me", allowed: signedIn},
		{pattern: "GET /api/v1/users", allowed: admin},
		{pattern: "POST /api/v1/users", json: `{}`, allowed: admin},
		{pattern: "GET /api/v1/organisations", allowed: staff},
		{pattern: "POST /api/v1/organisations", json: `{}`, allowed: admin},
		{pattern: "POST /api/v1/jobs", json: `{"kind":"demo.count","payload":{"steps":1}}`, allowed: staff},
		{pattern: "GET /api/v1/jobs/{id}", allowed: staff},
		{pattern: "GET /api/v1/enterprises", allowed: everyone},
		{pattern: "POST /api/v1/enterprises", json: `{}`, allowed: staff},
		{pattern: "GET /api/v1/enterprises/counts", allowed: everyone},
		{pattern: "GET /api/v1/enterprises/{id}", allowed: everyone},
		// The enterprise's own users may also patch its profile and
		// certificates; {id} is one nobody holds (api_enterprise_test.go
		// tests the owner).
		{pattern: "PATCH /api/v1/enterprises/{id}", json: `{}`, allowed: staff},
		{pattern: "GET /api/v1/enterprises/{id}/certifications", allowed: everyone},
		{pattern: "POST /api/v1/enterprises/{id}/certifications", json: `{}`, allowed: staff},
		{pattern: "GET /api/v1/certifications/expiring", allowed: []actor.Role{actor.Admin, actor.Officer, actor.Enterprise}},
		{pattern: "PATCH /api/v1/certifications/{id}", json: `{"standard_id":1,"number":"QC-2024-0001","body":"QUACERT","scope":null,"issued_on":"2024-01-15","expires_on":"2027-01-15","document_id":null}`, allowed: staff},
		{pattern: "DELETE /api/v1/certifications/{id}", allowed: staff},
		{pattern: "GET /api/v1/plans", allowed: everyone},
		{pattern: "GET /api/v1/plans/{id}", allowed: everyone},
		{pattern: "GET /api/v1/indicators", allowed: everyone},
		{pattern: "GET /api/v1/catalogues/products", allowed: everyone},
		{pattern: "GET /api/v1/catalogues/processes", allowed: everyone},
		{pattern: "GET /api/v1/catalogues/standards", allowed: everyone},
		{pattern: "GET /api/v1/catalogues/key-sectors", allowed: everyone},
		{pattern: "GET /api/v1/catalogues/industries", allowed: everyone},
		{pattern: "/api/", path: "/api/v1/no-such-thing", open: true},
	}
}

func TestEveryRouteAsEveryRole(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	table := routeTable()
	byPattern := map[string]routeCase{}
	for _, c := range table {
		byPattern[c.pattern] = c
	}
	for _, p := range e.app.Web.Routes {
		if _, ok := byPattern[p]; !ok {
			t.Errorf("route %q has no row in the access table", p)
		}
	}
	// A job of the officer's, which only staff may see.
	officer := e.client(actor.Officer)
	res, _ := e.post(officer, "/jobs/demo", url.Values{"steps": {"1"}})
	jobPath := res.Header.Get("Location")
	jobID := strings.TrimPrefix(jobPath, "/jobs/")
	// A user nobody logs in as, for the routes that disable and enable.
	admin := e.client(actor.Admin)
	var orgID int64
	if err := e.app.DB.QueryRowContext(ctx, `SELECT id FROM organisations WHERE kind = 'office'`).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	if r, _ := e.post(admin, "/admin/users", url.Values{"name": {"Người dùng thử"}, "email": {"thu@cnht.demo"}, "role": {"officer"}, "org_id": {fmt.Sprint(orgID)}, "password": {"mat-khau-thu-nghiem"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("make disposable user: %d", r.StatusCode)
	}
	var disposableUser int64
	if err := e.app.DB.QueryRowContext(ctx, `SELECT id FROM users WHERE email = 'thu@cnht.demo'`).Scan(&disposableUser); err != nil {
		t.Fatal(err)
	}
	fx := registryFixture(t, e)
	pfx := planFixture(t, e)
	clients := map[actor.Role]*http.Client{}
	for _, r := range everyone {
		clients[r] = e.client(r)
	}
	for _, c := range table {
		for _, role := range everyone {
			t.Run(fmt.Sprintf("%s/%s", c.pattern, roleName(role)), func(t *testing.T) {
				client := clients[role]
				if c.pattern == "POST /logout" {
					client = e.client(role) // logging out ends the session: use one of its own
				}
				method, path, _ := strings.Cut(c.pattern, " ")
				if path == "" {
					method, path = "GET", c.pattern
				}
				if c.path != "" {
					path = c.path
				}
				switch c.pattern {
				case "GET /jobs/{id}", "GET /api/v1/jobs/{id}":
					path = strings.ReplaceAll(path, "{id}", jobID)
				case "GET /jobs/{id}/progress":
					path = strings.ReplaceAll(path, "{id}", jobID)
				case "POST /account/tokens/{id}/revoke":
					// Each signed-in user revokes a token of its own.
					if role != actor.Public {
						r, body := e.post(client, "/account/tokens", url.Values{"name": {"route test"}})
						if r.StatusCode != 200 {
							t.Fatalf("make token: %d", r.StatusCode)
						}
						id := tokenIDFrom(body)
						path = strings.ReplaceAll(path, "{id}", id)
					} else {
						path = strings.ReplaceAll(path, "{id}", "1")
					}
				case "POST /certifications/{id}/delete", "PATCH /api/v1/certifications/{id}", "DELETE /api/v1/certifications/{id}":
					// A certificate of its own for each try: a successful
					// delete must not turn the next role's try into a 404.
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.newCertificate(t)))
				case "GET /documents/{id}":
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.document))
				case "POST /saved-searches/{id}/delete":
					// A saved search of the role's own (another's is not found).
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.newSavedSearch(t, role)))
				case "GET /exports/{id}":
					// A file of the role's own (another officer's is not found).
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.newExport(t, role)))
				case "GET /vi/nha-cung-cap/{id}", "GET /en/suppliers/{id}":
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.other))
				case "GET /plans/{id}", "GET /plans/{id}/edit", "POST /plans/{id}", "POST /plans/{id}/targets", "POST /plans/{id}/file", "GET /plans/{id}/file",
					"POST /plans/{id}/report", "GET /api/v1/plans/{id}":
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(pfx.plan))
				case "POST /targets/{id}", "POST /targets/{id}/delete":
					// A target of its own for each try: a delete must not
					// turn the next role's try into a 404.
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(pfx.newTarget(t)))
				case "GET /plan-reports/{id}/{format}":
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(pfx.report))
				case "GET /statistics/{id}", "GET /statistics/{id}/enterprises/{eid}", "POST /statistics/{id}/enterprises/{eid}":
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(statPeriod(t, e, 2024)))
					path = strings.ReplaceAll(path, "{eid}", fmt.Sprint(fx.other))
				case "POST /merges/{id}/undo":
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.newMerge(t)))
				case "POST /claims/{id}/decide":
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.claim))
				case "GET /imports/{id}", "POST /imports/{id}/options", "POST /imports/{id}/confirm", "GET /imports/{id}/refused.xlsx":
					// A draft of its own for each try: a confirmation ends
					// the draft.
					path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.newImport(t)))
				default:
					if strings.Contains(c.pattern, "/enterprises/{id}") {
						// An enterprise the demo enterprise user does not hold.
						path = strings.ReplaceAll(path, "{id}", fmt.Sprint(fx.other))
					} else {
						path = strings.ReplaceAll(path, "{id}", fmt.Sprint(disposableUser))
					}
				}
				var req *http.Request
				switch {
				case c.json != "":
					req, _ = http.NewRequest(method, e.srv.URL+path, strings.NewReader(c.json))
					req.Header.Set("Content-Type", "application/json")
				case method == "POST":
					req, _ = http.NewRequest(method, e.srv.URL+path, strings.NewReader(c.form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				default:
					req, _ = http.NewRequest(method, e.srv.URL+path, nil)
				}
				res, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				denied := res.StatusCode == 401 || res.StatusCode == 403 || res.StatusCode == 404 ||
					res.StatusCode == 303 && strings.HasPrefix(res.Header.Get("Location"), "/login")
				if res.StatusCode >= 500 {
					t.Fatalf("%s %s as %s: server error %d", method, path, roleName(role), res.StatusCode)
				}
				if c.open {
					if res.StatusCode == 403 {
						t.Fatalf("%s %s as %s: 403 on an open route", method, path, roleName(role))
					}
					return
				}
				want := false
				for _, r := range c.allowed {
					want = want || r == role
				}
				if want && denied {
					t.Errorf("%s %s as %s: denied (%d) but should be allowed", method, path, roleName(role), res.StatusCode)
				}
				if !want && !denied {
					t.Errorf("%s %s as %s: allowed (%d) but should be denied", method, path, roleName(role), res.StatusCode)
				}
			})
		}
	}
}

func roleName(r actor.Role) string {
	if r == actor.Public {
		return "public"
	}
	return string(r)
}

// tokenIDFrom finds the newest token's revoke form on the account page.
func tokenIDFrom(body string) string {
	const marker = `action="/account/tokens/`
	i := strings.Index(body, marker)
	if i < 0 {
		return "0"
	}
	rest := body[i+len(marker):]
	return rest[:strings.Index(rest, "/")]
}
