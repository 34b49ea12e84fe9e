package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/vn"
)

// apiEnterprise is the part of GET /api/v1/enterprises/{id} the tests read.
type apiEnterprise struct {
	Public struct {
		ID                          int64    `json:"id"`
		TaxCode                     string   `json:"tax_code"`
		Name                        string   `json:"name"`
		WardCode                    *string  `json:"ward_code"`
		Employees                   *int64   `json:"employees"`
		SizeClass                   *string  `json:"size_class"`
		KeySectors                  []string `json:"key_sectors"`
		MeetsInternationalStandards bool     `json:"meets_international_standards"`
		Status                      string   `json:"status"`
		JoinedOn                    string   `json:"joined_on"`
		Contact                     *struct {
			Name  string `json:"name"`
			Email string `json:"email"`
		} `json:"contact"`
	} `json:"public"`
	Private *struct {
		RevenueVND        *int64 `json:"revenue_vnd"`
		CharterCapitalVND *int64 `json:"charter_capital_vnd"`
		Version           int64  `json:"version"`
		Contact           struct {
			Name  string `json:"name"`
			Email string `json:"email"`
		} `json:"contact"`
	} `json:"private"`
	CanEdit bool `json:"can_edit"`
}

type apiCertification struct {
	ID            int64  `json:"id"`
	EnterpriseID  int64  `json:"enterprise_id"`
	International bool   `json:"international"`
	Number        string `json:"number"`
	Scope         string `json:"scope"`
	IssuedOn      string `json:"issued_on"`
	ExpiresOn     string `json:"expires_on"`
}

// registryAPI is a fully wired app with the tokens and fixtures the
// enterprise API tests share.
type registryAPI struct {
	*env
	officer, admin, buyer, enterpriseUser string
	// ownerToken belongs to a user of the organisation holding owned.
	ownerToken     string
	owned          int64
	ward           string
	intl, national int64 // an international and a national standard
	taxSeq         int
}

func newRegistryAPI(t *testing.T, d *db.DB) *registryAPI {
	t.Helper()
	e := newEnv(t, d)
	r := &registryAPI{env: e, officer: e.token(actor.Officer), admin: e.token(actor.Admin), buyer: e.token(actor.Buyer), enterpriseUser: e.token(actor.Enterprise)}
	r.ward = e.app.Registry.Wards()[0].Code
	status, body := e.api("GET", "/api/v1/catalogues/standards", "", "")
	if status != 200 {
		t.Fatalf("standards: %d %s", status, body)
	}
	var stds struct {
		Items []struct {
			ID            int64 `json:"id"`
			International bool  `json:"international"`
		} `json:"items"`
	}
	mustJSON(t, body, &stds)
	for _, s := range stds.Items {
		if s.International && r.intl == 0 {
			r.intl = s.ID
		}
		if !s.International && r.national == 0 {
			r.national = s.ID
		}
	}
	if r.intl == 0 || r.national == 0 {
		t.Fatalf("standards catalogue lacks an international or a national standard: %s", body)
	}
	// An enterprise organisation of the test's own, with a user and an
	// enterprise it holds.
	ctx := actor.SystemContext(context.Background())
	org, err := e.app.Accounts.CreateOrganisation(ctx, account.NewOrganisation{Kind: account.KindEnterprise, Name: "Công ty TNHH Kiểm thử API"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.app.Accounts.CreateUser(ctx, account.NewUser{Email: "api-owner@cnht.demo", Name: "Chủ doanh nghiệp", Role: actor.Enterprise, OrgID: org.ID, Password: "mat-khau-thu-nghiem"})
	if err != nil {
		t.Fatal(err)
	}
	if r.ownerToken, _, err = e.app.Accounts.CreateToken(ctx, u.ID, "test"); err != nil {
		t.Fatal(err)
	}
	r.owned = r.create(t, map[string]any{"name": "Công ty TNHH Kiểm thử API", "revenue_vnd": 12_000_000_000, "revenue_year": 2024})
	if err := e.app.Registry.AssignOrganisation(ctx, r.owned, org.ID); err != nil {
		t.Fatal(err)
	}
	return r
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}

func jsonBody(fields map[string]any) string {
	b, _ := json.Marshal(fields)
	return string(b)
}

// taxCode returns a valid tax code no enterprise has yet.
func (r *registryAPI) taxCode(t *testing.T) string {
	t.Helper()
	ctx := actor.SystemContext(context.Background())
	for {
		r.taxSeq++
		first9 := fmt.Sprintf("0198%05d", r.taxSeq)
		c, ok := vn.TaxCheckDigit(first9)
		if !ok {
			continue
		}
		code := first9 + string(c)
		if _, err := r.app.Registry.FindEnterpriseByTaxCode(ctx, code); err != nil {
			return code
		}
	}
}

// create adds an enterprise through the API as an officer, with valid
// defaults for what fields leaves out, and returns its id.
func (r *registryAPI) create(t *testing.T, fields map[string]any) int64 {
	t.Helper()
	body := map[string]any{"tax_code": r.taxCode(t), "name": "Công ty Cổ phần Thử nghiệm", "key_sectors": []string{"components"}, "ward_code": r.ward}
	for k, v := range fields {
		body[k] = v
	}
	status, b := r.api("POST", "/api/v1/enterprises", r.officer, jsonBody(body))
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, b)
	}
	var v apiEnterprise
	mustJSON(t, b, &v)
	return v.Public.ID
}

