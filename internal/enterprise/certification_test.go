package enterprise_test

import (
	"testing"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// A certificate counts from its issue date and stops counting on its
// expiry date.
func TestMeetsInternationalStandards(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 1)).Public.ID
		meets := func(day time.Time) bool {
			t.Helper()
			ok, err := e.s.MeetsInternationalStandards(e.public, a, day)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		// A national conformity certificate does not count.
		tcvn, err := e.s.AddCertification(e.officer, a, enterprise.CertificationInput{StandardID: standardID(t, e, "tcvn"), Number: "HC 1234.23", Body: "QUACERT",
			IssuedOn: date(2023, 1, 1), ExpiresOn: date(2026, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if meets(date(2024, 6, 1)) {
			t.Fatal("TCVN counted as international")
		}
		cert, err := e.s.AddCertification(e.officer, a, enterprise.CertificationInput{StandardID: standardID(t, e, "iso9001"), Number: " VN19/81234 ", Body: "SGS Việt Nam",
			Scope: "Gia công chi tiết cơ khí", IssuedOn: date(2024, 1, 10), ExpiresOn: date(2027, 1, 10)})
		if err != nil {
			t.Fatal(err)
		}
		if cert.Number != "VN19/81234" || !cert.International {
			t.Fatalf("stored %+v", cert)
		}
		for _, c := range []struct {
			day  time.Time
			want bool
		}{
			{date(2024, 1, 9), false},  // the day before issue
			{date(2024, 1, 10), true},  // the issue day
			{date(2027, 1, 9), true},   // the last day
			{date(2027, 1, 10), false}, // the expiry day: no longer counts
		} {
			if got := meets(c.day); got != c.want {
				t.Errorf("%s: got %v, want %v", c.day.Format(time.DateOnly), got, c.want)
			}
		}
		v, _ := e.s.FindEnterprise(e.public, a)
		if !v.Public.MeetsInternationalStandards {
			t.Fatal("profile does not show it today")
		}
		// The admin's catalogue decides what counts, for every date.
		tcvnStd := standardID(t, e, "tcvn")
		in := enterprise.StandardInput{Code: "tcvn", Name: "Hợp chuẩn TCVN", International: true, Active: true}
		_, err = e.s.UpdateStandard(e.officer, tcvnStd, in)
		wantCode(t, err, apperr.Forbidden, "officer edits the standards catalogue")
		if _, err := e.s.UpdateStandard(e.admin, tcvnStd, in); err != nil {
			t.Fatal(err)
		}
		if !meets(date(2023, 6, 1)) {
			t.Fatal("TCVN marked international does not count")
		}
		in.International = false
		if _, err := e.s.UpdateStandard(e.admin, tcvnStd, in); err != nil {
			t.Fatal(err)
		}
		// Corrections and removal.
		if _, err := e.s.UpdateCertification(e.officer, cert.ID, enterprise.CertificationInput{StandardID: cert.StandardID, Number: cert.Number, Body: cert.Body,
			IssuedOn: date(2024, 2, 1), ExpiresOn: date(2027, 2, 1)}); err != nil {
			t.Fatal(err)
		}
		if meets(date(2024, 1, 15)) {
			t.Fatal("corrected issue date ignored")
		}
		if err := e.s.DeleteCertification(e.officer, cert.ID); err != nil {
			t.Fatal(err)
		}
		if meets(date(2025, 1, 1)) {
			t.Fatal("removed certificate still counts")
		}
		certs, _ := e.s.Certifications(e.public, a)
		if len(certs) != 1 || certs[0].ID != tcvn.ID {
			t.Fatalf("certificates after removal: %+v", certs)
		}
		// Validation, every field at once.
		_, err = e.s.AddCertification(e.officer, a, enterprise.CertificationInput{StandardID: 9999, IssuedOn: date(2025, 1, 1), ExpiresOn: date(2024, 1, 1)})
		f := fields(err)
		for field, key := range map[string]string{"standard_id": "field.choose", "number": "field.required", "body": "field.required", "expires_on": "certification.expiry_order"} {
			if f[field] != key {
				t.Errorf("%s: got %q, want %q", field, f[field], key)
			}
		}
		_, err = e.s.AddCertification(e.buyer, a, enterprise.CertificationInput{})
		wantCode(t, err, apperr.Forbidden, "buyer adds a certificate")
	})
}

// Certificates expiring within 90 days, not yet renewed: all for officers,
// their own for an enterprise.
func TestExpiringCertificates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d) // today is 10/03/2026
		a := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 1)).Public.ID
		b := e.create(profile(taxCode(t, 2000000), "Công ty Cổ phần Nhựa Thăng Long"), date(2020, 1, 1)).Public.ID
		if err := e.s.AssignOrganisation(e.officer, a, e.orgA); err != nil {
			t.Fatal(err)
		}
		iso, ems := standardID(t, e, "iso9001"), standardID(t, e, "iso14001")
		add := func(id, std int64, number string, issued, expires time.Time) {
			t.Helper()
			if _, err := e.s.AddCertification(e.officer, id, enterprise.CertificationInput{StandardID: std, Number: number, Body: "BSI", IssuedOn: issued, ExpiresOn: expires}); err != nil {
				t.Fatal(err)
			}
		}
		add(a, iso, "FM 1", date(2023, 5, 1), date(2026, 5, 1))   // in 52 days: listed
		add(a, ems, "EMS 1", date(2023, 5, 1), date(2026, 4, 1))  // renewed below: not listed
		add(a, ems, "EMS 2", date(2026, 3, 1), date(2029, 3, 1))  // the renewal
		add(b, iso, "FM 2", date(2023, 8, 1), date(2026, 6, 8))   // in 90 days: listed
		add(b, ems, "EMS 3", date(2023, 8, 1), date(2026, 6, 9))  // in 91 days: not listed
		add(b, iso, "FM 3", date(2022, 1, 1), date(2025, 12, 31)) // already expired: not listed
		all, err := e.s.ExpiringCertificates(e.officer, 90)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range all {
			got = append(got, c.Number)
		}
		if len(got) != 2 || got[0] != "FM 1" || got[1] != "FM 2" || all[0].DaysLeft != 52 || all[1].EnterpriseName != "Công ty Cổ phần Nhựa Thăng Long" {
			t.Fatalf("officer list %v (%+v)", got, all)
		}
		own, err := e.s.ExpiringCertificates(e.entA, 0)
		if err != nil || len(own) != 1 || own[0].Number != "FM 1" {
			t.Fatalf("own list %+v %v", own, err)
		}
		_, err = e.s.ExpiringCertificates(e.buyer, 90)
		wantCode(t, err, apperr.Forbidden, "buyer lists expiring certificates")
	})
}
