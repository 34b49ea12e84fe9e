package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// earliestDate is the earliest date of a registry fact (joined_on, a
// status change) accepted: the programme's records do not go further back,
// so an earlier date is a typing mistake.
func earliestDate() time.Time { return time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC) }

// Create adds an enterprise to the registry (officers and admins). Every
// invalid field is reported at once; a tax code already registered is a
// Conflict on field tax_code.
func (s *Service) Create(ctx context.Context, in NewEnterprise) (View, error) {
	if _, err := requireManager(ctx); err != nil {
		return View{}, err
	}
	p := normalise(in.Profile)
	var v apperr.Validation
	if err := s.validate(ctx, s.db, &p, &v, nil, nil); err != nil {
		return View{}, err
	}
	today := s.Today()
	joined := civil(in.JoinedOn)
	if joined.IsZero() {
		joined = today
	}
	if joined.After(today) || joined.Before(earliestDate()) {
		v.Add("joined_on", "enterprise.date_range", "min", earliestDate(), "max", today)
	}
	status := in.Status
	if status == "" {
		status = StatusActive
	}
	if !status.Valid() {
		v.Add("status", "field.choose")
	}
	if err := v.Err(); err != nil {
		return View{}, err
	}
	now := s.now()
	r := record{Profile: p, Status: status, JoinedOn: joined, CreatedAt: now, UpdatedAt: now}
	r.Version = 1
	r.derive()
	err := s.db.WithTx(ctx, func(tx *db.Tx) error { return insertEnterprise(ctx, tx, &r, status, joined) })
	if err != nil {
		return View{}, err
	}
	return s.FindEnterprise(ctx, r.ID)
}

// insertEnterprise writes a new, checked enterprise with its lists and
// first status period in tx, and audits it; r.ID is set.
func insertEnterprise(ctx context.Context, tx *db.Tx, r *record, status Status, joined time.Time) error {
	if err := taxCodeFree(ctx, tx, r.TaxCode, 0); err != nil {
		return err
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO enterprises (`+insertColumns+`) VALUES (`+db.Placeholders(1, insertColumnCount())+`) RETURNING id`, r.insertArgs()...).Scan(&r.ID)
	if db.IsUniqueViolation(err) {
		return taxCodeTaken()
	}
	if err != nil {
		return apperr.Wrap(err, "insert enterprise")
	}
	if err := saveLists(ctx, tx, r.ID, &r.Profile); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_status (enterprise_id, from_on, to_on, status) VALUES ($1, $2, $3, $4)`,
		r.ID, dateStr(joined), openEnd, string(status)); err != nil {
		return apperr.Wrap(err, "insert status")
	}
	after := r.fields()
	after["joined_on"], after["status"] = dateStr(joined), status
	return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: r.ID, Action: "create", After: after})
}

func taxCodeTaken() error {
	return &apperr.Error{Code: apperr.Conflict, Key: "enterprise.tax_code_exists", Fields: []apperr.FieldError{{Field: "tax_code", Key: "enterprise.tax_code_exists"}}}
}

