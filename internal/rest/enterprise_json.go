package rest

import (
	"time"

	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// The registry as the API shows it. The service's types are copied into
// these rather than sent as they are, for two reasons: calendar dates are
// "YYYY-MM-DD" (Date), not date-times, and what is not known is null
// rather than the service's "" or 0; and the API's shape, which clients
// depend on and openapi.json documents, changes only when this file does.

// EnterpriseJSON is an enterprise as the caller may see it. Private is
// left out, key and all, unless the service returned it (officers, admins,
// the enterprise's own users).
type EnterpriseJSON struct {
	Public    PublicJSON   `json:"public"`
	Private   *PrivateJSON `json:"private,omitempty"`
	Own       bool         `json:"own"`
	CanEdit   bool         `json:"can_edit"`
	CanManage bool         `json:"can_manage"`
}

// PublicJSON is what anyone may see of an active enterprise.
type PublicJSON struct {
	ID                          int64                   `json:"id"`
	TaxCode                     string                  `json:"tax_code"`
	Name                        string                  `json:"name"`
	NameEN                      string                  `json:"name_en"`
	ShortName                   string                  `json:"short_name"`
	LegalForm                   *enterprise.LegalForm   `json:"legal_form"`
	Ownership                   *enterprise.Ownership   `json:"ownership"`
	FoundedYear                 *int                    `json:"founded_year"`
	Street                      string                  `json:"street"`
	WardCode                    *string                 `json:"ward_code"`
	WardName                    *string                 `json:"ward_name"`
	Phone                       string                  `json:"phone"`
	Email                       string                  `json:"email"`
	Website                     string                  `json:"website"`
	Contact                     *enterprise.Contact     `json:"contact"`
	Employees                   *int64                  `json:"employees"`
	SectorGroup                 vn.SectorGroup          `json:"sector_group"`
	SizeClass                   *vn.SizeClass           `json:"size_class"`
	KeySectors                  []enterprise.KeySector  `json:"key_sectors"`
	Industries                  []enterprise.Industry   `json:"industries"`
	Products                    []enterprise.Ref        `json:"products"`
	Processes                   []enterprise.Ref        `json:"processes"`
	Materials                   string                  `json:"materials"`
	Equipment                   string                  `json:"equipment"`
	Capacity                    string                  `json:"capacity"`
	SupplierTier                *enterprise.Tier        `json:"supplier_tier"`
	ExportMarkets               []string                `json:"export_markets"`
	Customers                   []enterprise.Customer   `json:"customers"`
	Certifications              []CertificationJSON     `json:"certifications"`
	MeetsInternationalStandards bool                    `json:"meets_international_standards"`
	Status                      enterprise.Status       `json:"status"`
	StatusSince                 Date                    `json:"status_since"`
	JoinedOn                    Date                    `json:"joined_on"`
	Verified                    []enterprise.FieldGroup `json:"verified"`
	FullyVerified               bool                    `json:"fully_verified"`
	Claimed                     bool                    `json:"claimed"`
	UpdatedAt                   time.Time               `json:"updated_at"`
}

// PrivateJSON is what only officers, admins and the enterprise itself see.
type PrivateJSON struct {
	CharterCapitalVND *int64                    `json:"charter_capital_vnd"`
	RevenueVND        *int64                    `json:"revenue_vnd"`
	RevenueYear       *int                      `json:"revenue_year"`
	Contact           enterprise.Contact        `json:"contact"`
	ContactPrivate    bool                      `json:"contact_private"`
	Customers         []enterprise.Customer     `json:"customers"`
	Certifications    []CertificationJSON       `json:"certifications"`
	Documents         []enterprise.Document     `json:"documents"`
	StatusHistory     []StatusPeriodJSON        `json:"status_history"`
	Verifications     []enterprise.Verification `json:"verifications"`
	OrgID             *int64                    `json:"org_id"`
	Version           int64                     `json:"version"`
	CreatedAt         time.Time                 `json:"created_at"`
}

// StatusPeriodJSON is a span of days with one status: from inclusive, to
// exclusive, to null while the period is open.
type StatusPeriodJSON struct {
	Status enterprise.Status `json:"status"`
	From   Date              `json:"from"`
	To     Date              `json:"to"`
	Note   string            `json:"note"`
}

// CertificationJSON is a certificate, valid on the days from issued_on
// up to, not including, expires_on.
type CertificationJSON struct {
	ID            int64     `json:"id"`
	EnterpriseID  int64     `json:"enterprise_id"`
	StandardID    int64     `json:"standard_id"`
	StandardCode  string    `json:"standard_code"`
	StandardName  string    `json:"standard_name"`
	International bool      `json:"international"`
	Number        string    `json:"number"`
	Body          string    `json:"body"`
	Scope         string    `json:"scope"`
	IssuedOn      Date      `json:"issued_on"`
	ExpiresOn     Date      `json:"expires_on"`
	DocumentID    *int64    `json:"document_id"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// SummaryJSON is one row of a listing: public fields only.
type SummaryJSON struct {
	ID                          int64                  `json:"id"`
	TaxCode                     string                 `json:"tax_code"`
	Name                        string                 `json:"name"`
	NameEN                      string                 `json:"name_en"`
	ShortName                   string                 `json:"short_name"`
	WardCode                    *string                `json:"ward_code"`
	WardName                    *string                `json:"ward_name"`
	Ownership                   *enterprise.Ownership  `json:"ownership"`
	Employees                   *int64                 `json:"employees"`
	SizeClass                   *vn.SizeClass          `json:"size_class"`
	KeySectors                  []enterprise.KeySector `json:"key_sectors"`
	Status                      enterprise.Status      `json:"status"`
	JoinedOn                    Date                   `json:"joined_on"`
	FullyVerified               bool                   `json:"fully_verified"`
	MeetsInternationalStandards bool                   `json:"meets_international_standards"`
	UpdatedAt                   time.Time              `json:"updated_at"`
}

// PageJSON is one page of a listing.
type PageJSON struct {
	Items  []SummaryJSON `json:"items"`
	Total  int           `json:"total"`
	Limit  int           `json:"limit"`
	Offset int           `json:"offset"`
}

// CountsJSON is how many active CNHT enterprises, and how many meeting
// international standards, there were on a day.
type CountsJSON struct {
	Date     Date                     `json:"date"`
	Total    enterprise.Count         `json:"total"`
	BySector []enterprise.SectorCount `json:"by_sector"`
	ByWard   []WardCountJSON          `json:"by_ward"`
}

// WardCountJSON is the count of one ward; the ward is null for
// enterprises without one.
type WardCountJSON struct {
	WardCode      *string `json:"ward_code"`
	WardName      *string `json:"ward_name"`
	Active        int64   `json:"active"`
	International int64   `json:"international"`
}

// ExpiringCertificateJSON is a certificate that expires soon, with its
// enterprise.
type ExpiringCertificateJSON struct {
	CertificationJSON
	EnterpriseName string `json:"enterprise_name"`
	TaxCode        string `json:"tax_code"`
	DaysLeft       int    `json:"days_left"`
}

// ChoiceJSON is an entry of a fixed code list.
type ChoiceJSON struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
}

// orNil returns nil for the zero value (not known) and a pointer to v
// otherwise.
func orNil[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// list returns xs, or an empty list for nil: lists are [] in JSON, never
// null.
func list[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func enterpriseJSON(v enterprise.View) EnterpriseJSON {
	p := v.Public
	out := EnterpriseJSON{Own: v.Own, CanEdit: v.CanEdit, CanManage: v.CanManage}
	out.Public = PublicJSON{
		ID: p.ID, TaxCode: p.TaxCode, Name: p.Name, NameEN: p.NameEN, ShortName: p.ShortName,
		LegalForm: orNil(p.LegalForm), Ownership: orNil(p.Ownership), FoundedYear: orNil(p.FoundedYear),
		Street: p.Street, WardCode: orNil(p.WardCode), WardName: orNil(p.WardName),
		Phone: p.Phone, Email: p.Email, Website: p.Website, Contact: p.Contact,
		Employees: p.Employees, SectorGroup: p.SectorGroup, SizeClass: orNil(p.SizeClass),
		KeySectors: list(p.KeySectors), Industries: list(p.Industries), Products: list(p.Products), Processes: list(p.Processes),
		Materials: p.Materials, Equipment: p.Equipment, Capacity: p.Capacity, SupplierTier: orNil(p.SupplierTier),
		ExportMarkets: list(p.ExportMarkets), Customers: list(p.Customers), Certifications: certificationsJSON(p.Certifications),
		MeetsInternationalStandards: p.MeetsInternationalStandards, Status: p.Status,
		StatusSince: dateOf(p.StatusSince), JoinedOn: dateOf(p.JoinedOn),
		Verified: list(p.Verified), FullyVerified: p.FullyVerified, Claimed: p.Claimed, UpdatedAt: p.UpdatedAt,
	}
	if q := v.Private; q != nil {
		out.Private = &PrivateJSON{
			CharterCapitalVND: q.CharterCapitalVND, RevenueVND: q.RevenueVND, RevenueYear: orNil(q.RevenueYear),
			Contact: q.Contact, ContactPrivate: q.ContactPrivate, Customers: list(q.Customers),
			Certifications: certificationsJSON(q.Certifications), Documents: list(q.Documents),
			StatusHistory: make([]StatusPeriodJSON, 0, len(q.StatusHistory)), Verifications: list(q.Verifications),
			OrgID: orNil(q.OrgID), Version: q.Version, CreatedAt: q.CreatedAt,
		}
		for _, s := range q.StatusHistory {
			out.Private.StatusHistory = append(out.Private.StatusHistory, StatusPeriodJSON{Status: s.Status, From: dateOf(s.From), To: dateOf(s.To), Note: s.Note})
		}
	}
	return out
}

func certificationJSON(c enterprise.Certification) CertificationJSON {
	return CertificationJSON{
		ID: c.ID, EnterpriseID: c.EnterpriseID, StandardID: c.StandardID, StandardCode: c.StandardCode, StandardName: c.StandardName,
		International: c.International, Number: c.Number, Body: c.Body, Scope: c.Scope,
		IssuedOn: dateOf(c.IssuedOn), ExpiresOn: dateOf(c.ExpiresOn), DocumentID: orNil(c.DocumentID),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

func certificationsJSON(cs []enterprise.Certification) []CertificationJSON {
	out := make([]CertificationJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, certificationJSON(c))
	}
	return out
}

func pageJSON(p enterprise.Page) PageJSON {
	out := PageJSON{Items: make([]SummaryJSON, 0, len(p.Items)), Total: p.Total, Limit: p.Limit, Offset: p.Offset}
	for _, m := range p.Items {
		out.Items = append(out.Items, SummaryJSON{
			ID: m.ID, TaxCode: m.TaxCode, Name: m.Name, NameEN: m.NameEN, ShortName: m.ShortName,
			WardCode: orNil(m.WardCode), WardName: orNil(m.WardName), Ownership: orNil(m.Ownership), Employees: m.Employees,
			SizeClass: orNil(m.SizeClass), KeySectors: list(m.KeySectors), Status: m.Status, JoinedOn: dateOf(m.JoinedOn),
			FullyVerified: m.FullyVerified, MeetsInternationalStandards: m.MeetsInternationalStandards, UpdatedAt: m.UpdatedAt,
		})
	}
	return out
}

func countsJSON(c enterprise.Counts) CountsJSON {
	out := CountsJSON{Date: dateOf(c.Date), Total: c.Total, BySector: list(c.BySector), ByWard: make([]WardCountJSON, 0, len(c.ByWard))}
	for _, w := range c.ByWard {
		out.ByWard = append(out.ByWard, WardCountJSON{WardCode: orNil(w.WardCode), WardName: orNil(w.WardName), Active: w.Active, International: w.International})
	}
	return out
}

func choicesJSON(cs []enterprise.Choice) []ChoiceJSON {
	out := make([]ChoiceJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, ChoiceJSON{Code: c.Code, NameVI: c.NameVI, NameEN: c.NameEN})
	}
	return out
}

// profileInput is the profile as a client sends it: the body of POST
// /api/v1/enterprises (with newEnterpriseInput's fields) and, as a merge
// patch, of PATCH /api/v1/enterprises/{id}. What is not known is null
// or absent; null in a patch clears the field.
type profileInput struct {
	TaxCode           string                 `json:"tax_code"`
	Name              string                 `json:"name"`
	NameEN            string                 `json:"name_en"`
	ShortName         string                 `json:"short_name"`
	LegalForm         enterprise.LegalForm   `json:"legal_form"`
	Ownership         enterprise.Ownership   `json:"ownership"`
	FoundedYear       int                    `json:"founded_year"`
	Street            string                 `json:"street"`
	WardCode          string                 `json:"ward_code"`
	Phone             string                 `json:"phone"`
	Email             string                 `json:"email"`
	Website           string                 `json:"website"`
	Contact           enterprise.Contact     `json:"contact"`
	ContactPrivate    bool                   `json:"contact_private"`
	Employees         *int64                 `json:"employees"`
	CharterCapitalVND *int64                 `json:"charter_capital_vnd"`
	RevenueVND        *int64                 `json:"revenue_vnd"`
	RevenueYear       int                    `json:"revenue_year"`
	SectorGroup       vn.SectorGroup         `json:"sector_group"`
	KeySectors        []enterprise.KeySector `json:"key_sectors"`
	Industries        []enterprise.Industry  `json:"industries"`
	ProductIDs        []int64                `json:"product_ids"`
	ProcessIDs        []int64                `json:"process_ids"`
	Materials         string                 `json:"materials"`
	Equipment         string                 `json:"equipment"`
	Capacity          string                 `json:"capacity"`
	Customers         []enterprise.Customer  `json:"customers"`
	ExportMarkets     []string               `json:"export_markets"`
	SupplierTier      enterprise.Tier        `json:"supplier_tier"`
}

// newEnterpriseInput is the body of POST /api/v1/enterprises.
type newEnterpriseInput struct {
	profileInput
	// JoinedOn is the day the enterprise entered the registry; null is
	// today.
	JoinedOn Date `json:"joined_on"`
	// Status is the status from JoinedOn; null is active.
	Status enterprise.Status `json:"status"`
}

// profilePatch is what PATCH /api/v1/enterprises/{id} applies its merge
// patch to: the current profile and its version.
type profilePatch struct {
	profileInput
	// Version is the version the client read; a stale one is refused
	// (409). Left out, it is the version the patch was applied to.
	Version int64 `json:"version"`
}

func profileInputOf(p enterprise.Profile) profileInput {
	return profileInput{
		TaxCode: p.TaxCode, Name: p.Name, NameEN: p.NameEN, ShortName: p.ShortName, LegalForm: p.LegalForm, Ownership: p.Ownership,
		FoundedYear: p.FoundedYear, Street: p.Street, WardCode: p.WardCode, Phone: p.Phone, Email: p.Email, Website: p.Website,
		Contact: p.Contact, ContactPrivate: p.ContactPrivate, Employees: p.Employees, CharterCapitalVND: p.CharterCapitalVND,
		RevenueVND: p.RevenueVND, RevenueYear: p.RevenueYear, SectorGroup: p.SectorGroup, KeySectors: p.KeySectors,
		Industries: p.Industries, ProductIDs: p.ProductIDs, ProcessIDs: p.ProcessIDs, Materials: p.Materials,
		Equipment: p.Equipment, Capacity: p.Capacity, Customers: p.Customers, ExportMarkets: p.ExportMarkets, SupplierTier: p.SupplierTier,
	}
}

func (in profileInput) profile() enterprise.Profile {
	return enterprise.Profile{
		TaxCode: in.TaxCode, Name: in.Name, NameEN: in.NameEN, ShortName: in.ShortName, LegalForm: in.LegalForm, Ownership: in.Ownership,
		FoundedYear: in.FoundedYear, Street: in.Street, WardCode: in.WardCode, Phone: in.Phone, Email: in.Email, Website: in.Website,
		Contact: in.Contact, ContactPrivate: in.ContactPrivate, Employees: in.Employees, CharterCapitalVND: in.CharterCapitalVND,
		RevenueVND: in.RevenueVND, RevenueYear: in.RevenueYear, SectorGroup: in.SectorGroup, KeySectors: in.KeySectors,
		Industries: in.Industries, ProductIDs: in.ProductIDs, ProcessIDs: in.ProcessIDs, Materials: in.Materials,
		Equipment: in.Equipment, Capacity: in.Capacity, Customers: in.Customers, ExportMarkets: in.ExportMarkets, SupplierTier: in.SupplierTier,
	}
}

// certificationInput is the body of POST
// /api/v1/enterprises/{id}/certifications and PATCH
// /api/v1/certifications/{id}.
type certificationInput struct {
	StandardID int64  `json:"standard_id"`
	Number     string `json:"number"`
	Body       string `json:"body"`
	Scope      string `json:"scope"`
	IssuedOn   Date   `json:"issued_on"`
	ExpiresOn  Date   `json:"expires_on"`
	// DocumentID is an uploaded document of the enterprise's; null is
	// none.
	DocumentID int64 `json:"document_id"`
}

func (in certificationInput) input() enterprise.CertificationInput {
	return enterprise.CertificationInput{StandardID: in.StandardID, Number: in.Number, Body: in.Body, Scope: in.Scope,
		IssuedOn: in.IssuedOn.Time(), ExpiresOn: in.ExpiresOn.Time(), DocumentID: in.DocumentID}
}