func (r *registryAPI) get(t *testing.T, token string, id int64) (apiEnterprise, []byte) {
	t.Helper()
	status, b := r.api("GET", fmt.Sprintf("/api/v1/enterprises/%d", id), token, "")
	if status != 200 {
		t.Fatalf("get %d: %d %s", id, status, b)
	}
	var v apiEnterprise
	mustJSON(t, b, &v)
	return v, b
}

// wantError checks an error answer: its status, code, first field and that
// every named field has a message.
func wantError(t *testing.T, status int, body []byte, wantStatus int, field string, fields ...string) apiError {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status %d, want %d: %s", status, wantStatus, body)
	}
	var ae apiError
	mustJSON(t, body, &ae)
	if ae.Error.Field != field || ae.Error.Message == "" {
		t.Errorf("error field %q (want %q), message %q", ae.Error.Field, field, ae.Error.Message)
	}
	for _, f := range fields {
		if ae.Error.Fields[f] == "" {
			t.Errorf("fields lacks %q: %v", f, ae.Error.Fields)
		}
	}
	return ae
}

// wantTranslated checks a message is the translation of the rule's key
// (a key missing from the language's file shows as "[key]").
func wantTranslated(t *testing.T, got, want string) {
	t.Helper()
	if strings.HasPrefix(got, "[") {
		t.Errorf("message %s: the key is missing from the language's file", got)
	} else if got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func TestAPIEnterpriseCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRegistryAPI(t, d)
		bundle, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		invalid := jsonBody(map[string]any{
			"tax_code": "0100233480", "name": "", "email": "khong-phai-email", "ward_code": "99999",
			"key_sectors": []string{}, "employees": -5, "legal_form": "gmbh", "export_markets": []string{"XX"},
		})
		t.Run("every invalid field at once, tax code naming its rule", func(t *testing.T) {
			status, body := r.api("POST", "/api/v1/enterprises", r.officer, invalid)
			ae := wantError(t, status, body, 422, "tax_code", "tax_code", "name", "email", "ward_code", "key_sectors", "employees", "legal_form", "export_markets")
			wantTranslated(t, ae.Error.Fields["tax_code"], bundle.Printer("vi").T(enterprise.TaxCodeKey(vn.TaxRuleCheckDigit)))
		})
		t.Run("messages in the caller's language", func(t *testing.T) {
			ctx := actor.SystemContext(context.Background())
			off, err := r.app.Accounts.FindUserByEmail(ctx, demoEmail(actor.Officer))
			if err != nil {
				t.Fatal(err)
			}
			u, err := r.app.Accounts.CreateUser(ctx, account.NewUser{Email: "officer-en@cnht.demo", Name: "English Officer", Role: actor.Officer, OrgID: off.OrgID, Password: "mat-khau-thu-nghiem", Lang: "en"})
			if err != nil {
				t.Fatal(err)
			}
			tok, _, err := r.app.Accounts.CreateToken(ctx, u.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			status, body := r.api("POST", "/api/v1/enterprises", tok, invalid)
			ae := wantError(t, status, body, 422, "tax_code", "tax_code")
			wantTranslated(t, ae.Error.Fields["tax_code"], bundle.Printer("en").T(enterprise.TaxCodeKey(vn.TaxRuleCheckDigit)))
		})
		t.Run("wrong JSON types and unknown members, all at once", func(t *testing.T) {
			status, body := r.api("POST", "/api/v1/enterprises", r.officer, `{"tax_code":"0100233488","name":"X","key_sectors":["components"],"employees":"nhiều","joined_on":"31/12/2023","nmae":"Y","contact":{"fax":"1"}}`)
			wantError(t, status, body, 422, "employees", "employees", "joined_on", "nmae", "contact.fax")
		})
		t.Run("not JSON", func(t *testing.T) {
			status, body := r.api("POST", "/api/v1/enterprises", r.officer, `[1, 2]`)
			wantError(t, status, body, 422, "")
		})
		code := r.taxCode(t)
		spaced := code[:4] + " " + code[4:7] + "." + code[7:]
		valid := jsonBody(map[string]any{
			"tax_code": spaced, "name": "Công ty TNHH Khuôn mẫu Chính xác Sóc Sơn", "name_en": "Soc Son Precision Mould Co., Ltd",
			"legal_form": "llc_multi", "ownership": "private", "founded_year": 2009, "ward_code": r.ward, "street": "Lô CN2, KCN Nội Bài",
			"contact": map[string]any{"name": "Nguyễn Văn An", "email": "an@khuonmau.vn"}, "contact_private": true,
			"employees": 85, "charter_capital_vnd": 15_000_000_000, "revenue_vnd": 42_000_000_000, "revenue_year": 2024,
			"key_sectors": []string{"components"}, "industries": []string{"automobile", "motorcycle"},
			"customers":      []map[string]any{{"name": "Honda Việt Nam", "country": "VN", "multinational": true}},
			"export_markets": []string{"jp"}, "supplier_tier": 2, "joined_on": "2021-03-15", "status": "active",
		})
		var id int64
		t.Run("create", func(t *testing.T) {
			req, _ := http.NewRequest("POST", r.srv.URL+"/api/v1/enterprises", strings.NewReader(valid))
			req.Header.Set("Authorization", "Bearer "+r.officer)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var v apiEnterprise
			if err := json.NewDecoder(res.Body).Decode(&v); err != nil || res.StatusCode != 201 {
				t.Fatalf("status %d, %v", res.StatusCode, err)
			}
			id = v.Public.ID
			if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/enterprises/%d", id) {
				t.Errorf("Location %q", loc)
			}
			switch {
			case v.Public.TaxCode != code:
				t.Errorf("tax code %q, want canonical %q", v.Public.TaxCode, code)
			case v.Public.SizeClass == nil || *v.Public.SizeClass != "small":
				t.Errorf("size class %v, want small (85 people, 42 bn revenue)", v.Public.SizeClass)
			case v.Public.JoinedOn != "2021-03-15":
				t.Errorf("joined_on %q, want a plain date", v.Public.JoinedOn)
			case v.Public.Contact != nil:
				t.Errorf("private contact shown publicly: %+v", v.Public.Contact)
			case v.Private == nil || v.Private.RevenueVND == nil || *v.Private.RevenueVND != 42_000_000_000:
				t.Errorf("officer does not see the revenue: %+v", v.Private)
			}
		})
		t.Run("duplicate tax code", func(t *testing.T) {
			status, body := r.api("POST", "/api/v1/enterprises", r.officer, valid)
			wantError(t, status, body, 409, "tax_code", "tax_code")
		})
		t.Run("not as an enterprise user, nor the public", func(t *testing.T) {
			status, body := r.api("POST", "/api/v1/enterprises", r.ownerToken, valid)
			wantError(t, status, body, 403, "")
			status, body = r.api("POST", "/api/v1/enterprises", "", valid)
			wantError(t, status, body, 401, "")
		})
	})
}

func TestAPIEnterpriseListAndPatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRegistryAPI(t, d)
		// Three enterprises with a name no demo enterprise has.
		var ids []int64
		for i, sector := range []string{"components", "hightech", "components"} {
			ids = append(ids, r.create(t, map[string]any{"name": fmt.Sprintf("Công ty TNHH Quỳnh Lâm Thử Nghiệm %d", i+1), "key_sectors": []string{sector}, "employees": 10 * (i + 1)}))
		}
		suspended := r.create(t, map[string]any{"name": "Công ty TNHH Quỳnh Lâm Thử Nghiệm tạm ngừng", "status": "suspended"})
		type page struct {
			Items []struct {
				ID         int64    `json:"id"`
				KeySectors []string `json:"key_sectors"`
				JoinedOn   string   `json:"joined_on"`
			} `json:"items"`
			Total, Limit, Offset int
		}
		list := func(t *testing.T, token, query string) page {
			t.Helper()
			status, body := r.api("GET", "/api/v1/enterprises?"+query, token, "")
			if status != 200 {
				t.Fatalf("list %s: %d %s", query, status, body)
			}
			var p page
			mustJSON(t, body, &p)
			return p
		}
		t.Run("filter, sort and page", func(t *testing.T) {
			p := list(t, r.officer, "q=quynh+lam+thu+nghiem&status=active&sort=employees&desc=true&limit=2")
			if p.Total != 3 || len(p.Items) != 2 || p.Items[0].ID != ids[2] || p.Items[1].ID != ids[1] || p.Limit != 2 {
				t.Fatalf("page 1: %+v", p)
			}
			p = list(t, r.officer, "q=quynh+lam+thu+nghiem&status=active&sort=employees&desc=true&limit=2&offset=2")
			if p.Total != 3 || len(p.Items) != 1 || p.Items[0].ID != ids[0] || p.Offset != 2 {
				t.Fatalf("page 2: %+v", p)
			}
			if !isoDate.MatchString(p.Items[0].JoinedOn) {
				t.Errorf("joined_on %q", p.Items[0].JoinedOn)
			}
			p = list(t, r.officer, "q=Quỳnh+Lâm+Thử+Nghiệm&key_sector=hightech")
			if p.Total != 1 || p.Items[0].ID != ids[1] || !slices.Equal(p.Items[0].KeySectors, []string{"hightech"}) {
				t.Fatalf("key_sector: %+v", p)
			}
			p = list(t, r.officer, "q=quynh+lam&status=suspended")
			if p.Total != 1 || p.Items[0].ID != suspended {
				t.Fatalf("officer, suspended: %+v", p)
			}
			if p := list(t, "", "q=quynh+lam&limit=200"); p.Total != 3 {
				t.Fatalf("the public lists active enterprises only: %+v", p)
			}
		})
		t.Run("every invalid parameter at once", func(t *testing.T) {
			status, body := r.api("GET", "/api/v1/enterprises?key_sector=mining&limit=500&offset=-1&verified=yes&product_id=abc&sectr=x", r.officer, "")
			wantError(t, status, body, 422, "sectr", "key_sector", "limit", "offset", "verified", "product_id", "sectr")
		})
		t.Run("patch by an officer", func(t *testing.T) {
			before, _ := r.get(t, r.officer, ids[0])
			status, body := r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", ids[0]), r.officer, `{"employees": 120, "contact": {"email": "lienhe@quynhlam.vn"}, "revenue_vnd": null}`)
			if status != 200 {
				t.Fatalf("patch: %d %s", status, body)
			}
			var v apiEnterprise
			mustJSON(t, body, &v)
			switch {
			case *v.Public.Employees != 120:
				t.Errorf("employees %d", *v.Public.Employees)
			case v.Public.Name != before.Public.Name || v.Public.TaxCode != before.Public.TaxCode || !slices.Equal(v.Public.KeySectors, before.Public.KeySectors):
				t.Errorf("fields not in the patch changed: %+v", v.Public)
			case v.Private.Contact.Email != "lienhe@quynhlam.vn" || v.Private.RevenueVND != nil:
				t.Errorf("private %+v", v.Private)
			case v.Private.Version != before.Private.Version+1:
				t.Errorf("version %d after %d", v.Private.Version, before.Private.Version)
			}
			stale := fmt.Sprintf(`{"employees": 130, "version": %d}`, before.Private.Version)
			status, body = r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", ids[0]), r.officer, stale)
			wantError(t, status, body, 409, "")
			status, body = r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", ids[0]), r.officer, `{"employes": 130, "email": "sai"}`)
			wantError(t, status, body, 422, "employes", "employes")
			status, body = r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", ids[0]), r.officer, `{"email": "sai", "ward_code": "00000"}`)
			wantError(t, status, body, 422, "ward_code", "email", "ward_code")
		})
		t.Run("the enterprise patches its own, not another", func(t *testing.T) {
			status, body := r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", r.owned), r.ownerToken, `{"employees": 42, "materials": "Thép tấm SPCC, nhôm ADC12"}`)
			if status != 200 {
				t.Fatalf("own: %d %s", status, body)
			}
			status, body = r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", r.owned), r.ownerToken, fmt.Sprintf(`{"tax_code": %q}`, r.taxCode(t)))
			wantError(t, status, body, 422, "tax_code", "tax_code")
			status, body = r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", ids[1]), r.ownerToken, `{"employees": 1}`)
			wantError(t, status, body, 403, "")
			status, body = r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", ids[1]), r.buyer, `{"employees": 1}`)
			wantError(t, status, body, 403, "")
			status, body = r.api("PATCH", fmt.Sprintf("/api/v1/enterprises/%d", ids[1]), "", `{"employees": 1}`)
			wantError(t, status, body, 401, "")
		})
		t.Run("another enterprise's private part is absent", func(t *testing.T) {
			own, _ := r.get(t, r.ownerToken, r.owned)
			if own.Private == nil || own.Private.RevenueVND == nil || !own.CanEdit {
				t.Fatalf("own enterprise without its private part: %+v", own)
			}
			// Another enterprise's user, a buyer, the public.
			for _, tok := range []string{r.enterpriseUser, r.buyer, ""} {
				v, raw := r.get(t, tok, r.owned)
				var top map[string]json.RawMessage
				mustJSON(t, raw, &top)
				if _, ok := top["private"]; ok || v.CanEdit {
					t.Errorf("private part shown: %s", raw)
				}
				if strings.Contains(string(raw), "revenue") {
					t.Errorf("revenue shown: %s", raw)
				}
			}
		})
		t.Run("a suspended enterprise is hidden from the public", func(t *testing.T) {
			status, body := r.api("GET", fmt.Sprintf("/api/v1/enterprises/%d", suspended), "", "")
			wantError(t, status, body, 404, "")
			if v, _ := r.get(t, r.officer, suspended); v.Public.Status != "suspended" {
				t.Errorf("status %q", v.Public.Status)
			}
		})
	})
}

func TestAPICertificationsAndCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRegistryAPI(t, d)
		today := r.app.Registry.Today()
		day := func(t time.Time) string { return t.Format(time.DateOnly) }
		id := r.create(t, map[string]any{"name": "Công ty Cổ phần Chứng nhận Thử Nghiệm", "joined_on": "2022-05-10"})
		certPath := fmt.Sprintf("/api/v1/enterprises/%d/certifications", id)
		meets := func(t *testing.T) bool {
			t.Helper()
			v, _ := r.get(t, "", id)
			return v.Public.MeetsInternationalStandards
		}
		if meets(t) {
			t.Fatal("meets international standards without a certificate")
		}
		add := func(t *testing.T, token string, standard int64, issued, expires time.Time) (int, []byte) {
			t.Helper()
			return r.api("POST", certPath, token, jsonBody(map[string]any{"standard_id": standard, "number": fmt.Sprintf("VN-%d-%s", standard, day(issued)),
				"body": "QUACERT", "scope": "Gia công cơ khí chính xác", "issued_on": day(issued), "expires_on": day(expires)}))
		}
		var intl apiCertification
		t.Run("a national certificate does not count", func(t *testing.T) {
			if status, body := add(t, r.officer, r.national, today.AddDate(-1, 0, 0), today.AddDate(2, 0, 0)); status != 201 {
				t.Fatalf("%d %s", status, body)
			}
			if meets(t) {
				t.Error("a national standard made it meet international standards")
			}
		})
		t.Run("an international certificate flips meets_international_standards", func(t *testing.T) {
			status, body := add(t, r.officer, r.intl, today.AddDate(-1, 0, 0), today.AddDate(0, 0, 30))
			if status != 201 {
				t.Fatalf("%d %s", status, body)
			}
			mustJSON(t, body, &intl)
			if intl.IssuedOn != day(today.AddDate(-1, 0, 0)) || !intl.International || intl.EnterpriseID != id {
				t.Errorf("certificate %+v", intl)
			}
			if !meets(t) {
				t.Error("not meeting international standards with a valid ISO certificate")
			}
		})
		t.Run("list", func(t *testing.T) {
			status, body := r.api("GET", certPath, "", "")
			var got struct{ Items []apiCertification }
			mustJSON(t, body, &got)
			if status != 200 || len(got.Items) != 2 || !isoDate.MatchString(got.Items[0].ExpiresOn) {
				t.Fatalf("%d %s", status, body)
			}
		})
		t.Run("invalid certificate", func(t *testing.T) {
			status, body := r.api("POST", certPath, r.officer, jsonBody(map[string]any{"standard_id": 999999, "number": "", "body": "", "issued_on": "2024-05-01", "expires_on": "2024-04-01"}))
			wantError(t, status, body, 422, "standard_id", "standard_id", "number", "body", "expires_on")
			status, body = r.api("POST", certPath, r.officer, `{"standard_id": 1, "issued_on": "01/05/2024", "expires_on": 20250501}`)
			wantError(t, status, body, 422, "issued_on", "issued_on", "expires_on")
		})
		t.Run("who may add", func(t *testing.T) {
			status, body := add(t, r.ownerToken, r.intl, today, today.AddDate(1, 0, 0))
			wantError(t, status, body, 403, "")
			status, body = add(t, r.buyer, r.intl, today, today.AddDate(1, 0, 0))
			wantError(t, status, body, 403, "")
			status, body = add(t, "", r.intl, today, today.AddDate(1, 0, 0))
			wantError(t, status, body, 401, "")
			ownPath := fmt.Sprintf("/api/v1/enterprises/%d/certifications", r.owned)
			status, body = r.api("POST", ownPath, r.ownerToken, jsonBody(map[string]any{"standard_id": r.intl, "number": "OWN-1", "body": "TÜV Rheinland",
				"issued_on": day(today.AddDate(0, -6, 0)), "expires_on": day(today.AddDate(0, 0, 20))}))
			if status != 201 {
				t.Fatalf("own: %d %s", status, body)
			}
		})
		t.Run("expiring", func(t *testing.T) {
			var got struct {
				Items []struct {
					ID           int64  `json:"id"`
					EnterpriseID int64  `json:"enterprise_id"`
					DaysLeft     int    `json:"days_left"`
					ExpiresOn    string `json:"expires_on"`
				}
			}
			status, body := r.api("GET", "/api/v1/certifications/expiring?days=60", r.officer, "")
			mustJSON(t, body, &got)
			found := false
			for _, c := range got.Items {
				found = found || c.ID == intl.ID && c.DaysLeft == 30
			}
			if status != 200 || !found {
				t.Fatalf("officer: %d %s", status, body)
			}
			status, body = r.api("GET", "/api/v1/certifications/expiring", r.ownerToken, "")
			got.Items = nil
			mustJSON(t, body, &got)
			if status != 200 || len(got.Items) != 1 || got.Items[0].EnterpriseID != r.owned {
				t.Fatalf("enterprise sees other than its own: %d %s", status, body)
			}
			status, body = r.api("GET", "/api/v1/certifications/expiring?days=0", r.officer, "")
			wantError(t, status, body, 422, "days", "days")
			status, body = r.api("GET", "/api/v1/certifications/expiring", r.buyer, "")
			wantError(t, status, body, 403, "")
		})
		t.Run("patch and delete", func(t *testing.T) {
			p := fmt.Sprintf("/api/v1/certifications/%d", intl.ID)
			status, body := r.api("PATCH", p, r.officer, `{"scope": "Dập, hàn"}`)
			wantError(t, status, body, 422, "standard_id", "standard_id", "number", "body", "issued_on", "expires_on", "document_id")
			full := jsonBody(map[string]any{"standard_id": r.intl, "number": "VN-SUA-1", "body": "QUACERT", "scope": "Dập, hàn",
				"issued_on": intl.IssuedOn, "expires_on": day(today.AddDate(1, 0, 0)), "document_id": nil})
			status, body = r.api("PATCH", p, r.ownerToken, full)
			wantError(t, status, body, 403, "")
			status, body = r.api("PATCH", p, r.officer, full)
			var c apiCertification
			mustJSON(t, body, &c)
			if status != 200 || c.Number != "VN-SUA-1" || c.Scope != "Dập, hàn" {
				t.Fatalf("%d %s", status, body)
			}
			if status, body := r.api("DELETE", p, r.ownerToken, ""); status != 403 {
				t.Fatalf("owner of another deletes: %d %s", status, body)
			}
			if status, body := r.api("DELETE", p, r.officer, ""); status != 204 || len(body) != 0 {
				t.Fatalf("delete: %d %s", status, body)
			}
			if meets(t) {
				t.Error("still meets international standards after its only certificate was removed")
			}
			status, body = r.api("DELETE", p, r.officer, "")
			wantError(t, status, body, 404, "")
		})
		t.Run("counts as of a date", func(t *testing.T) {
			// Joined 2023-06-01 with ISO 9001 for 2023; the other joins
			// today: on 31/12/2023 one enterprise, meeting international
			// standards; today two, neither meeting them.
			a := r.create(t, map[string]any{"name": "Công ty TNHH Đếm Số Liệu Một", "key_sectors": []string{"textile"}, "joined_on": "2023-06-01"})
			r.create(t, map[string]any{"name": "Công ty TNHH Đếm Số Liệu Hai", "key_sectors": []string{"textile", "hightech"}})
			status, body := r.api("POST", fmt.Sprintf("/api/v1/enterprises/%d/certifications", a), r.officer, jsonBody(map[string]any{"standard_id": r.intl, "number": "ISO-2023",
				"body": "BSI", "issued_on": "2023-01-01", "expires_on": "2024-01-01"}))
			if status != 201 {
				t.Fatalf("certificate: %d %s", status, body)
			}
			type counts struct {
				Date     string
				Total    struct{ Active, International int64 }
				BySector []struct {
					Sector                string
					Active, International int64
				} `json:"by_sector"`
				ByWard []struct {
					WardCode *string `json:"ward_code"`
					Active   int64
				} `json:"by_ward"`
			}
			count := func(t *testing.T, query string) counts {
				t.Helper()
				status, body := r.api("GET", "/api/v1/enterprises/counts?"+query, "", "")
				if status != 200 {
					t.Fatalf("counts %s: %d %s", query, status, body)
				}
				var c counts
				mustJSON(t, body, &c)
				return c
			}
			c := count(t, "date=2023-12-31&q=dem+so+lieu")
			if c.Date != "2023-12-31" || c.Total.Active != 1 || c.Total.International != 1 {
				t.Fatalf("31/12/2023: %+v", c)
			}
			if len(c.BySector) != 3 || len(c.ByWard) != 1 || *c.ByWard[0].WardCode != r.ward {
				t.Errorf("breakdowns: %+v", c)
			}
			c = count(t, "q=dem+so+lieu")
			if c.Date != day(today) || c.Total.Active != 2 || c.Total.International != 0 {
				t.Fatalf("today: %+v", c)
			}
			for _, s := range c.BySector {
				if s.Sector == "textile" && s.Active != 2 || s.Sector == "hightech" && s.Active < 1 {
					t.Errorf("by sector: %+v", c.BySector)
				}
			}
			if c := count(t, "q=dem+so+lieu&key_sector=hightech&date=2024-06-30"); c.Total.Active != 0 {
				t.Errorf("filtered: %+v", c)
			}
			status, body = r.api("GET", "/api/v1/enterprises/counts?date="+day(today.AddDate(0, 0, 1)), "", "")
			wantError(t, status, body, 422, "date", "date")
			status, body = r.api("GET", "/api/v1/enterprises/counts?date=31/12/2023&status=active", "", "")
			wantError(t, status, body, 422, "status", "date", "status")
		})
	})
}

