package enterprise

import (
	"time"

	"cnht/internal/vn"
)

// Contact is the enterprise's contact person.
type Contact struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// Customer is one of the enterprise's customers. Multinational marks the
// multinational corporations (and their Vietnamese subsidiaries) whose
// global supply networks the programme wants enterprises to join. A
// customer marked Private is shown only to officers and the enterprise.
type Customer struct {
	Name          string `json:"name"`
	Country       string `json:"country"` // ISO 3166-1 alpha-2 of the customer's location
	Multinational bool   `json:"multinational"`
	Private       bool   `json:"private"`
}

// Profile is the part of an enterprise that people type: the input of
// Create and Update and what ProfileForEdit returns to fill a form. Derived
// values (size class, "meets international standards") are not in it.
// Employees, CharterCapitalVND and RevenueVND are nil when not known.
type Profile struct {
	TaxCode   string    `json:"tax_code"`
	Name      string    `json:"name"`
	NameEN    string    `json:"name_en"`
	ShortName string    `json:"short_name"`
	LegalForm LegalForm `json:"legal_form"`
	Ownership Ownership `json:"ownership"`
	// FoundedYear is the year of first registration; 0 is not known.
	FoundedYear int `json:"founded_year"`

	Street string `json:"street"`
	// WardCode is the 5-digit code of the 2025 commune-level unit
	// (phường/xã) of the configured province.
	WardCode string `json:"ward_code"`

	Phone   string  `json:"phone"`
	Email   string  `json:"email"`
	Website string  `json:"website"`
	Contact Contact `json:"contact"`
	// ContactPrivate hides the contact person from the public.
	ContactPrivate bool `json:"contact_private"`

	Employees         *int64 `json:"employees"`
	CharterCapitalVND *int64 `json:"charter_capital_vnd"`
	RevenueVND        *int64 `json:"revenue_vnd"`
	// RevenueYear is the year RevenueVND is for; required with it.
	RevenueYear int `json:"revenue_year"`
	// SectorGroup chooses the ceilings of the size rule; "" means industry.
	SectorGroup vn.SectorGroup `json:"sector_group"`

	KeySectors    []KeySector `json:"key_sectors"`
	Industries    []Industry  `json:"industries"`
	ProductIDs    []int64     `json:"product_ids"`
	ProcessIDs    []int64     `json:"process_ids"`
	Materials     string      `json:"materials"`
	Equipment     string      `json:"equipment"`
	Capacity      string      `json:"capacity"`
	Customers     []Customer  `json:"customers"`
	ExportMarkets []string    `json:"export_markets"`
	SupplierTier  Tier        `json:"supplier_tier"`

	// Version is the version the form was filled from; Update refuses a
	// stale one (Conflict) so that two people editing at once do not
	// silently overwrite each other. 0 skips the check.
	Version int64 `json:"version"`
}

// NewEnterprise is the input of Create.
type NewEnterprise struct {
	Profile
	// JoinedOn is the day the enterprise entered the CNHT registry; the
	// zero time means today. Its first status period starts on it.
	JoinedOn time.Time
	// Status is the status from JoinedOn; "" means active.
	Status Status
}

// Ref is a catalogue entry as a profile shows it.
type Ref struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
}

// Name is the entry's name in lang.
func (r Ref) Name(lang string) string {
	return Choice{NameVI: r.NameVI, NameEN: r.NameEN}.Name(lang)
}

// View is an enterprise as the caller may see it. Private is nil unless the
// caller is an officer, an admin, or a member of the enterprise's own
// organisation: pages and the API show Private only when it is there, so
// they cannot leak it by forgetting a check.
type View struct {
	Public  Public   `json:"public"`
	Private *Private `json:"private,omitempty"`
	// Own is true when the caller's organisation holds the enterprise.
	Own bool `json:"own"`
	// CanEdit is true when the caller may call Update on it.
	CanEdit bool `json:"can_edit"`
	// CanManage is true for officers and admins: status, verification,
	// joined_on, organisation.
	CanManage bool `json:"can_manage"`
	// MergedInto is the enterprise this profile was merged into; such a
	// profile is seen by officers only, and no longer changes.
	MergedInto int64 `json:"merged_into,omitempty"`
}

