package importer

import (
	"strings"
	"unicode"

	"cnht/internal/vn"
)

// Field is something a column can hold.
type Field string

// The fields an enterprise file may have. Only FieldTaxCode and FieldName
// are required.
const (
	FieldIgnore       Field = ""
	FieldTaxCode      Field = "tax_code"
	FieldName         Field = "name"
	FieldNameEN       Field = "name_en"
	FieldShortName    Field = "short_name"
	FieldStreet       Field = "street"
	FieldWard         Field = "ward"     // a ward or commune, 2025 or older, by name or code
	FieldDistrict     Field = "district" // the pre-2025 district of an old address
	FieldPhone        Field = "phone"
	FieldEmail        Field = "email"
	FieldWebsite      Field = "website"
	FieldContactName  Field = "contact_name"
	FieldContactPhone Field = "contact_phone"
	FieldContactEmail Field = "contact_email"
	FieldEmployees    Field = "employees"
	FieldCapital      Field = "charter_capital_vnd"
	FieldRevenue      Field = "revenue_vnd"
	FieldRevenueYear  Field = "revenue_year"
	FieldFoundedYear  Field = "founded_year"
	FieldJoinedOn     Field = "joined_on"
	FieldKeySectors   Field = "key_sectors"
	FieldMaterials    Field = "materials"
	FieldCapacity     Field = "capacity"
	// A certificate the enterprise holds: rows carrying one add it (or
	// update it, matched on standard and number); a tax code may repeat on
	// rows that each carry another certificate.
	FieldStandard   Field = "standard" // "ISO 9001:2015", "IATF 16949", a catalogue code
	FieldCertNumber Field = "cert_number"
	FieldCertBody   Field = "cert_body"
	FieldCertScope  Field = "cert_scope"
	FieldIssuedOn   Field = "issued_on"
	FieldExpiresOn  Field = "expires_on"
)

// Fields lists every field in the order a mapping step offers them.
func Fields() []Field {
	return []Field{FieldTaxCode, FieldName, FieldNameEN, FieldShortName, FieldStreet, FieldWard, FieldDistrict,
		FieldPhone, FieldEmail, FieldWebsite, FieldContactName, FieldContactPhone, FieldContactEmail,
		FieldEmployees, FieldCapital, FieldRevenue, FieldRevenueYear, FieldFoundedYear, FieldJoinedOn,
		FieldKeySectors, FieldMaterials, FieldCapacity,
		FieldStandard, FieldCertNumber, FieldCertBody, FieldCertScope, FieldIssuedOn, FieldExpiresOn}
}

// textFields hold free text, whose legacy encoding is detected and
// repaired; the others hold codes, numbers and dates.
var textFields = map[Field]bool{
	FieldName: true, FieldNameEN: true, FieldShortName: true, FieldStreet: true, FieldWard: true, FieldDistrict: true,
	FieldContactName: true, FieldKeySectors: true, FieldMaterials: true, FieldCapacity: true,
	FieldCertBody: true, FieldCertScope: true,
}

