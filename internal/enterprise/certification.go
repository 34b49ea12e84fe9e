package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// Certification is a certificate an enterprise holds: a dated fact. It is
// valid on day D when IssuedOn <= D < ExpiresOn — it stops counting on its
// expiry date, as DOMAIN.md says; a certificate printed "valid until
// 14/03/2027" is entered as expiring on 15/03/2027 if it should count on
// the 14th.
type Certification struct {
	ID            int64     `json:"id"`
	EnterpriseID  int64     `json:"enterprise_id"`
	StandardID    int64     `json:"standard_id"`
	StandardCode  string    `json:"standard_code"`
	StandardName  string    `json:"standard_name"`
	International bool      `json:"international"`
	Number        string    `json:"number"`
	Body          string    `json:"body"` // the certification body
	Scope         string    `json:"scope"`
	IssuedOn      time.Time `json:"issued_on"`
	ExpiresOn     time.Time `json:"expires_on"`
	// DocumentID is the scanned certificate, 0 when none (and always 0 in
	// Public views: documents are private).
	DocumentID int64     `json:"document_id"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// ValidOn reports whether the certificate is valid on day d.
func (c Certification) ValidOn(d time.Time) bool {
	d = civil(d)
	return !d.Before(c.IssuedOn) && d.Before(c.ExpiresOn)
}

// CertificationInput is what an officer or the enterprise types for a
// certificate.
type CertificationInput struct {
	StandardID int64     `json:"standard_id"`
	Number     string    `json:"number"`
	Body       string    `json:"body"`
	Scope      string    `json:"scope"`
	IssuedOn   time.Time `json:"issued_on"`
	ExpiresOn  time.Time `json:"expires_on"`
	DocumentID int64     `json:"document_id"`
	// Document, when set, is a scan of the certificate stored with it in
	// the same transaction (AddCertification): a refused certificate
	// leaves no file behind. Its problems are reported on field "document".
	Document *Upload `json:"-"`
}

const certCols = `c.id, c.enterprise_id, c.standard_id, st.code, st.name, st.international, c.number, c.body, c.scope,
	c.issued_on, c.expires_on, COALESCE(c.document_id, 0), c.created_at, c.updated_at`

const selectCert = `SELECT ` + certCols + ` FROM certifications c JOIN standards st ON st.id = c.standard_id`

func scanCert(sc interface{ Scan(...any) error }) (Certification, error) {
	var c Certification
	var issued, expires string
	var created, updated int64
	err := sc.Scan(&c.ID, &c.EnterpriseID, &c.StandardID, &c.StandardCode, &c.StandardName, &c.International, &c.Number, &c.Body, &c.Scope,
		&issued, &expires, &c.DocumentID, &created, &updated)
	c.IssuedOn, c.ExpiresOn = parseDate(issued), parseDate(expires)
	c.CreatedAt, c.UpdatedAt = db.FromMicros(created), db.FromMicros(updated)
	return c, err
}

// loadCertifications reads an enterprise's certificates, newest first.
func loadCertifications(ctx context.Context, q db.Querier, id int64) ([]Certification, error) {
	var out []Certification
	err := queryList(ctx, q, selectCert+` WHERE c.enterprise_id = $1 AND c.removed_at = 0 ORDER BY c.issued_on DESC, c.id DESC`, id, func(rows *sql.Rows) error {
		c, err := scanCert(rows)
		out = append(out, c)
		return err
	})
	return out, err
}

// Certifications lists an enterprise's certificates, newest first, to
// whoever may see the enterprise; document links only to those who may
// read its documents.
func (s *Service) Certifications(ctx context.Context, enterpriseID int64) ([]Certification, error) {
	v, err := s.FindEnterprise(ctx, enterpriseID)
	if err != nil {
		return nil, err
	}
	if v.Private != nil {
		return v.Private.Certifications, nil
	}
	return v.Public.Certifications, nil
}

// certOwner loads the enterprise's holder and checks the caller may change
// its certificates: officers, admins, or the enterprise itself.
func certOwner(ctx context.Context, q db.Querier, a actor.Actor, enterpriseID int64) (mgr bool, err error) {
	var orgID, mergedInto int64
	err = q.QueryRowContext(ctx, `SELECT COALESCE(org_id, 0), merged_into FROM enterprises WHERE id = $1`, enterpriseID).Scan(&orgID, &mergedInto)
	if errors.Is(err, sql.ErrNoRows) {
		return false, notFound()
	}
	if err != nil {
		return false, apperr.Wrap(err, "find enterprise")
	}
	if mergedInto != 0 {
		return false, mergedAway()
	}
	mgr = manages(a)
	if !mgr && !owns(a, orgID) {
		return false, forbidden()
	}
	return mgr, nil
}

// checkCert normalises and checks a certificate; the standard must be an
// active catalogue entry (or the one the certificate already has), the
// document one of the enterprise's own.
func checkCert(ctx context.Context, q db.Querier, enterpriseID int64, in *CertificationInput, currentStandard int64, v *apperr.Validation) error {
	in.Number, in.Body, in.Scope = clean(in.Number), clean(in.Body), clean(in.Scope)
	in.IssuedOn, in.ExpiresOn = civil(in.IssuedOn), civil(in.ExpiresOn)
	var active bool
	err := q.QueryRowContext(ctx, `SELECT active FROM standards WHERE id = $1`, in.StandardID).Scan(&active)
	switch {
	case errors.Is(err, sql.ErrNoRows), err == nil && !active && in.StandardID != currentStandard:
		v.Add("standard_id", "field.choose")
	case err != nil:
		return apperr.Wrap(err, "find standard")
	}
	if in.Number == "" {
		v.Add("number", "field.required")
	}
	tooLong(v, "number", in.Number, maxContact)
	if in.Body == "" {
		v.Add("body", "field.required")
	}
	tooLong(v, "body", in.Body, maxContact)
	tooLong(v, "scope", in.Scope, maxText)
	if in.IssuedOn.IsZero() {
		v.Add("issued_on", "field.required")
	} else if in.IssuedOn.Before(earliestDate()) {
		v.Add("issued_on", "enterprise.date_range", "min", earliestDate(), "max", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
	}
	if in.ExpiresOn.IsZero() {
		v.Add("expires_on", "field.required")
	} else if !in.IssuedOn.IsZero() && !in.ExpiresOn.After(in.IssuedOn) {
		v.Add("expires_on", "certification.expiry_order")
	}
	if in.DocumentID != 0 {
		var owner int64
		err := q.QueryRowContext(ctx, `SELECT enterprise_id FROM documents WHERE id = $1`, in.DocumentID).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) || err == nil && owner != enterpriseID {
			v.Add("document_id", "field.choose")
		} else if err != nil {
			return apperr.Wrap(err, "find document")
		}
	}
	return nil
}

func (in *CertificationInput) fields(enterpriseID int64) audit.Fields {
	return audit.Fields{"enterprise_id": enterpriseID, "standard_id": in.StandardID, "number": in.Number, "body": in.Body, "scope": in.Scope,
		"issued_on": dateStr(in.IssuedOn), "expires_on": dateStr(in.ExpiresOn), "document_id": in.DocumentID}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AddCertification records a certificate of an enterprise (officers,
// admins, or the enterprise itself — whose addition clears the
// certifications group's verification).
func (s *Service) AddCertification(ctx context.Context, enterpriseID int64, in CertificationInput) (Certification, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Certification{}, err
	}
	// Permission first, so that a caller who may not add is refused
	// before any file is read.
	if _, err := certOwner(ctx, s.db, a, enterpriseID); err != nil {
		return Certification{}, err
	}
	var scan received
	var fileProblems apperr.Validation
	if in.Document != nil {
		if scan, err = readUpload(*in.Document, s.maxUpload, &fileProblems); err != nil {
			return Certification{}, err
		}
	}
	var id int64
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		mgr, err := certOwner(ctx, tx, a, enterpriseID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if err := fileProblems.Err(); err != nil {
			for _, f := range apperr.As(err).Fields {
				v.Add("document", f.Key, argPairs(f.Args)...)
			}
		}
		if err := checkCert(ctx, tx, enterpriseID, &in, 0, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if in.Document != nil {
			doc, err := s.insertDocument(ctx, tx, a, enterpriseID, DocCertificate, scan)
			if err != nil {
				return err
			}
			in.DocumentID = doc.ID
		}
		id, err = s.insertCert(ctx, tx, enterpriseID, in, mgr)
		return err
	})
	if err != nil {
		return Certification{}, err
	}
	return s.findCert(ctx, id)
}

// insertCert writes a checked certificate with its audit entry.
func (s *Service) insertCert(ctx context.Context, tx *db.Tx, enterpriseID int64, in CertificationInput, mgr bool) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO certifications (enterprise_id, standard_id, number, body, scope, issued_on, expires_on, document_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		enterpriseID, in.StandardID, in.Number, in.Body, in.Scope, dateStr(in.IssuedOn), dateStr(in.ExpiresOn), nullID(in.DocumentID), db.Micros(s.now())).Scan(&id); err != nil {
		return 0, apperr.Wrap(err, "insert certification")
	}
	if err := s.touchCerts(ctx, tx, enterpriseID, mgr); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Change{Entity: "certification", EntityID: id, Action: "create", After: in.fields(enterpriseID)})
}

// updateCert writes a checked change to a certificate with its audit
// entry.
func (s *Service) updateCert(ctx context.Context, tx *db.Tx, id, enterpriseID int64, before, in CertificationInput, mgr bool) error {
	if _, err := tx.ExecContext(ctx, `UPDATE certifications SET standard_id = $1, number = $2, body = $3, scope = $4, issued_on = $5, expires_on = $6, document_id = $7, updated_at = $8 WHERE id = $9`,
		in.StandardID, in.Number, in.Body, in.Scope, dateStr(in.IssuedOn), dateStr(in.ExpiresOn), nullID(in.DocumentID), db.Micros(s.now()), id); err != nil {
		return apperr.Wrap(err, "update certification")
	}
	if err := s.touchCerts(ctx, tx, enterpriseID, mgr); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Change{Entity: "certification", EntityID: id, Action: "update", Before: before.fields(enterpriseID), After: in.fields(enterpriseID)})
}

// touchCerts marks the enterprise changed and, when the change is the
// enterprise's own, clears the verification of its certifications.
func (s *Service) touchCerts(ctx context.Context, tx *db.Tx, enterpriseID int64, mgr bool) error {
	if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET updated_at = $1 WHERE id = $2`, db.Micros(s.now()), enterpriseID); err != nil {
		return apperr.Wrap(err, "touch enterprise")
	}
	if mgr {
		return nil
	}
	_, err := clearVerifications(ctx, tx, enterpriseID, []FieldGroup{GroupCertifications}, s.now())
	return err
}

