package enterprise

import (
	"slices"
	"strings"

	"cnht/internal/vn"
)

// Choice is one entry of a fixed code list, with its names for menus and
// pages. The lists are returned fresh by functions rather than kept in
// package variables, so no caller can change them for another.
type Choice struct {
	Code   string
	NameVI string
	NameEN string
}

// Name is the choice's name in lang ("en..." English, anything else
// Vietnamese).
func (c Choice) Name(lang string) string {
	if strings.HasPrefix(lang, "en") && c.NameEN != "" {
		return c.NameEN
	}
	return c.NameVI
}

func nameOf(list []Choice, code, lang string) string {
	for _, c := range list {
		if c.Code == code {
			return c.Name(lang)
		}
	}
	return code
}

func inList(list []Choice, code string) bool {
	return slices.ContainsFunc(list, func(c Choice) bool { return c.Code == code })
}

// KeySector is one of the city's key supporting-industry sectors. Hanoi's
// programme has three; an enterprise belongs to one or more.
type KeySector string

// Hanoi's three key sectors.
const (
	SectorComponents KeySector = "components" // linh kiện, phụ tùng
	SectorHighTech   KeySector = "hightech"   // CNHT cho công nghiệp công nghệ cao
	SectorTextile    KeySector = "textile"    // CNHT dệt may – da giày
)

// KeySectorChoices lists the key sectors in the order pages show them.
func KeySectorChoices() []Choice {
	return []Choice{
		{string(SectorComponents), "Linh kiện, phụ tùng", "Components and spare parts"},
		{string(SectorHighTech), "Công nghiệp hỗ trợ cho công nghiệp công nghệ cao", "Supporting industry for high-tech industries"},
		{string(SectorTextile), "Công nghiệp hỗ trợ dệt may – da giày", "Supporting industry for textile-garment and leather-footwear"},
	}
}

// Valid reports whether k is a key sector.
func (k KeySector) Valid() bool { return inList(KeySectorChoices(), string(k)) }

// Name is the sector's name in lang.
func (k KeySector) Name(lang string) string { return nameOf(KeySectorChoices(), string(k), lang) }

// Industry is an industry an enterprise's products serve.
type Industry string

// The industries served.
const (
	IndustryElectronics     Industry = "electronics"
	IndustryAutomobile      Industry = "automobile"
	IndustryMotorcycle      Industry = "motorcycle"
	IndustryMechanical      Industry = "mechanical"
	IndustryTextileGarment  Industry = "textile_garment"
	IndustryLeatherFootwear Industry = "leather_footwear"
	IndustryHighTech        Industry = "hightech"
	IndustryMedical         Industry = "medical"
	IndustryAerospace       Industry = "aerospace"
	IndustryAgriMachinery   Industry = "agri_machinery"
	IndustryElectrical      Industry = "electrical_equipment"
	IndustryShipbuilding    Industry = "shipbuilding"
)

// IndustryChoices lists the industries served.
func IndustryChoices() []Choice {
	return []Choice{
		{string(IndustryElectronics), "Điện tử", "Electronics"},
		{string(IndustryElectrical), "Thiết bị điện", "Electrical equipment"},
		{string(IndustryAutomobile), "Sản xuất, lắp ráp ô tô", "Automobile manufacturing and assembly"},
		{string(IndustryMotorcycle), "Sản xuất, lắp ráp xe máy", "Motorcycle manufacturing and assembly"},
		{string(IndustryMechanical), "Cơ khí chế tạo", "Mechanical engineering"},
		{string(IndustryAgriMachinery), "Máy nông nghiệp", "Agricultural machinery"},
		{string(IndustryShipbuilding), "Đóng tàu", "Shipbuilding"},
		{string(IndustryTextileGarment), "Dệt may", "Textile and garment"},
		{string(IndustryLeatherFootwear), "Da giày", "Leather and footwear"},
		{string(IndustryHighTech), "Công nghiệp công nghệ cao", "High-tech industry"},
		{string(IndustryMedical), "Thiết bị y tế", "Medical devices"},
		{string(IndustryAerospace), "Hàng không vũ trụ", "Aerospace"},
	}
}

// Valid reports whether i is a known industry.
func (i Industry) Valid() bool { return inList(IndustryChoices(), string(i)) }

// Name is the industry's name in lang.
func (i Industry) Name(lang string) string { return nameOf(IndustryChoices(), string(i), lang) }

// ProductSector is one of the six supporting-industry sectors of Decree
// 111/2015/NĐ-CP as amended by Decree 205/2025/NĐ-CP, the sectors of the
// product catalogue.
type ProductSector string

// The six sectors of the Decree.
const (
	ProductTextileGarment  ProductSector = "textile_garment"
	ProductLeatherFootwear ProductSector = "leather_footwear"
	ProductElectronics     ProductSector = "electronics"
	ProductAutomobile      ProductSector = "automobile"
	ProductMechanical      ProductSector = "mechanical"
	ProductHighTech        ProductSector = "hightech"
)