// headerNames are the folded headers (see foldHeader) each field is
// recognised by, Vietnamese and English. An exact match wins over a
// header that merely starts with one of them.
var headerNames = map[Field][]string{
	FieldTaxCode:      {"ma so thue", "mst", "ma so doanh nghiep", "msdn", "ma so dn", "ma so thue doanh nghiep", "tax code", "tax id", "tax number", "tax code mst"},
	FieldName:         {"ten doanh nghiep", "ten cong ty", "ten dn", "ten", "ten don vi", "ten to chuc", "doanh nghiep", "company name", "company", "enterprise name", "enterprise", "name"},
	FieldNameEN:       {"ten tieng anh", "ten giao dich quoc te", "ten quoc te", "ten nuoc ngoai", "english name", "name in english", "name en"},
	FieldShortName:    {"ten viet tat", "ten tat", "short name", "abbreviation"},
	FieldStreet:       {"dia chi", "so nha duong", "dia chi tru so", "tru so", "address", "street", "street address"},
	FieldWard:         {"phuong xa", "xa phuong", "phuong", "xa", "phuong xa thi tran", "xa phuong thi tran", "ma phuong xa", "ward", "commune", "ward commune", "ward code"},
	FieldDistrict:     {"quan huyen", "quan", "huyen", "quan huyen thi xa", "district"},
	FieldPhone:        {"dien thoai", "so dien thoai", "sdt", "dt", "dien thoai co dinh", "phone", "telephone", "tel"},
	FieldEmail:        {"email", "e mail", "thu dien tu", "hop thu"},
	FieldWebsite:      {"website", "trang web", "web", "trang thong tin dien tu"},
	FieldContactName:  {"nguoi lien he", "nguoi dai dien", "dau moi lien he", "ho ten nguoi lien he", "contact", "contact person", "contact name"},
	FieldContactPhone: {"dien thoai nguoi lien he", "sdt nguoi lien he", "dien thoai lien he", "contact phone"},
	FieldContactEmail: {"email nguoi lien he", "email lien he", "contact email"},
	FieldEmployees:    {"so lao dong", "lao dong", "so ld", "tong so lao dong", "so nguoi lao dong", "employees", "headcount", "number of employees"},
	FieldCapital:      {"von dieu le", "von dieu le dong", "von dieu le vnd", "charter capital", "capital"},
	FieldRevenue:      {"doanh thu", "doanh thu nam truoc", "doanh thu dong", "doanh thu vnd", "revenue", "turnover"},
	FieldRevenueYear:  {"nam doanh thu", "doanh thu nam", "revenue year"},
	FieldFoundedYear:  {"nam thanh lap", "thanh lap nam", "nam thanh lap doanh nghiep", "founded", "year founded", "founded year"},
	FieldJoinedOn:     {"ngay tham gia", "ngay vao danh sach", "ngay dang ky", "ngay tham gia co so du lieu", "joined on", "date joined", "joined"},
	FieldKeySectors:   {"linh vuc", "linh vuc cnht", "nganh", "nganh cnht", "linh vuc cong nghiep ho tro", "nganh cnht trong diem", "key sector", "sector", "key sectors"},
	FieldMaterials:    {"nguyen vat lieu", "nguyen lieu", "materials"},
	FieldCapacity:     {"nang luc san xuat", "cong suat", "capacity"},
	FieldStandard:     {"tieu chuan", "chung nhan", "loai chung nhan", "tieu chuan chung nhan", "he thong quan ly", "chung chi", "standard", "certification", "certificate"},
	FieldCertNumber:   {"so chung nhan", "so giay chung nhan", "so chung chi", "ma chung nhan", "certificate number", "certificate no", "cert no", "cert number"},
	FieldCertBody:     {"to chuc chung nhan", "don vi chung nhan", "don vi cap", "co quan cap", "noi cap", "certification body", "issued by", "registrar", "certifier"},
	FieldCertScope:    {"pham vi", "pham vi chung nhan", "scope", "certification scope"},
	FieldIssuedOn:     {"ngay cap", "ngay chung nhan", "ngay cap chung nhan", "issued on", "issue date", "date of issue", "issued"},
	FieldExpiresOn:    {"ngay het han", "het han", "hieu luc den", "co hieu luc den", "thoi han", "expires on", "expiry date", "expiry", "valid until"},
}

// foldHeader reduces a header to lower-case ASCII words: diacritics,
// punctuation and units in brackets off ("Vốn điều lệ (đồng)" → "von dieu
// le dong"; "Mã số thuế/MST" → "ma so thue mst").
func foldHeader(h string) string {
	h = vn.Fold(h)
	var b strings.Builder
	space := false
	for _, r := range h {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}

// RepairHeader decodes a header typed in TCVN3 or VNI ("M· sè thuÕ").
func RepairHeader(h string) string {
	if isASCII(h) {
		return strings.TrimSpace(h)
	}
	return strings.TrimSpace(vn.DecodeLegacy(vn.DetectLegacy([]string{h}), h))
}

// Mapping says which field each column holds, by column index.
type Mapping []Field

// AutoMap recognises the columns of a header. Each field goes to at most
// one column: the first exact match, else the first column whose header
// starts with one of the field's names.
func AutoMap(header []string) Mapping {
	m := make(Mapping, len(header))
	taken := map[Field]bool{}
	folded := make([]string, len(header))
	for i, h := range header {
		folded[i] = foldHeader(RepairHeader(h))
	}
	assign := func(match func(h, name string) bool) {
		for i, h := range folded {
			if m[i] != FieldIgnore || h == "" {
				continue
			}
			for _, f := range Fields() {
				if taken[f] {
					continue
				}
				for _, name := range headerNames[f] {
					if match(h, name) {
						m[i], taken[f] = f, true
						break
					}
				}
				if m[i] != FieldIgnore {
					break
				}
			}
		}
	}
	assign(func(h, name string) bool { return h == name })
	assign(func(h, name string) bool { return len(name) > 3 && strings.HasPrefix(h, name+" ") })
	return m
}

// Has reports whether the mapping has a column for f.
func (m Mapping) Has(f Field) bool {
	for _, x := range m {
		if x == f {
			return true
		}
	}
	return false
}
