package rest_test

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"cnht/internal/rest"
)

// The OpenAPI document and the registered routes must describe the same
// API: every route documented, every documented operation served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rest.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("openapi %q, want 3.1", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	api := rest.New(rest.Deps{Instrument: func(_ string, h http.Handler) http.Handler { return h }})
	served := map[string]bool{}
	for _, p := range api.Routes {
		if !strings.Contains(p, " ") {
			continue // the catch-all that answers 404 in JSON
		}
		served[p] = true
	}
	var missing, extra []string
	for p := range served {
		if !documented[p] {
			missing = append(missing, p)
		}
	}
	for p := range documented {
		if !served[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, p := range missing {
		t.Errorf("route %s is not in openapi.json", p)
	}
	for _, p := range extra {
		t.Errorf("openapi.json documents %s, which is not served", p)
	}
}