// taxCodeFree returns Conflict when another enterprise has the tax code;
// checked before writing so that PostgreSQL's transaction is not aborted
// by the unique index, which stays as the guard against races.
func taxCodeFree(ctx context.Context, q db.Querier, taxCode string, self int64) error {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE tax_code = $1`, taxCode).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return apperr.Wrap(err, "find tax code")
	case id != self:
		return taxCodeTaken()
	}
	return nil
}

// Update replaces an enterprise's profile. Officers and admins may update
// any enterprise; an enterprise user only its own, and not its tax code
// (a change is refused on field tax_code). When the enterprise itself
// changes a field an officer verified, that field group's verification is
// cleared; an officer's edit keeps it, since the officer answers for what
// they type. A stale Version is a Conflict.
func (s *Service) Update(ctx context.Context, id int64, in Profile) (View, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return View{}, err
	}
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		cur, err := loadRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		mgr := manages(a)
		if !mgr && !owns(a, cur.OrgID) {
			return forbidden()
		}
		if in.Version != 0 && in.Version != cur.Version {
			return apperr.New(apperr.Conflict, "enterprise.stale")
		}
		p := normalise(in)
		var v apperr.Validation
		if err := s.validate(ctx, tx, &p, &v, cur.ProductIDs, cur.ProcessIDs); err != nil {
			return err
		}
		if !mgr && p.TaxCode != cur.TaxCode && !v.Has("tax_code") {
			v.Add("tax_code", "enterprise.tax_code_locked")
		}
		if err := v.Err(); err != nil {
			return err
		}
		return s.updateEnterprise(ctx, tx, cur, p, mgr)
	})
	if err != nil {
		return View{}, err
	}
	return s.FindEnterprise(ctx, id)
}

// updateEnterprise writes a checked profile over cur in tx and audits the
// fields that changed; an enterprise's own change clears the verification
// of the groups it touched.
func (s *Service) updateEnterprise(ctx context.Context, tx *db.Tx, cur record, p Profile, mgr bool) error {
	id := cur.ID
	if cur.MergedInto != 0 {
		return mergedAway()
	}
	if err := taxCodeFree(ctx, tx, p.TaxCode, id); err != nil {
		return err
	}
	before := cur.fields()
	next := cur
	next.Profile = p
	next.Version = cur.Version + 1
	next.UpdatedAt = s.now()
	next.derive()
	after := next.fields()
	_, err := tx.ExecContext(ctx, `UPDATE enterprises SET tax_code = $1, name = $2, name_en = $3, short_name = $4, name_key = $5, search_fold = $6,
		legal_form = $7, ownership = $8, founded_year = $9, street = $10, ward_code = $11, phone = $12, email = $13, website = $14,
		contact_name = $15, contact_title = $16, contact_phone = $17, contact_email = $18, contact_private = $19,
		employees = $20, charter_capital_vnd = $21, revenue_vnd = $22, revenue_year = $23, sector_group = $24, size_class = $25,
		materials = $26, equipment = $27, capacity = $28, supplier_tier = $29, version = $30, updated_at = $31 WHERE id = $32`,
		p.TaxCode, p.Name, p.NameEN, p.ShortName, nameKey(p.Name), searchFold(&p), string(p.LegalForm), string(p.Ownership), p.FoundedYear,
		p.Street, p.WardCode, p.Phone, p.Email, p.Website, p.Contact.Name, p.Contact.Title, p.Contact.Phone, p.Contact.Email, p.ContactPrivate,
		known(p.Employees), known(p.CharterCapitalVND), known(p.RevenueVND), p.RevenueYear, string(p.SectorGroup), string(next.SizeClass),
		p.Materials, p.Equipment, p.Capacity, int(p.SupplierTier), next.Version, db.Micros(next.UpdatedAt), id)
	if db.IsUniqueViolation(err) {
		return taxCodeTaken()
	}
	if err != nil {
		return apperr.Wrap(err, "update enterprise")
	}
	if err := saveLists(ctx, tx, id, &p); err != nil {
		return err
	}
	b, af := audit.Diff(before, after)
	if !mgr {
		var groups []FieldGroup
		for k := range af {
			if g := fieldGroupOf(k); g != "" && !slices.Contains(groups, g) {
				groups = append(groups, g)
			}
		}
		cleared, err := clearVerifications(ctx, tx, id, groups, s.now())
		if err != nil {
			return err
		}
		if len(cleared) > 0 {
			af["unverified"] = cleared
		}
	}
	return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: id, Action: "update", Before: b, After: af})
}

// ProfileForEdit returns an enterprise's profile as a form shows it, with
// its Version, for callers who may update it (else Forbidden).
func (s *Service) ProfileForEdit(ctx context.Context, id int64) (Profile, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Profile{}, err
	}
	r, err := loadRecord(ctx, s.db, id)
	if err != nil {
		return Profile{}, err
	}
	if !manages(a) && !owns(a, r.OrgID) {
		return Profile{}, forbidden()
	}
	return r.Profile, nil
}

// FindEnterprise returns an enterprise as the caller may see it: the
// public part of an active enterprise for anyone; any status and the
// private part for officers, admins and the enterprise itself. An
// enterprise the caller may not see is NotFound, so that suspended and
// closed enterprises cannot be probed.
func (s *Service) FindEnterprise(ctx context.Context, id int64) (View, error) {
	r, err := loadRecord(ctx, s.db, id)
	if err != nil {
		return View{}, err
	}
	return s.viewOf(ctx, r)
}

// FindEnterpriseByTaxCode is FindEnterprise by tax code (any spelling
// vn.ParseTaxCode accepts).
func (s *Service) FindEnterpriseByTaxCode(ctx context.Context, taxCode string) (View, error) {
	c, err := vn.ParseTaxCode(taxCode)
	if err != nil {
		return View{}, notFound()
	}
	var id int64
	err = s.db.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE tax_code = $1`, c).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return View{}, notFound()
	}
	if err != nil {
		return View{}, apperr.Wrap(err, "find tax code")
	}
	return s.FindEnterprise(ctx, id)
}