func (s *Service) findCert(ctx context.Context, id int64) (Certification, error) {
	c, err := scanCert(s.db.QueryRowContext(ctx, selectCert+` WHERE c.id = $1 AND c.removed_at = 0`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "certification.not_found")
	}
	return c, apperr.Wrap(err, "find certification")
}

// UpdateCertification corrects a certificate (same callers as
// AddCertification). A renewal is a new certificate, not an update, so
// that the old one keeps counting for the days it covered.
func (s *Service) UpdateCertification(ctx context.Context, id int64, in CertificationInput) (Certification, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Certification{}, err
	}
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		cur, err := scanCert(tx.QueryRowContext(ctx, selectCert+` WHERE c.id = $1 AND c.removed_at = 0`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "certification.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "find certification")
		}
		mgr, err := certOwner(ctx, tx, a, cur.EnterpriseID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if err := checkCert(ctx, tx, cur.EnterpriseID, &in, cur.StandardID, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := CertificationInput{StandardID: cur.StandardID, Number: cur.Number, Body: cur.Body, Scope: cur.Scope, IssuedOn: cur.IssuedOn, ExpiresOn: cur.ExpiresOn, DocumentID: cur.DocumentID}
		return s.updateCert(ctx, tx, id, cur.EnterpriseID, before, in, mgr)
	})
	if err != nil {
		return Certification{}, err
	}
	return s.findCert(ctx, id)
}

