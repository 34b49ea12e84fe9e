package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// An officer scans the registry for duplicates, finds two profiles of one
// workshop in the queue, merges them from there, sees the merge on the
// survivor's page, and undoes it; a tax code nobody has is refused with
// the field named and what was typed kept.
func TestWebDuplicatesAndMerge(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { e.app.Jobs.Run(ctx, 1); close(done) }()
	defer func() { cancel(); <-done }()
	officer := e.client(actor.Officer)
	sys := actor.SystemContext(context.Background())
	mk := func(tax, name, phone string) int64 {
		v, err := e.app.Registry.Create(sys, enterprise.NewEnterprise{Profile: enterprise.Profile{TaxCode: tax, Name: name, Phone: phone,
			KeySectors: []enterprise.KeySector{enterprise.SectorComponents}}})
		if err != nil {
			t.Fatal(err)
		}
		return v.Public.ID
	}
	a := mk("0109876557", "Công ty TNHH Khuôn mẫu Tiến Đạt Sóc Sơn", "024 3885 1234")
	b := mk("0108765438", "Cty TNHH Khuon mau Tien Dat Soc Son", "024.3885.1234")

	res, _ := e.post(officer, "/duplicates/scan", url.Values{})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/jobs/") {
		t.Fatalf("scan: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var page string
	for range 400 {
		_, page = e.get(officer, "/duplicates")
		if !strings.Contains(page, `id="dup-empty"`) {
			break
		}
		sleep()
	}
	if !strings.Contains(page, "Cty TNHH Khuon mau Tien Dat Soc Son") || !strings.Contains(page, fmt.Sprintf(`action="/enterprises/%d/merge"`, a)) {
		t.Fatalf("the pair is not in the queue:\n%s", page)
	}

	res, _ = e.post(officer, fmt.Sprintf("/enterprises/%d/merge", a), url.Values{"other": {fmt.Sprint(b)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("merge: %d", res.StatusCode)
	}
	_, page = e.get(officer, fmt.Sprintf("/enterprises/%d", a))
	undo := regexp.MustCompile(`action="/merges/(\d+)/undo"`).FindStringSubmatch(page)
	if undo == nil || !strings.Contains(page, "Cty TNHH Khuon mau Tien Dat Soc Son") || !strings.Contains(page, "Gộp hồ sơ trùng vào đây") ||
		!strings.Contains(page, "Đã gộp hồ sơ trùng vào hồ sơ này.") {
		t.Fatalf("the survivor's page does not show the merge and its history")
	}
	_, page = e.get(officer, fmt.Sprintf("/enterprises/%d", b))
	if !strings.Contains(page, `id="merged-into"`) {
		t.Error("the merged profile does not say where it went")
	}
	if res, _ := e.get(e.client(actor.Public), fmt.Sprintf("/enterprises/%d", b)); res.StatusCode != http.StatusNotFound {
		t.Errorf("the public still sees the merged profile: %d", res.StatusCode)
	}
	if _, page = e.get(officer, "/duplicates"); strings.Contains(page, "Cty TNHH Khuon mau Tien Dat Soc Son") {
		t.Error("a merged pair is still waiting")
	}

	res, page = e.post(officer, fmt.Sprintf("/enterprises/%d/merge", a), url.Values{"_form": {"merge"}, "other_tax_code": {"0100233488"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="mg-tax-error"`) ||
		!strings.Contains(page, "Không có doanh nghiệp nào mang mã số thuế này") || !strings.Contains(page, `value="0100233488"`) {
		t.Errorf("an unknown tax code: %d, or its message or what was typed is missing", res.StatusCode)
	}

	res, _ = e.post(officer, "/merges/"+undo[1]+"/undo", url.Values{"survivor": {fmt.Sprint(a)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo: %d", res.StatusCode)
	}
	if _, page = e.get(officer, fmt.Sprintf("/enterprises/%d", b)); strings.Contains(page, `id="merged-into"`) {
		t.Error("the merge was not undone")
	}
	if res, _ := e.get(e.client(actor.Public), fmt.Sprintf("/enterprises/%d", b)); res.StatusCode != http.StatusOK {
		t.Errorf("the unmerged profile is not public again: %d", res.StatusCode)
	}
}