// MyEnterprise returns the enterprise held by the caller's organisation
// (the "my company" page); NotFound when it holds none yet.
func (s *Service) MyEnterprise(ctx context.Context) (View, error) {
	a, err := actor.Require(ctx, actor.Enterprise)
	if err != nil {
		return View{}, err
	}
	var id int64
	err = s.db.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE org_id = $1`, a.OrgID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return View{}, notFound()
	}
	if err != nil {
		return View{}, apperr.Wrap(err, "find own enterprise")
	}
	return s.FindEnterprise(ctx, id)
}

// viewOf builds what the caller may see of r.
func (s *Service) viewOf(ctx context.Context, r record) (View, error) {
	a := actor.From(ctx)
	mgr, own := manages(a), owns(a, r.OrgID)
	if !mgr && (!own && r.Status != StatusActive || r.MergedInto != 0) {
		return View{}, notFound()
	}
	today := s.Today()
	v := View{Own: own, CanEdit: (mgr || own) && r.MergedInto == 0, CanManage: mgr, MergedInto: r.MergedInto}
	p := Public{
		ID: r.ID, TaxCode: r.TaxCode, Name: r.Name, NameEN: r.NameEN, ShortName: r.ShortName, LegalForm: r.LegalForm, Ownership: r.Ownership,
		FoundedYear: r.FoundedYear, Street: r.Street, WardCode: r.WardCode, WardName: s.wardName(r.WardCode),
		Phone: r.Phone, Email: r.Email, Website: r.Website, Employees: r.Employees, SectorGroup: r.SectorGroup, SizeClass: r.SizeClass,
		KeySectors: r.KeySectors, Industries: r.Industries, Materials: r.Materials, Equipment: r.Equipment, Capacity: r.Capacity,
		SupplierTier: r.SupplierTier, ExportMarkets: r.ExportMarkets, Status: r.Status, JoinedOn: r.JoinedOn,
		Claimed: r.OrgID != 0, UpdatedAt: r.UpdatedAt,
	}
	if !r.ContactPrivate && r.Contact != (Contact{}) {
		c := r.Contact
		p.Contact = &c
	}
	for _, c := range r.Customers {
		if !c.Private {
			p.Customers = append(p.Customers, c)
		}
	}
	var err error
	if p.Products, err = refs(ctx, s.db, `SELECT c.id, c.code, c.name_vi, c.name_en FROM enterprise_products l JOIN products c ON c.id = l.product_id WHERE l.enterprise_id = $1 ORDER BY c.sector, c.code`, r.ID); err != nil {
		return View{}, err
	}
	if p.Processes, err = refs(ctx, s.db, `SELECT c.id, c.code, c.name_vi, c.name_en FROM enterprise_processes l JOIN processes c ON c.id = l.process_id WHERE l.enterprise_id = $1 ORDER BY c.code`, r.ID); err != nil {
		return View{}, err
	}
	certs, err := loadCertifications(ctx, s.db, r.ID)
	if err != nil {
		return View{}, err
	}
	for _, c := range certs {
		if c.International && c.ValidOn(today) {
			p.MeetsInternationalStandards = true
		}
		c.DocumentID = 0
		p.Certifications = append(p.Certifications, c)
	}
	history, err := statusHistory(ctx, s.db, r.ID)
	if err != nil {
		return View{}, err
	}
	if n := len(history); n > 0 {
		p.StatusSince = history[n-1].From
	}
	verifs, err := verifications(ctx, s.db, r.ID)
	if err != nil {
		return View{}, err
	}
	for _, vf := range verifs {
		p.Verified = append(p.Verified, vf.Group)
	}
	p.FullyVerified = r.Verified
	v.Public = p
	if !mgr && !own {
		return v, nil
	}
	docs, err := documents(ctx, s.db, actor.From(ctx), r.ID)
	if err != nil {
		return View{}, err
	}
	v.Private = &Private{
		CharterCapitalVND: r.CharterCapitalVND, RevenueVND: r.RevenueVND, RevenueYear: r.RevenueYear,
		Contact: r.Contact, ContactPrivate: r.ContactPrivate, Customers: r.Customers, Certifications: certs,
		Documents: docs, StatusHistory: history, Verifications: verifs, OrgID: r.OrgID, Version: r.Version, CreatedAt: r.CreatedAt,
	}
	return v, nil
}

// wardName is the full name of a 2025 ward, "" when unknown.
func (s *Service) wardName(code string) string {
	if code == "" {
		return ""
	}
	if u, ok := s.units.Ward(code, vn.ReformDate()); ok {
		return u.FullName
	}
	return ""
}

// wardNameEN is a 2025 ward's name as English uses it ("Dong Anh
// Commune"), "" when unknown.
func (s *Service) wardNameEN(code string) string {
	if code == "" {
		return ""
	}
	if u, ok := s.units.Ward(code, vn.ReformDate()); ok {
		if u.Type == "phuong" {
			return u.NameEN + " Ward"
		}
		return u.NameEN + " Commune"
	}
	return ""
}

func refs(ctx context.Context, q db.Querier, query string, id int64) ([]Ref, error) {
	var out []Ref
	err := queryList(ctx, q, query, id, func(rows *sql.Rows) error {
		var r Ref
		err := rows.Scan(&r.ID, &r.Code, &r.NameVI, &r.NameEN)
		out = append(out, r)
		return err
	})
	return out, err
}