// DeleteCertification removes a certificate entered by mistake (same
// callers as AddCertification). The row is kept, marked removed, so that
// its history stays on the enterprise's timeline; it no longer counts on
// any date.
func (s *Service) DeleteCertification(ctx context.Context, id int64) error {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		cur, err := scanCert(tx.QueryRowContext(ctx, selectCert+` WHERE c.id = $1 AND c.removed_at = 0`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "certification.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "find certification")
		}
		mgr, err := certOwner(ctx, tx, a, cur.EnterpriseID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE certifications SET removed_at = $1 WHERE id = $2`, db.Micros(s.now()), id); err != nil {
			return apperr.Wrap(err, "remove certification")
		}
		if err := s.touchCerts(ctx, tx, cur.EnterpriseID, mgr); err != nil {
			return err
		}
		before := CertificationInput{StandardID: cur.StandardID, Number: cur.Number, Body: cur.Body, Scope: cur.Scope, IssuedOn: cur.IssuedOn, ExpiresOn: cur.ExpiresOn, DocumentID: cur.DocumentID}
		return audit.Record(ctx, tx, audit.Change{Entity: "certification", EntityID: id, Action: "delete", Before: before.fields(cur.EnterpriseID)})
	})
}

// intlOn is the SQL condition "enterprise e.id holds, on day $n, a valid
// certificate of a standard marked international".
func intlOn(n string) string {
	return `EXISTS (SELECT 1 FROM certifications c JOIN standards st ON st.id = c.standard_id
		WHERE c.enterprise_id = e.id AND st.international AND c.removed_at = 0 AND c.issued_on <= ` + n + ` AND c.expires_on > ` + n + `)`
}

// MeetsInternationalStandards reports whether an enterprise met
// international standards on day d: it held a certificate, valid that day
// (issued on or before d, expiring after d), of a standard an admin marks
// as international. Anyone who may see the enterprise may ask.
func (s *Service) MeetsInternationalStandards(ctx context.Context, enterpriseID int64, d time.Time) (bool, error) {
	var orgID int64
	var status string
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(org_id, 0), status FROM enterprises WHERE id = $1`, enterpriseID).Scan(&orgID, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return false, notFound()
	}
	if err != nil {
		return false, apperr.Wrap(err, "find enterprise")
	}
	a := actor.From(ctx)
	if Status(status) != StatusActive && !manages(a) && !owns(a, orgID) {
		return false, notFound()
	}
	var ok bool
	err = s.db.QueryRowContext(ctx, `SELECT CASE WHEN `+intlOn("$2")+` THEN TRUE ELSE FALSE END FROM enterprises e WHERE e.id = $1`, enterpriseID, dateStr(d)).Scan(&ok)
	return ok, apperr.Wrap(err, "international standards")
}

// ExpiringCertificate is a certificate that expires soon, with its
// enterprise, for the officers' reminder list.
type ExpiringCertificate struct {
	Certification
	EnterpriseName string `json:"enterprise_name"`
	TaxCode        string `json:"tax_code"`
	// DaysLeft is the number of days from today to the expiry date.
	DaysLeft int `json:"days_left"`
}

// ExpiringCertificates lists the certificates valid today that expire
// within the given number of days (90 if 0 or less), soonest first:
// every enterprise's for officers and admins, the caller's own for an
// enterprise user, Forbidden for others. Certificates already renewed
// (another certificate of the same standard valid after the expiry) are
// left out: there is nothing to remind.
func (s *Service) ExpiringCertificates(ctx context.Context, withinDays int) ([]ExpiringCertificate, error) {
	a, err := actor.Require(ctx, actor.Officer, actor.Admin, actor.Enterprise)
	if err != nil {
		return nil, err
	}
	if withinDays <= 0 {
		withinDays = 90
	}
	today := s.Today()
	until := today.AddDate(0, 0, withinDays)
	q := `SELECT ` + certCols + `, e.name, e.tax_code FROM certifications c JOIN standards st ON st.id = c.standard_id JOIN enterprises e ON e.id = c.enterprise_id
		WHERE c.removed_at = 0 AND c.issued_on <= $1 AND c.expires_on > $1 AND c.expires_on <= $2
		AND NOT EXISTS (SELECT 1 FROM certifications n WHERE n.enterprise_id = c.enterprise_id AND n.standard_id = c.standard_id
			AND n.removed_at = 0 AND n.id <> c.id AND n.issued_on <= c.expires_on AND n.expires_on > c.expires_on)`
	args := []any{dateStr(today), dateStr(until)}
	if manages(a) {
		q += ` AND e.status = 'active'`
	} else {
		q += ` AND e.org_id = $3`
		args = append(args, a.OrgID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY c.expires_on, c.id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "expiring certificates")
	}
	defer rows.Close()
	var out []ExpiringCertificate
	for rows.Next() {
		var issued, expires string
		var created, updated int64
		var e ExpiringCertificate
		c := &e.Certification
		if err := rows.Scan(&c.ID, &c.EnterpriseID, &c.StandardID, &c.StandardCode, &c.StandardName, &c.International, &c.Number, &c.Body, &c.Scope,
			&issued, &expires, &c.DocumentID, &created, &updated, &e.EnterpriseName, &e.TaxCode); err != nil {
			return nil, apperr.Wrap(err, "scan certificate")
		}
		c.IssuedOn, c.ExpiresOn = parseDate(issued), parseDate(expires)
		c.CreatedAt, c.UpdatedAt = db.FromMicros(created), db.FromMicros(updated)
		e.DaysLeft = int(c.ExpiresOn.Sub(today).Hours() / 24)
		out = append(out, e)
	}
	return out, apperr.Wrap(rows.Err(), "expiring certificates")
}

// argPairs turns a field error's arguments back into Add's key-value list.
func argPairs(m map[string]any) []any {
	out := make([]any, 0, 2*len(m))
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}
