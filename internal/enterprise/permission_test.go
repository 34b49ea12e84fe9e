package enterprise_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// The private part never reaches callers who may not see it, whatever the
// page or API does with the View.
func TestPermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 1)).Public.ID
		b := e.create(profile(taxCode(t, 2000000), "Công ty Cổ phần Nhựa Thăng Long"), date(2020, 1, 1)).Public.ID
		suspended := e.create(profile(taxCode(t, 3000000), "Công ty TNHH Tạm Nghỉ"), date(2020, 1, 1)).Public.ID
		if err := e.s.SetStatus(e.officer, suspended, enterprise.StatusSuspended, date(2025, 1, 1), ""); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AssignOrganisation(e.officer, a, e.orgA); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AssignOrganisation(e.officer, b, e.orgB); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.AddCertification(e.officer, a, enterprise.CertificationInput{StandardID: standardID(t, e, "iso9001"), Number: "VN1", Body: "SGS Việt Nam",
			IssuedOn: date(2024, 1, 1), ExpiresOn: date(2027, 1, 1), DocumentID: uploadPDF(t, e, e.officer, a).ID}); err != nil {
			t.Fatal(err)
		}

		// Outsiders: the public part of active enterprises only.
		for _, who := range []struct {
			name string
			ctx  context.Context
		}{{"public", e.public}, {"buyer", e.buyer}, {"other enterprise", e.entB}} {
			name, c := who.name, who.ctx
			v, err := e.s.FindEnterprise(c, a)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if v.Private != nil || v.CanEdit || v.Own {
				t.Fatalf("%s sees private part or may edit: %+v", name, v)
			}
			if v.Public.Contact != nil || len(v.Public.Customers) != 1 || v.Public.Certifications[0].DocumentID != 0 {
				t.Fatalf("%s: contact %v customers %v", name, v.Public.Contact, v.Public.Customers)
			}
			j, _ := json.Marshal(v)
			for _, secret := range []string{"revenue", "charter_capital", "Bí Mật", "Nguyễn Văn Hùng", "hung@hoabinh.vn"} {
				if strings.Contains(string(j), secret) {
					t.Fatalf("%s: %q leaks into %s", name, secret, j)
				}
			}
			_, err = e.s.FindEnterprise(c, suspended)
			wantCode(t, err, apperr.NotFound, name+" reads a suspended enterprise")
			_, err = e.s.ProfileForEdit(c, a)
			if err == nil {
				t.Fatalf("%s may load the edit form", name)
			}
			_, err = e.s.Update(c, a, profile("0100233488", "Công ty TNHH Chiếm Quyền"))
			if c := apperr.CodeOf(err); c != apperr.Forbidden && c != apperr.Unauthenticated {
				t.Fatalf("%s edits another enterprise: %v", name, err)
			}
			_, err = e.s.Documents(c, a)
			if c := apperr.CodeOf(err); c != apperr.Forbidden && c != apperr.Unauthenticated {
				t.Fatalf("%s lists documents: %v", name, err)
			}
			page, err := e.s.FindEnterprises(c, enterprise.Filter{Status: enterprise.StatusSuspended})
			if err != nil || page.Total != 3-1 {
				t.Fatalf("%s lists %d enterprises (%v), want the 2 active ones", name, page.Total, err)
			}
		}
		_, err := e.s.Update(e.entB, a, profile("0100233488", "Công ty TNHH Chiếm Quyền"))
		wantCode(t, err, apperr.Forbidden, "enterprise B edits A")

		// The enterprise itself: everything of its own, except what
		// officers keep.
		v, err := e.s.MyEnterprise(e.entA)
		if err != nil || v.Public.ID != a || v.Private == nil || !v.Own || !v.CanEdit || v.CanManage {
			t.Fatalf("my enterprise: %v %+v", err, v)
		}
		if len(v.Private.Customers) != 2 || v.Private.Contact.Name != "Nguyễn Văn Hùng" || v.Private.Certifications[0].DocumentID == 0 {
			t.Fatalf("own private part incomplete: %+v", v.Private)
		}
		p, err := e.s.ProfileForEdit(e.entA, a)
		if err != nil {
			t.Fatal(err)
		}
		p.TaxCode = taxCode(t, 4000000)
		_, err = e.s.Update(e.entA, a, p)
		if fields(err)["tax_code"] != "enterprise.tax_code_locked" {
			t.Fatalf("enterprise changes its tax code: %v", err)
		}
		for what, err := range map[string]error{
			"set status": e.s.SetStatus(e.entA, a, enterprise.StatusClosed, time.Time{}, ""),
			"verify":     e.s.Verify(e.entA, a),
			"assign":     e.s.AssignOrganisation(e.entA, b, e.orgA),
		} {
			wantCode(t, err, apperr.Forbidden, "enterprise may "+what)
		}
		_, err = e.s.Create(e.entA, enterprise.NewEnterprise{Profile: profile(taxCode(t, 5000000), "Công ty TNHH Mới")})
		wantCode(t, err, apperr.Forbidden, "enterprise creates")
		_, err = e.s.Create(e.buyer, enterprise.NewEnterprise{Profile: profile(taxCode(t, 5000000), "Công ty TNHH Mới")})
		wantCode(t, err, apperr.Forbidden, "buyer creates")
		_, err = e.s.MyEnterprise(e.officer)
		wantCode(t, err, apperr.Forbidden, "officer's own enterprise")
	})
}

