package rest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"cnht/internal/enterprise"
	"cnht/internal/i18n"
)

type schemaDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas    map[string]schema          `json:"schemas"`
		Parameters map[string]json.RawMessage `json:"parameters"`
	} `json:"components"`
}

type schema struct {
	Required             []string                   `json:"required"`
	Properties           map[string]json.RawMessage `json:"properties"`
	AdditionalProperties *bool                      `json:"additionalProperties"`
	Enum                 []any                      `json:"enum"`
}

func loadDoc(t *testing.T) schemaDoc {
	t.Helper()
	var d schemaDoc
	if err := json.Unmarshal(OpenAPI(), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// jsonShape lists a type's JSON members and those always present (no
// omitempty), embedded structs' included.
func jsonShape(t reflect.Type) (all, always []string) {
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		all = append(all, name)
		if !strings.Contains(opts, "omitempty") {
			always = append(always, name)
		}
	}
	sort.Strings(all)
	sort.Strings(always)
	return all, always
}

// Every schema the API sends or reads must list exactly the members of
// the Go type it describes: those always sent as required, and request
// bodies closed to other members, as decoding refuses them.
func TestSchemasMatchTypes(t *testing.T) {
	d := loadDoc(t)
	responses := map[string]reflect.Type{
		"Enterprise":          reflect.TypeFor[EnterpriseJSON](),
		"EnterprisePublic":    reflect.TypeFor[PublicJSON](),
		"EnterprisePrivate":   reflect.TypeFor[PrivateJSON](),
		"EnterpriseSummary":   reflect.TypeFor[SummaryJSON](),
		"EnterprisePage":      reflect.TypeFor[PageJSON](),
		"StatusPeriod":        reflect.TypeFor[StatusPeriodJSON](),
		"Certification":       reflect.TypeFor[CertificationJSON](),
		"ExpiringCertificate": reflect.TypeFor[ExpiringCertificateJSON](),
		"Counts":              reflect.TypeFor[CountsJSON](),
		"Count":               reflect.TypeFor[enterprise.Count](),
		"SectorCount":         reflect.TypeFor[enterprise.SectorCount](),
		"WardCount":           reflect.TypeFor[WardCountJSON](),
		"Choice":              reflect.TypeFor[ChoiceJSON](),
		"Contact":             reflect.TypeFor[enterprise.Contact](),
		"Customer":            reflect.TypeFor[enterprise.Customer](),
		"Ref":                 reflect.TypeFor[enterprise.Ref](),
		"Document":            reflect.TypeFor[enterprise.Document](),
		"Verification":        reflect.TypeFor[enterprise.Verification](),
		"Product":             reflect.TypeFor[enterprise.Product](),
		"Process":             reflect.TypeFor[enterprise.Process](),
		"Standard":            reflect.TypeFor[enterprise.Standard](),
		"PlanSummary":         reflect.TypeFor[planSummaryJSON](),
		"Plan":                reflect.TypeFor[planJSON](),
		"Target":              reflect.TypeFor[targetJSON](),
		"YearState":           reflect.TypeFor[yearStateJSON](),
		"Actual":              reflect.TypeFor[actualJSON](),
		"Input":               reflect.TypeFor[inputJSON](),
		"Projection":          reflect.TypeFor[projectionJSON](),
		"Indicator":           reflect.TypeFor[indicatorJSON](),
	}
	requests := map[string]reflect.Type{
		"NewEnterprise":      reflect.TypeFor[newEnterpriseInput](),
		"EnterprisePatch":    reflect.TypeFor[profilePatch](),
		"ContactInput":       reflect.TypeFor[enterprise.Contact](),
		"CustomerInput":      reflect.TypeFor[enterprise.Customer](),
		"NewCertification":   reflect.TypeFor[certificationInput](),
		"CertificationPatch": reflect.TypeFor[certificationInput](),
	}
	check := func(name string, typ reflect.Type, request bool) {
		t.Run(name, func(t *testing.T) {
			s, ok := d.Components.Schemas[name]
			if !ok {
				t.Fatalf("openapi.json has no schema %s", name)
			}
			var props []string
			for p := range s.Properties {
				props = append(props, p)
			}
			sort.Strings(props)
			all, always := jsonShape(typ)
			if !slices.Equal(props, all) {
				t.Errorf("properties %v, %s has %v", props, typ, all)
			}
			if request {
				if s.AdditionalProperties == nil || *s.AdditionalProperties {
					t.Error("a request body must be additionalProperties: false")
				}
				for _, r := range s.Required {
					if !slices.Contains(all, r) {
						t.Errorf("requires %q, which %s lacks", r, typ)
					}
				}
				return
			}
			req := slices.Clone(s.Required)
			sort.Strings(req)
			if !slices.Equal(req, always) {
				t.Errorf("required %v, %s always sends %v", req, typ, always)
			}
		})
	}
	for name, typ := range responses {
		check(name, typ, false)
	}
	for name, typ := range requests {
		check(name, typ, true)
	}
}

// The enums of the document are the service's code lists.
func TestEnumsMatchCodeLists(t *testing.T) {
	d := loadDoc(t)
	codes := func(cs []enterprise.Choice, drop ...string) []any {
		var out []any
		for _, c := range cs {
			if !slices.Contains(drop, c.Code) {
				out = append(out, c.Code)
			}
		}
		return out
	}
	cases := map[string][]any{
		"KeySector":        codes(enterprise.KeySectorChoices()),
		"Industry":         codes(enterprise.IndustryChoices()),
		"LegalForm":        codes(enterprise.LegalFormChoices()),
		"Ownership":        codes(enterprise.OwnershipChoices()),
		"EnterpriseStatus": codes(enterprise.StatusChoices()),
		"SizeClass":        codes(enterprise.SizeChoices(), enterprise.SizeUnknownFilter),
		"SectorGroup":      codes(enterprise.SectorGroupChoices()),
		"FieldGroup":       codes(enterprise.FieldGroupChoices()),
		"ProductSector":    codes(enterprise.ProductSectorChoices()),
		"SupplierTier":     {1.0, 2.0, 3.0},
		"DocumentKind":     {string(enterprise.DocCertificate), string(enterprise.DocClaim), string(enterprise.DocOther)},
	}
	for name, want := range cases {
		got := d.Components.Schemas[name].Enum
		sortAny := func(xs []any) []string {
			var out []string
			for _, x := range xs {
				out = append(out, fmt.Sprint(x))
			}
			sort.Strings(out)
			return out
		}
		if !slices.Equal(sortAny(got), sortAny(want)) {
			t.Errorf("%s: enum %v, the service has %v", name, got, want)
		}
	}
	var size struct {
		Schema struct {
			Enum []string `json:"enum"`
		} `json:"schema"`
	}
	json.Unmarshal(d.Components.Parameters["size"], &size)
	if !slices.Equal(size.Schema.Enum, []string{"micro", "small", "medium", "large", "unknown"}) {
		t.Errorf("size parameter enum %v", size.Schema.Enum)
	}
}

// The query parameters each operation documents are those its handler
// accepts: the handlers refuse any other.
func TestQueryParametersDocumented(t *testing.T) {
	d := loadDoc(t)
	documented := func(path string) []string {
		var op struct {
			Parameters []struct {
				Ref  string `json:"$ref"`
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		}
		if err := json.Unmarshal(d.Paths[path]["get"], &op); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range op.Parameters {
			if p.Ref != "" {
				var rp struct{ Name, In string }
				json.Unmarshal(d.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")], &rp)
				p.Name, p.In = rp.Name, rp.In
			}
			if p.In == "query" {
				out = append(out, p.Name)
			}
		}
		sort.Strings(out)
		return out
	}
	sorted := func(xs []string) []string { xs = slices.Clone(xs); sort.Strings(xs); return xs }
	cases := map[string][]string{
		"/api/v1/enterprises":                     filterParams(listOnlyParams()...),
		"/api/v1/enterprises/counts":              filterParams("date"),
		"/api/v1/certifications/expiring":         {"days"},
		"/api/v1/catalogues/products":             nil,
		"/api/v1/catalogues/key-sectors":          nil,
		"/api/v1/enterprises/{id}":                nil,
		"/api/v1/catalogues/standards":            nil,
		"/api/v1/catalogues/processes":            nil,
		"/api/v1/catalogues/industries":           nil,
		"/api/v1/enterprises/{id}/certifications": nil,
	}
	for path, want := range cases {
		if got := documented(path); !slices.Equal(got, sorted(want)) {
			t.Errorf("%s documents %v, the handler takes %v", path, got, sorted(want))
		}
	}
}

// Every message key the API itself uses exists in both languages.
func TestMessageKeysExist(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{keyUnknownField, keyBadType, keyDate, keyNumber, keyRange, keyChoose, keyRequired,
		"api.bad_json", "api.body_too_large", "error.forbidden", "error.not_found"} {
		for _, l := range i18n.Langs {
			if !b.Has(l, k) {
				t.Errorf("%s.json lacks %q", l, k)
			}
		}
	}
}