// The public reads, without a token, what the registry shows everyone.
func TestAPIRegistryPublic(t *testing.T) {
	r := newRegistryAPI(t, dbtest.SQLite(t))
	for _, c := range []struct {
		path string
		min  int
	}{
		{"/api/v1/catalogues/key-sectors", 3},
		{"/api/v1/catalogues/industries", 10},
		{"/api/v1/catalogues/products", 1},
		{"/api/v1/catalogues/processes", 1},
		{"/api/v1/catalogues/standards", 1},
	} {
		status, body := r.api("GET", c.path, "", "")
		var got struct {
			Items []struct {
				Code   string `json:"code"`
				NameEN string `json:"name_en"`
			} `json:"items"`
		}
		mustJSON(t, body, &got)
		if status != 200 || len(got.Items) < c.min || got.Items[0].Code == "" {
			t.Errorf("%s: %d %s", c.path, status, body)
		}
	}
	if status, body := r.api("GET", "/api/v1/catalogues/key-sectors?lang=en", "", ""); status != 422 {
		t.Errorf("unknown parameter: %d %s", status, body)
	}
	if status, body := r.api("GET", "/api/v1/enterprises?limit=1", "", ""); status != 200 || !strings.Contains(string(body), `"total"`) {
		t.Errorf("list: %d %s", status, body)
	}
	if status, body := r.api("GET", fmt.Sprintf("/api/v1/enterprises/%d/certifications", r.owned), "", ""); status != 200 {
		t.Errorf("certifications: %d %s", status, body)
	}
	if status, body := r.api("GET", "/api/v1/certifications/expiring", "", ""); status != 401 {
		t.Errorf("expiring: %d %s", status, body)
	}
}