// Verification: an officer verifies field groups; the enterprise's own
// edit of a verified field clears that group only; an officer's edit keeps
// it.
func TestVerification(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 1)).Public.ID
		if err := e.s.AssignOrganisation(e.officer, a, e.orgA); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Verify(e.officer, a); err != nil {
			t.Fatal(err)
		}
		v, _ := e.s.FindEnterprise(e.public, a)
		if !v.Public.FullyVerified || len(v.Public.Verified) != 7 {
			t.Fatalf("after verify: %+v", v.Public.Verified)
		}
		listed := func(verified bool) int {
			p, err := e.s.FindEnterprises(e.officer, enterprise.Filter{Verified: &verified})
			if err != nil {
				t.Fatal(err)
			}
			return p.Total
		}
		if listed(true) != 1 || listed(false) != 0 {
			t.Fatal("verified filter")
		}
		// An officer's edit keeps the verification.
		p, _ := e.s.ProfileForEdit(e.officer, a)
		p.Phone = "024 3999 0000"
		if _, err := e.s.Update(e.officer, a, p); err != nil {
			t.Fatal(err)
		}
		// The enterprise's edit of its phone clears "contact" only.
		p, _ = e.s.ProfileForEdit(e.entA, a)
		p.Phone = "024 3888 1111"
		v, err := e.s.Update(e.entA, a, p)
		if err != nil {
			t.Fatal(err)
		}
		if v.Public.FullyVerified || len(v.Public.Verified) != 6 {
			t.Fatalf("after own edit: %v", v.Public.Verified)
		}
		for _, g := range v.Public.Verified {
			if g == enterprise.GroupContact {
				t.Fatal("contact still verified")
			}
		}
		if v.Private.Verifications[0].ByLabel != "canbo@sct.hanoi.gov.vn" {
			t.Fatalf("verified by %q", v.Private.Verifications[0].ByLabel)
		}
		if listed(true) != 0 || listed(false) != 1 {
			t.Fatal("verified filter after clearing")
		}
		h, _ := e.s.History(e.entA, a)
		if h[0].Action != "update" || h[0].After["unverified"] == nil {
			t.Fatalf("clearing not in the history: %+v", h[0])
		}
		// The enterprise adding a certificate clears "certifications".
		if _, err := e.s.AddCertification(e.entA, a, enterprise.CertificationInput{StandardID: standardID(t, e, "iso14001"), Number: "EMS 612345", Body: "BSI Group Việt Nam",
			IssuedOn: date(2025, 1, 1), ExpiresOn: date(2028, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		v, _ = e.s.FindEnterprise(e.entA, a)
		if len(v.Public.Verified) != 5 {
			t.Fatalf("after own certificate: %v", v.Public.Verified)
		}
		if err := e.s.Unverify(e.officer, a); err != nil {
			t.Fatal(err)
		}
		v, _ = e.s.FindEnterprise(e.entA, a)
		if len(v.Public.Verified) != 0 {
			t.Fatalf("after unverify: %v", v.Public.Verified)
		}
	})
}
