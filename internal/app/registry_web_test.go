package app_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// A refused certificate keeps what was typed and stores no file; a
// refused status change keeps the chosen status, date and note.
func TestRefusedProfileActionsKeepInput(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	fx := registryFixture(t, e)
	officer := e.client(actor.Officer)
	ctx := actor.SystemContext(context.Background())
	docsBefore, err := e.app.Registry.Documents(ctx, fx.other)
	if err != nil {
		t.Fatal(err)
	}

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"_form": "certification", "standard_id": itoa(fx.standard), "number": "VN-QMS-7788",
		"body": "Trung tâm Chứng nhận Phù hợp (QUACERT)", "scope": "Gia công cơ khí chính xác", "issued_on": "15/03/2025", "expires_on": "14/03/2025"} {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("document", "iso-9001.pdf")
	_, _ = fw.Write(pdf)
	mw.Close()
	res, err := officer.Post(e.srv.URL+"/enterprises/"+itoa(fx.other)+"/certifications", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{`value="VN-QMS-7788"`, `value="Trung tâm Chứng nhận Phù hợp (QUACERT)"`, `value="14/03/2025"`, "Ngày hết hạn phải sau ngày cấp", "chọn lại tệp"} {
		if !strings.Contains(page, want) {
			t.Errorf("refused certificate page lacks %s", want)
		}
	}
	if !strings.Contains(page, `value="`+itoa(fx.standard)+`" selected`) {
		t.Error("the chosen standard is not kept")
	}
	docsAfter, _ := e.app.Registry.Documents(ctx, fx.other)
	if len(docsAfter) != len(docsBefore) {
		t.Errorf("a refused certificate left a file behind: %d documents, was %d", len(docsAfter), len(docsBefore))
	}

	res, page = e.post(officer, "/enterprises/"+itoa(fx.other)+"/status", url.Values{"_form": {"status"}, "status": {"suspended"}, "on": {"31/02/2025"}, "note": {"Tạm ngừng theo đơn"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status change: %d, want 422", res.StatusCode)
	}
	for _, want := range []string{`value="31/02/2025"`, `value="Tạm ngừng theo đơn"`, `value="suspended" selected`} {
		if !strings.Contains(page, want) {
			t.Errorf("refused status page lacks %s", want)
		}
	}
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A product an admin deactivated stays on a profile's edit form while the
// profile has it, so that saving the form does not drop it.
func TestEditFormKeepsDeactivatedProduct(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	fx := registryFixture(t, e)
	ctx := actor.SystemContext(context.Background())
	p, err := e.app.Registry.ProfileForEdit(ctx, fx.other)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.ProductIDs) == 0 {
		t.Fatal("the demo enterprise has no products")
	}
	products, _ := e.app.Registry.Products(ctx, true)
	var in enterprise.ProductInput
	for _, x := range products {
		if x.ID == p.ProductIDs[0] {
			in = enterprise.ProductInput{Code: x.Code, Sector: x.Sector, GroupVI: x.GroupVI, GroupEN: x.GroupEN, NameVI: x.NameVI, NameEN: x.NameEN, HSCode: x.HSCode}
		}
	}
	if _, err := e.app.Registry.UpdateProduct(ctx, p.ProductIDs[0], in); err != nil {
		t.Fatal(err)
	}
	_, page := e.get(e.client(actor.Officer), "/enterprises/"+itoa(fx.other)+"/edit")
	if !strings.Contains(page, `<option value="`+itoa(p.ProductIDs[0])+`" selected>`) {
		t.Error("the deactivated product is not on the form, selected")
	}
}

// Saving over someone else's change is refused once, keeping what was
// typed; saving again overwrites on purpose instead of failing forever.
func TestStaleEditKeepsInputAndCanOverwrite(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	fx := registryFixture(t, e)
	ctx := actor.SystemContext(context.Background())
	p, err := e.app.Registry.ProfileForEdit(ctx, fx.other)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"tax_code": {p.TaxCode}, "name": {p.Name}, "ward_code": {p.WardCode}, "sector_group": {string(p.SectorGroup)},
		"legal_form": {string(p.LegalForm)}, "ownership": {string(p.Ownership)}, "employees": {"4.321"}, "version": {strconv.FormatInt(p.Version, 10)}}
	for _, k := range p.KeySectors {
		form.Add("key_sectors", string(k))
	}
	// Meanwhile another officer saves.
	p.Capacity = "Đổi bởi người khác"
	if _, err := e.app.Registry.Update(ctx, fx.other, p); err != nil {
		t.Fatal(err)
	}
	officer := e.client(actor.Officer)
	res, page := e.post(officer, "/enterprises/"+itoa(fx.other), form)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: status %d, want 409", res.StatusCode)
	}
	if !strings.Contains(page, `value="4.321"`) || !strings.Contains(page, "Lưu lần nữa") {
		t.Fatal("the refused form lost what was typed or does not say what to do")
	}
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil || m[1] == form.Get("version") {
		t.Fatalf("the form still carries the old version: %v", m)
	}
	form.Set("version", m[1])
	res, _ = e.post(officer, "/enterprises/"+itoa(fx.other), form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: status %d, want 303", res.StatusCode)
	}
	got, _ := e.app.Registry.ProfileForEdit(ctx, fx.other)
	if got.Employees == nil || *got.Employees != 4321 {
		t.Fatalf("employees %v after the overwrite", got.Employees)
	}
}

// A date the counts page cannot use is reported on the form and kept in
// the box; the figures shown are today's, labelled so.
func TestCountsPageRefusesBadDates(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	officer := e.client(actor.Officer)
	for _, c := range []struct{ typed, msg string }{
		{"31/13/2023", "Ngày không hợp lệ"},
		{"01/01/2099", ""},
	} {
		res, page := e.get(officer, "/registry/counts?date="+url.QueryEscape(c.typed))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c.typed, res.StatusCode)
		}
		if !strings.Contains(page, `value="`+c.typed+`"`) || !strings.Contains(page, `class="field-error"`) {
			t.Errorf("%s: the typed date or its error is missing", c.typed)
		}
		if c.msg != "" && !strings.Contains(page, c.msg) {
			t.Errorf("%s: the message %q is missing", c.typed, c.msg)
		}
	}
	res, page := e.get(officer, "/registry/counts?date=31/12/2023")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `value="31/12/2023"`) {
		t.Errorf("a good date: status %d", res.StatusCode)
	}
}