// Public is what anyone may see of an active enterprise.
type Public struct {
	ID        int64     `json:"id"`
	TaxCode   string    `json:"tax_code"`
	Name      string    `json:"name"`
	NameEN    string    `json:"name_en"`
	ShortName string    `json:"short_name"`
	LegalForm LegalForm `json:"legal_form"`
	Ownership Ownership `json:"ownership"`
	// FoundedYear is 0 when not known.
	FoundedYear int    `json:"founded_year"`
	Street      string `json:"street"`
	WardCode    string `json:"ward_code"`
	// WardName is the ward's full name ("Xã Đông Anh"), "" when unknown.
	WardName string `json:"ward_name"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
	Website  string `json:"website"`
	// Contact is nil when the enterprise marked its contact person private.
	Contact *Contact `json:"contact,omitempty"`
	// Employees is nil when not known.
	Employees   *int64         `json:"employees"`
	SectorGroup vn.SectorGroup `json:"sector_group"`
	// SizeClass is computed by Decree 80/2021/NĐ-CP; "" when the figures
	// are not known.
	SizeClass     vn.SizeClass `json:"size_class"`
	KeySectors    []KeySector  `json:"key_sectors"`
	Industries    []Industry   `json:"industries"`
	Products      []Ref        `json:"products"`
	Processes     []Ref        `json:"processes"`
	Materials     string       `json:"materials"`
	Equipment     string       `json:"equipment"`
	Capacity      string       `json:"capacity"`
	SupplierTier  Tier         `json:"supplier_tier"`
	ExportMarkets []string     `json:"export_markets"`
	// Customers are the customers not marked private.
	Customers []Customer `json:"customers"`
	// Certifications are every certificate on file, newest first, with
	// DocumentID zeroed (documents are private).
	Certifications []Certification `json:"certifications"`
	// MeetsInternationalStandards is derived for today.
	MeetsInternationalStandards bool      `json:"meets_international_standards"`
	Status                      Status    `json:"status"`
	StatusSince                 time.Time `json:"status_since"`
	JoinedOn                    time.Time `json:"joined_on"`
	// Verified lists the field groups an officer has verified.
	Verified []FieldGroup `json:"verified"`
	// FullyVerified is true when every field group is verified.
	FullyVerified bool      `json:"fully_verified"`
	Claimed       bool      `json:"claimed"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Private is what only officers, admins and the enterprise itself see.
type Private struct {
	// CharterCapitalVND and RevenueVND are nil when not known.
	CharterCapitalVND *int64 `json:"charter_capital_vnd"`
	RevenueVND        *int64 `json:"revenue_vnd"`
	RevenueYear       int    `json:"revenue_year"`
	// Contact is the contact person, private or not.
	Contact        Contact `json:"contact"`
	ContactPrivate bool    `json:"contact_private"`
	// Customers are all customers, private ones included.
	Customers []Customer `json:"customers"`
	// Certifications are the certificates with their documents.
	Certifications []Certification `json:"certifications"`
	Documents      []Document      `json:"documents"`
	StatusHistory  []StatusPeriod  `json:"status_history"`
	Verifications  []Verification  `json:"verifications"`
	// OrgID is the organisation that holds (has claimed) the enterprise,
	// 0 when none.
	OrgID     int64     `json:"org_id"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// StatusPeriod is a span of days with one status: From inclusive, To
// exclusive; To is the zero time while the period is open (current).
type StatusPeriod struct {
	Status Status    `json:"status"`
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
	Note   string    `json:"note"`
}

// Verification records that an officer verified a field group.
type Verification struct {
	Group   FieldGroup `json:"group"`
	At      time.Time  `json:"at"`
	ByID    int64      `json:"by_id"`
	ByLabel string     `json:"by_label"`
}

// Summary is one row of a listing: public fields only, so that a listing
// is safe to show to anyone allowed to list.
type Summary struct {
	ID                          int64        `json:"id"`
	TaxCode                     string       `json:"tax_code"`
	Name                        string       `json:"name"`
	NameEN                      string       `json:"name_en"`
	ShortName                   string       `json:"short_name"`
	WardCode                    string       `json:"ward_code"`
	WardName                    string       `json:"ward_name"`
	Ownership                   Ownership    `json:"ownership"`
	Employees                   *int64       `json:"employees"`
	SizeClass                   vn.SizeClass `json:"size_class"`
	KeySectors                  []KeySector  `json:"key_sectors"`
	Status                      Status       `json:"status"`
	JoinedOn                    time.Time    `json:"joined_on"`
	FullyVerified               bool         `json:"fully_verified"`
	MeetsInternationalStandards bool         `json:"meets_international_standards"`
	UpdatedAt                   time.Time    `json:"updated_at"`
}