// ProductSectorChoices lists the Decree's six sectors.
func ProductSectorChoices() []Choice {
	return []Choice{
		{string(ProductTextileGarment), "Dệt may", "Textile and garment"},
		{string(ProductLeatherFootwear), "Da giày", "Leather and footwear"},
		{string(ProductElectronics), "Điện tử", "Electronics"},
		{string(ProductAutomobile), "Sản xuất, lắp ráp ô tô", "Automobile manufacturing and assembly"},
		{string(ProductMechanical), "Cơ khí chế tạo", "Mechanical engineering"},
		{string(ProductHighTech), "Công nghiệp hỗ trợ cho công nghiệp công nghệ cao", "Supporting industry for high-tech industries"},
	}
}

// Valid reports whether p is one of the six sectors.
func (p ProductSector) Valid() bool { return inList(ProductSectorChoices(), string(p)) }

// Name is the sector's name in lang.
func (p ProductSector) Name(lang string) string {
	return nameOf(ProductSectorChoices(), string(p), lang)
}

// LegalForm is the form of business under the Law on Enterprises (or the
// Law on Cooperatives); "" is not known.
type LegalForm string

// The legal forms.
const (
	FormSingleMemberLLC LegalForm = "llc_single"  // Công ty TNHH một thành viên
	FormMultiMemberLLC  LegalForm = "llc_multi"   // Công ty TNHH hai thành viên trở lên
	FormJointStock      LegalForm = "joint_stock" // Công ty cổ phần
	FormPartnership     LegalForm = "partnership" // Công ty hợp danh
	FormSoleProprietor  LegalForm = "sole"        // Doanh nghiệp tư nhân
	FormCooperative     LegalForm = "cooperative" // Hợp tác xã
	FormBranch          LegalForm = "branch"      // Chi nhánh (also of a foreign-invested enterprise)
	FormOther           LegalForm = "other"
)

// LegalFormChoices lists the legal forms.
func LegalFormChoices() []Choice {
	return []Choice{
		{string(FormSingleMemberLLC), "Công ty TNHH một thành viên", "Single-member limited liability company"},
		{string(FormMultiMemberLLC), "Công ty TNHH hai thành viên trở lên", "Multi-member limited liability company"},
		{string(FormJointStock), "Công ty cổ phần", "Joint-stock company"},
		{string(FormPartnership), "Công ty hợp danh", "Partnership"},
		{string(FormSoleProprietor), "Doanh nghiệp tư nhân", "Sole proprietorship"},
		{string(FormCooperative), "Hợp tác xã", "Cooperative"},
		{string(FormBranch), "Chi nhánh doanh nghiệp (kể cả doanh nghiệp FDI)", "Branch of an enterprise (including foreign-invested)"},
		{string(FormOther), "Loại hình khác", "Other"},
	}
}

// Valid reports whether f is a legal form or "" (not known).
func (f LegalForm) Valid() bool { return f == "" || inList(LegalFormChoices(), string(f)) }

// Name is the form's name in lang.
func (f LegalForm) Name(lang string) string { return nameOf(LegalFormChoices(), string(f), lang) }

// Ownership is who owns the enterprise; "" is not known.
type Ownership string

// The kinds of ownership.
const (
	OwnershipState        Ownership = "state"
	OwnershipPrivate      Ownership = "private"
	OwnershipForeign      Ownership = "foreign" // 100% foreign-invested (FDI)
	OwnershipJointVenture Ownership = "joint_venture"
)

// OwnershipChoices lists the kinds of ownership.
func OwnershipChoices() []Choice {
	return []Choice{
		{string(OwnershipState), "Nhà nước", "State-owned"},
		{string(OwnershipPrivate), "Tư nhân trong nước", "Domestic private"},
		{string(OwnershipForeign), "Có vốn đầu tư nước ngoài", "Foreign-invested"},
		{string(OwnershipJointVenture), "Liên doanh", "Joint venture"},
	}
}

// Valid reports whether o is a kind of ownership or "" (not known).
func (o Ownership) Valid() bool { return o == "" || inList(OwnershipChoices(), string(o)) }

// Name is the ownership's name in lang.
func (o Ownership) Name(lang string) string { return nameOf(OwnershipChoices(), string(o), lang) }

// Status is an enterprise's standing in the registry on a date.
type Status string

// The statuses. Only active enterprises are counted.
const (
	StatusActive    Status = "active"
	StatusSuspended Status = "suspended" // tạm ngừng kinh doanh
	StatusClosed    Status = "closed"    // giải thể, phá sản, or left the programme
)

// StatusChoices lists the statuses.
func StatusChoices() []Choice {
	return []Choice{
		{string(StatusActive), "Đang hoạt động", "Active"},
		{string(StatusSuspended), "Tạm ngừng hoạt động", "Suspended"},
		{string(StatusClosed), "Đã đóng", "Closed"},
	}
}

// Valid reports whether s is a status.
func (s Status) Valid() bool { return inList(StatusChoices(), string(s)) }

