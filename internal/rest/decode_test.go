package rest

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/enterprise"
)

func fieldsOf(err error) []string {
	var out []string
	for _, f := range apperr.As(err).Fields {
		out = append(out, f.Field+"="+f.Key)
	}
	return out
}

func TestApplyObjectReportsEveryBadMemberInOrder(t *testing.T) {
	var in newEnterpriseInput
	var v apperr.Validation
	applyObject(json.RawMessage(`{
		"name": 12,
		"tax_cod": "0100233488",
		"employees": "many",
		"contact": {"phone": "024 3825 1234", "fax": "x"},
		"customers": [{"name": "Canon"}, {"name": ["x"]}, null],
		"joined_on": "31/12/2023",
		"key_sectors": ["components"]
	}`), &in, &v)
	want := []string{
		"name=" + keyBadType,
		"tax_cod=" + keyUnknownField,
		"employees=" + keyNumber,
		"contact.fax=" + keyUnknownField,
		"customers[1].name=" + keyBadType,
		"customers[2]=" + keyBadType,
		"joined_on=" + keyDate,
	}
	if got := fieldsOf(v.Err()); !slices.Equal(got, want) {
		t.Fatalf("fields\n got %v\nwant %v", got, want)
	}
	if in.Contact.Phone != "024 3825 1234" || len(in.KeySectors) != 1 || in.Customers[0].Name != "Canon" {
		t.Fatalf("good members not decoded: %+v", in)
	}
}

// A patch changes only what it names; null clears; contact merges.
func TestApplyObjectMergePatch(t *testing.T) {
	emp, capital := int64(120), int64(5_000_000_000)
	cur := profilePatch{profileInput: profileInput{
		TaxCode: "0100233488", Name: "Công ty TNHH Cơ khí Đông Anh", Employees: &emp, CharterCapitalVND: &capital,
		Contact:    enterprise.Contact{Name: "Lê Minh Tuấn", Phone: "0912345678"},
		KeySectors: []enterprise.KeySector{enterprise.SectorComponents}, ExportMarkets: []string{"JP", "KR"},
		LegalForm: enterprise.FormSingleMemberLLC, FoundedYear: 2004,
	}, Version: 3}
	var v apperr.Validation
	applyObject(json.RawMessage(`{"employees": 150, "charter_capital_vnd": null, "contact": {"email": "tuan@dongan.vn", "phone": null},
		"export_markets": ["US"], "legal_form": null, "version": 3}`), &cur, &v)
	if err := v.Err(); err != nil {
		t.Fatal(err)
	}
	switch {
	case *cur.Employees != 150, cur.CharterCapitalVND != nil:
		t.Errorf("figures %v %v", cur.Employees, cur.CharterCapitalVND)
	case cur.Contact != enterprise.Contact{Name: "Lê Minh Tuấn", Email: "tuan@dongan.vn"}:
		t.Errorf("contact %+v", cur.Contact)
	case !slices.Equal(cur.ExportMarkets, []string{"US"}):
		t.Errorf("markets %v", cur.ExportMarkets)
	case cur.LegalForm != "" || cur.FoundedYear != 2004 || cur.Name != "Công ty TNHH Cơ khí Đông Anh" || cur.TaxCode != "0100233488":
		t.Errorf("untouched fields changed: %+v", cur.profileInput)
	case cur.Version != 3:
		t.Errorf("version %d", cur.Version)
	}
}

func TestDateJSON(t *testing.T) {
	b, _ := json.Marshal(struct {
		A Date `json:"a"`
		B Date `json:"b"`
	}{A: dateOf(time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC))})
	if string(b) != `{"a":"2023-12-31","b":null}` {
		t.Fatalf("marshal %s", b)
	}
	for in, ok := range map[string]bool{`"2023-12-31"`: true, `null`: true, `"2023-12-31T00:00:00Z"`: false, `"31/12/2023"`: false, `"2023-02-30"`: false, `20231231`: false} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); (err == nil) != ok {
			t.Errorf("%s: err %v", in, err)
		}
	}
}
