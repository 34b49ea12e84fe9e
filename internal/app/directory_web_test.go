package app_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// The public directory, no login, with the language in the address: a
// buyer's words without diacritics find the certified stamping shops in
// Vietnamese and in English; typing asks for a fragment; a profile shows
// public fields only, even to an officer signed in; the sitemap lists
// both languages.
func TestWebDirectory(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	public := e.client(actor.Public)
	res, page := e.get(public, "/vi/nha-cung-cap?q=dap+khuon+kim+loai+IATF")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `lang="vi"`) {
		t.Fatalf("vi directory: %d", res.StatusCode)
	}
	total := regexp.MustCompile(`id="dir-total">(\d+) doanh nghiệp`).FindStringSubmatch(page)
	if total == nil || total[1] == "0" || !strings.Contains(page, "có chứng nhận IATF 16949 còn hiệu lực hôm nay") {
		t.Fatalf("the stamping shops with IATF are not found:\n%s", page)
	}
	if !strings.Contains(html.UnescapeString(page), `<a href="/en/suppliers?q=dap+khuon+kim+loai+IATF" lang="en"`) {
		t.Errorf("the page does not link its English version: %s", regexp.MustCompile(`<a href="[^"]*" lang="en"`).FindString(page))
	}
	res, page = e.get(public, "/en/suppliers?q=metal+stamping+IATF")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `lang="en"`) || !strings.Contains(page, "holding IATF 16949 valid today") ||
		!regexp.MustCompile(`id="dir-total">[1-9]\d* enterprises`).MatchString(page) {
		t.Errorf("en directory: %d", res.StatusCode)
	}
	// A facet narrows: the count a value shows is what choosing it gives.
	m := regexp.MustCompile(`name="ward" value="(\d+)"[^>]*><label[^>]*>[^<]*<span class="count">(\d+)</span>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no ward facet")
	}
	_, narrowed := e.get(public, "/en/suppliers?q=metal+stamping+IATF&ward="+m[1])
	if !strings.Contains(narrowed, `id="dir-total">`+m[2]+` enterprise`) {
		t.Errorf("ward %s counted %s; choosing it gives another total", m[1], m[2])
	}
	// Typing: htmx asks for the results alone.
	req, _ := http.NewRequest("GET", e.srv.URL+"/vi/nha-cung-cap?q=khuon+ma&prefix=1", nil)
	req.Header.Set("HX-Request", "true")
	r2, err := public.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	frag := readBody(t, r2)
	if strings.Contains(frag, "<html") || !strings.Contains(frag, `id="dir-results"`) || strings.Contains(frag, `id="dir-total">0 `) {
		t.Errorf("the type-ahead fragment: %.300s", frag)
	}

	// A profile: public fields, whoever looks.
	flagship, err := e.app.Registry.FindEnterpriseByTaxCode(actor.SystemContext(t.Context()), enterprise.DemoFlagshipTaxCode())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*http.Client{public, e.client(actor.Officer)} {
		res, page = e.get(c, fmt.Sprintf("/vi/nha-cung-cap/%d-co-khi-chinh-xac-dong-anh", flagship.Public.ID))
		if res.StatusCode != http.StatusOK || !strings.Contains(page, flagship.Public.Name) {
			t.Fatalf("profile: %d", res.StatusCode)
		}
		for _, private := range []string{"Vốn điều lệ", "Doanh thu", "charter-capital", "revenue", "Sửa hồ sơ"} {
			if strings.Contains(page, private) {
				t.Errorf("the public profile shows %q", private)
			}
		}
	}
	res, page = e.get(public, fmt.Sprintf("/en/suppliers/%d", flagship.Public.ID))
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `lang="en"`) || !strings.Contains(page, "Contact") {
		t.Errorf("english profile: %d", res.StatusCode)
	}
	if res, _ := e.get(public, "/vi/nha-cung-cap/999999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown profile: %d", res.StatusCode)
	}
	res, page = e.get(public, "/sitemap.xml")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "/vi/nha-cung-cap/") || !strings.Contains(page, "/en/suppliers/") || !strings.Contains(page, `hreflang="en"`) {
		t.Errorf("sitemap: %d %.300s", res.StatusCode, page)
	}
}

// The JSON search takes the directory's parameters and says where each
// hit matched; a misspelt parameter is refused naming it.
func TestAPISearch(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	public := e.client(actor.Public)
	res, body := e.get(public, "/api/v1/search?q=stamping&cert=iatf16949&lang=en&limit=5")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search: %d %s", res.StatusCode, body)
	}
	var page struct {
		Total int `json:"total"`
		Items []struct {
			ID      int64    `json:"id"`
			Certs   []string `json:"certifications_valid_today"`
			Matches []struct {
				Field       string   `json:"field"`
				Highlighted string   `json:"highlighted"`
				Found       []string `json:"found"`
			} `json:"matches"`
			URLs map[string]string `json:"urls"`
		} `json:"items"`
		Facets map[string][]struct {
			Value string `json:"value"`
			Label string `json:"label"`
			Count int    `json:"count"`
		} `json:"facets"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	if page.Total == 0 || len(page.Items) == 0 || len(page.Items) > 5 {
		t.Fatalf("stamping with IATF: %d total, %d items", page.Total, len(page.Items))
	}
	for _, it := range page.Items {
		if !slices.Contains(it.Certs, "IATF 16949") || len(it.Matches) == 0 || !strings.Contains(it.Matches[0].Highlighted, "«") ||
			!strings.HasPrefix(it.URLs["en"], "/en/suppliers/") {
			t.Errorf("hit %d: certs %v, matches %+v, urls %v", it.ID, it.Certs, it.Matches, it.URLs)
		}
	}
	if f := page.Facets["cert"]; len(f) == 0 || f[0].Label == "" {
		t.Errorf("cert facet: %+v", f)
	}
	res, body = e.get(public, "/api/v1/search?q=dap&sectr=components")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "sectr") {
		t.Errorf("a misspelt parameter: %d %s", res.StatusCode, body)
	}
}