// Name is the status's name in lang.
func (s Status) Name(lang string) string { return nameOf(StatusChoices(), string(s), lang) }

// Tier is the enterprise's place in the supply chain: 1 supplies the
// assembler (often a multinational) directly, 2 supplies tier 1, 3 supplies
// tier 2. TierUnknown (0) is not known.
type Tier int

// The tiers.
const (
	TierUnknown Tier = 0
	Tier1       Tier = 1
	Tier2       Tier = 2
	Tier3       Tier = 3
)

// TierChoices lists the tiers (the code is the number, "0" not known).
func TierChoices() []Choice {
	return []Choice{
		{"1", "Nhà cung cấp cấp 1", "Tier 1 supplier"},
		{"2", "Nhà cung cấp cấp 2", "Tier 2 supplier"},
		{"3", "Nhà cung cấp cấp 3", "Tier 3 supplier"},
		{"0", "Chưa xác định", "Not known"},
	}
}

// Valid reports whether t is a tier or TierUnknown.
func (t Tier) Valid() bool { return t >= TierUnknown && t <= Tier3 }

// SectorGroupChoices lists the sector groups of Decree 80/2021/NĐ-CP that
// decide the size ceilings.
func SectorGroupChoices() []Choice {
	return []Choice{
		{string(vn.SectorIndustry), "Công nghiệp, xây dựng, nông nghiệp", "Industry, construction, agriculture"},
		{string(vn.SectorTrade), "Thương mại, dịch vụ", "Trade and services"},
	}
}

// SizeChoices lists the size classes of Decree 80/2021/NĐ-CP.
func SizeChoices() []Choice {
	return []Choice{
		{string(vn.SizeMicro), "Siêu nhỏ", "Micro"},
		{string(vn.SizeSmall), "Nhỏ", "Small"},
		{string(vn.SizeMedium), "Vừa", "Medium"},
		{string(vn.SizeLarge), "Lớn", "Large"},
		{SizeUnknownFilter, "Chưa xác định", "Not known"},
	}
}

// FieldGroup is a group of profile fields that an officer verifies
// together (checked against the business registration, the site visit or
// the certificates).
type FieldGroup string

// The field groups, and the profile fields (Profile's JSON names) in each.
const (
	GroupIdentity       FieldGroup = "identity"       // tax code, names, legal form, ownership, founding year
	GroupAddress        FieldGroup = "address"        // street, ward
	GroupContact        FieldGroup = "contact"        // phone, e-mail, website, contact person
	GroupFinance        FieldGroup = "finance"        // employees, capital, revenue, sector group
	GroupCapability     FieldGroup = "capability"     // sectors, industries, products, processes, materials, equipment, capacity, tier
	GroupCustomers      FieldGroup = "customers"      // customers, export markets
	GroupCertifications FieldGroup = "certifications" // the certificates
)

// FieldGroupChoices lists the field groups.
func FieldGroupChoices() []Choice {
	return []Choice{
		{string(GroupIdentity), "Thông tin pháp lý", "Legal identity"},
		{string(GroupAddress), "Địa chỉ", "Address"},
		{string(GroupContact), "Liên hệ", "Contacts"},
		{string(GroupFinance), "Lao động, vốn, doanh thu", "Employees, capital, revenue"},
		{string(GroupCapability), "Năng lực sản xuất", "Production capability"},
		{string(GroupCustomers), "Khách hàng, thị trường", "Customers and markets"},
		{string(GroupCertifications), "Chứng nhận", "Certifications"},
	}
}

// Valid reports whether g is a field group.
func (g FieldGroup) Valid() bool { return inList(FieldGroupChoices(), string(g)) }

// Name is the group's name in lang.
func (g FieldGroup) Name(lang string) string { return nameOf(FieldGroupChoices(), string(g), lang) }

// fieldGroups says which field group each Profile field belongs to; an
// enterprise's edit of a field clears its group's verification.
func fieldGroupOf(field string) FieldGroup {
	switch field {
	case "tax_code", "name", "name_en", "short_name", "legal_form", "ownership", "founded_year":
		return GroupIdentity
	case "street", "ward_code":
		return GroupAddress
	case "phone", "email", "website", "contact", "contact_private":
		return GroupContact
	case "employees", "charter_capital_vnd", "revenue_vnd", "revenue_year", "sector_group":
		return GroupFinance
	case "key_sectors", "industries", "product_ids", "process_ids", "materials", "equipment", "capacity", "supplier_tier":
		return GroupCapability
	case "customers", "export_markets":
		return GroupCustomers
	}
	return ""
}

// countryCodes are the ISO 3166-1 alpha-2 codes, for export markets and
// customers' countries.
const countryCodes = " AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ" +
	" CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR" +
	" GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP" +
	" KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT" +
	" MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW" +
	" SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG" +
	" UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW "

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 country code
// (upper case, as stored).
func ValidCountry(code string) bool {
	return len(code) == 2 && strings.Contains(countryCodes, " "+code+" ")
}
