package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// TestProfileHistoryReadable: the timeline on a profile speaks the
// officer's language — field labels, not column names; names, not ids;
// dd/mm/yyyy dates and đồng amounts; no hashes.
func TestProfileHistoryReadable(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	fx := registryFixture(t, e)
	ctx := actor.SystemContext(context.Background())
	p, err := e.app.Registry.ProfileForEdit(ctx, fx.other)
	if err != nil {
		t.Fatal(err)
	}
	employees, revenue := int64(321), int64(12_345_000_000)
	p.Employees, p.RevenueVND, p.RevenueYear = &employees, &revenue, 2025
	if _, err := e.app.Registry.Update(ctx, fx.other, p); err != nil {
		t.Fatal(err)
	}
	if err := e.app.Registry.Verify(ctx, fx.other, enterprise.GroupFinance); err != nil {
		t.Fatal(err)
	}
	fx.newCertificate(t)

	officer := e.client(actor.Officer)
	history := func() string {
		t.Helper()
		res, body := e.get(officer, "/enterprises/"+itoa(fx.other))
		if res.StatusCode != 200 {
			t.Fatalf("profile: status %d", res.StatusCode)
		}
		i := strings.Index(body, `class="timeline"`)
		if i < 0 {
			t.Fatal("profile has no history timeline")
		}
		// The history card is the last card on the page.
		return body[strings.LastIndex(body[:i], "<section"):]
	}
	h := history()
	for _, want := range []string{"Số lao động", "321", "12.345.000.000 đồng", "Doanh thu năm trước", "Chứng nhận", "QUACERT", "Ngày hết hạn", "Lao động, vốn, doanh thu"} {
		if !strings.Contains(h, want) {
			t.Errorf("Vietnamese history lacks %q", want)
		}
	}
	dt := regexp.MustCompile(`<dt>([^<]*)</dt>`)
	for _, m := range dt.FindAllStringSubmatch(h, -1) {
		if regexp.MustCompile(`^[a-z0-9_]+$`).MatchString(m[1]) {
			t.Errorf("history shows the raw field name %q", m[1])
		}
	}
	if regexp.MustCompile(`\b[0-9a-f]{64}\b`).MatchString(h) {
		t.Error("history shows a hash")
	}
	if regexp.MustCompile(`\d{4}-\d{2}-\d{2}<`).MatchString(h) {
		t.Error("history shows an ISO date; dates read dd/mm/yyyy")
	}
	e.get(officer, "/lang/en?next=/")
	h = history()
	for _, want := range []string{"Employees", "12,345,000,000", "Certification"} {
		if !strings.Contains(h, want) {
			t.Errorf("English history lacks %q", want)
		}
	}
}
