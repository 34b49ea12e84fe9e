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

// ClaimStatus is where a claim stands.
type ClaimStatus string

// The claim statuses.
const (
	ClaimPending  ClaimStatus = "pending"
	ClaimApproved ClaimStatus = "approved"
	ClaimRejected ClaimStatus = "rejected"
)

// Claim is an enterprise user's request that their organisation be
// recognised as the holder of an enterprise's profile, with a document as
// proof (business registration certificate, letter of authorisation).
type Claim struct {
	ID             int64       `json:"id"`
	EnterpriseID   int64       `json:"enterprise_id"`
	EnterpriseName string      `json:"enterprise_name"`
	TaxCode        string      `json:"tax_code"`
	OrgID          int64       `json:"org_id"`
	OrgName        string      `json:"org_name"`
	DocumentID     int64       `json:"document_id"`
	Status         ClaimStatus `json:"status"`
	// Reason is why the claim was rejected.
	Reason        string    `json:"reason"`
	RequestedByID int64     `json:"requested_by_id"`
	RequestedBy   string    `json:"requested_by"`
	RequestedAt   time.Time `json:"requested_at"`
	DecidedByID   int64     `json:"decided_by_id"`
	DecidedBy     string    `json:"decided_by"`
	DecidedAt     time.Time `json:"decided_at"`
}

// ClaimFilter narrows Claims; zero fields do not filter.
type ClaimFilter struct {
	Status       ClaimStatus
	EnterpriseID int64
}

func conflict(field, key string) error {
	return &apperr.Error{Code: apperr.Conflict, Key: key, Fields: []apperr.FieldError{{Field: field, Key: key}}}
}

// RequestClaim asks, for the caller's organisation, to hold the enterprise
// with the given tax code (enterprise users). The proof document is
// required. Refused: an enterprise already held (Conflict), an
// organisation already holding one (Conflict: an organisation holds one
// enterprise), a second pending claim for the same enterprise by the same
// organisation (Conflict).
func (s *Service) RequestClaim(ctx context.Context, taxCode string, proof Upload) (Claim, error) {
	a, err := actor.Require(ctx, actor.Enterprise)
	if err != nil {
		return Claim{}, err
	}
	if a.OrgID == 0 {
		return Claim{}, forbidden()
	}
	var v apperr.Validation
	code := checkTaxCode(&v, taxCode)
	f, err := readUpload(proof, s.maxUpload, &v)
	if err != nil {
		return Claim{}, err
	}
	var id int64
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		var entID, holder int64
		if !v.Has("tax_code") {
			err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(org_id, 0) FROM enterprises WHERE tax_code = $1`, code).Scan(&entID, &holder)
			if errors.Is(err, sql.ErrNoRows) {
				v.Add("tax_code", "claim.no_enterprise")
			} else if err != nil {
				return apperr.Wrap(err, "find enterprise")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		switch {
		case holder == a.OrgID:
			return conflict("tax_code", "claim.already_yours")
		case holder != 0:
			return conflict("tax_code", "claim.already_claimed")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises WHERE org_id = $1`, a.OrgID).Scan(&n); err != nil {
			return apperr.Wrap(err, "find held enterprise")
		}
		if n > 0 {
			return conflict("tax_code", "claim.org_has_enterprise")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprise_claims WHERE enterprise_id = $1 AND org_id = $2 AND status = 'pending'`, entID, a.OrgID).Scan(&n); err != nil {
			return apperr.Wrap(err, "find pending claim")
		}
		if n > 0 {
			return conflict("tax_code", "claim.pending_exists")
		}
		doc, err := s.insertDocument(ctx, tx, a, entID, DocClaim, f)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO enterprise_claims (enterprise_id, org_id, document_id, status, requested_by, requested_label, requested_at)
			VALUES ($1, $2, $3, 'pending', $4, $5, $6) RETURNING id`, entID, a.OrgID, doc.ID, a.UserID, a.Label(), db.Micros(s.now())).Scan(&id)
		if db.IsUniqueViolation(err) {
			return conflict("tax_code", "claim.pending_exists")
		}
		if err != nil {
			return apperr.Wrap(err, "insert claim")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "claim", EntityID: id, Action: "create",
			After: audit.Fields{"enterprise_id": entID, "org_id": a.OrgID, "document_id": doc.ID, "status": ClaimPending}})
	})
	if err != nil {
		return Claim{}, err
	}
	return s.findClaim(ctx, s.db, id)
}

const selectClaim = `SELECT c.id, c.enterprise_id, e.name, e.tax_code, c.org_id, o.name, c.document_id, c.status, c.reason,
	c.requested_by, c.requested_label, c.requested_at, c.decided_by, c.decided_label, c.decided_at
	FROM enterprise_claims c JOIN enterprises e ON e.id = c.enterprise_id JOIN organisations o ON o.id = c.org_id`

func scanClaim(sc interface{ Scan(...any) error }) (Claim, error) {
	var c Claim
	var status string
	var req, dec int64
	err := sc.Scan(&c.ID, &c.EnterpriseID, &c.EnterpriseName, &c.TaxCode, &c.OrgID, &c.OrgName, &c.DocumentID, &status, &c.Reason,
		&c.RequestedByID, &c.RequestedBy, &req, &c.DecidedByID, &c.DecidedBy, &dec)
	c.Status, c.RequestedAt, c.DecidedAt = ClaimStatus(status), db.FromMicros(req), db.FromMicros(dec)
	return c, err
}

func (s *Service) findClaim(ctx context.Context, q db.Querier, id int64) (Claim, error) {
	c, err := scanClaim(q.QueryRowContext(ctx, selectClaim+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "claim.not_found")
	}
	return c, apperr.Wrap(err, "find claim")
}

// FindClaim returns a claim to officers, admins and the organisation that
// made it.
func (s *Service) FindClaim(ctx context.Context, id int64) (Claim, error) {
	a, err := actor.Require(ctx, actor.Officer, actor.Admin, actor.Enterprise)
	if err != nil {
		return Claim{}, err
	}
	c, err := s.findClaim(ctx, s.db, id)
	if err == nil && !manages(a) && c.OrgID != a.OrgID {
		return Claim{}, apperr.New(apperr.NotFound, "claim.not_found")
	}
	return c, err
}

// Claims lists claims, oldest first: all of them for officers and admins
// (the queue to decide, with Status pending), the organisation's own for
// an enterprise user.
func (s *Service) Claims(ctx context.Context, f ClaimFilter) ([]Claim, error) {
	a, err := actor.Require(ctx, actor.Officer, actor.Admin, actor.Enterprise)
	if err != nil {
		return nil, err
	}
	q := selectClaim + ` WHERE 1 = 1`
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		q += ` AND ` + cond + ` = $` + itoa(len(args))
	}
	if !manages(a) {
		add("c.org_id", a.OrgID)
	}
	if f.Status != "" {
		add("c.status", string(f.Status))
	}
	if f.EnterpriseID != 0 {
		add("c.enterprise_id", f.EnterpriseID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY c.id LIMIT 1000`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "list claims")
	}
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan claim")
		}
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "list claims")
}

// pendingClaim loads a claim that must still be pending.
func (s *Service) pendingClaim(ctx context.Context, tx *db.Tx, id int64) (Claim, error) {
	c, err := s.findClaim(ctx, tx, id)
	if err != nil {
		return c, err
	}
	if c.Status != ClaimPending {
		return c, apperr.New(apperr.Conflict, "claim.decided")
	}
	return c, nil
}

// ApproveClaim grants a pending claim (officers and admins): the claiming
// organisation becomes the enterprise's holder, so its users can edit the
// profile. Other pending claims on the enterprise stay pending, to be
// rejected with their own reason.
func (s *Service) ApproveClaim(ctx context.Context, id int64) (Claim, error) {
	a, err := requireManager(ctx)
	if err != nil {
		return Claim{}, err
	}
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		c, err := s.pendingClaim(ctx, tx, id)
		if err != nil {
			return err
		}
		var holder int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(org_id, 0) FROM enterprises WHERE id = $1`, c.EnterpriseID).Scan(&holder); err != nil {
			return apperr.Wrap(err, "find enterprise")
		}
		if holder != 0 {
			return apperr.New(apperr.Conflict, "claim.already_claimed")
		}
		if err := assign(ctx, tx, c.EnterpriseID, c.OrgID, s.now()); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "claim.org_has_enterprise")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enterprise_claims SET status = 'approved', decided_by = $1, decided_label = $2, decided_at = $3 WHERE id = $4`,
			a.UserID, a.Label(), db.Micros(s.now()), id); err != nil {
			return apperr.Wrap(err, "approve claim")
		}
		if err := audit.Record(ctx, tx, audit.Change{Entity: "claim", EntityID: id, Action: "approve", Before: audit.Fields{"status": ClaimPending}, After: audit.Fields{"status": ClaimApproved}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: c.EnterpriseID, Action: "assign",
			Before: audit.Fields{"org_id": 0}, After: audit.Fields{"org_id": c.OrgID, "claim_id": id}})
	})
	if err != nil {
		return Claim{}, err
	}
	return s.findClaim(ctx, s.db, id)
}

// RejectClaim refuses a pending claim with a reason, which is required and
// shown to the claimant (officers and admins).
func (s *Service) RejectClaim(ctx context.Context, id int64, reason string) (Claim, error) {
	a, err := requireManager(ctx)
	if err != nil {
		return Claim{}, err
	}
	reason = clean(reason)
	var v apperr.Validation
	if reason == "" {
		v.Add("reason", "field.required")
	}
	tooLong(&v, "reason", reason, maxText)
	if err := v.Err(); err != nil {
		return Claim{}, err
	}
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		if _, err := s.pendingClaim(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enterprise_claims SET status = 'rejected', reason = $1, decided_by = $2, decided_label = $3, decided_at = $4 WHERE id = $5`,
			reason, a.UserID, a.Label(), db.Micros(s.now()), id); err != nil {
			return apperr.Wrap(err, "reject claim")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "claim", EntityID: id, Action: "reject",
			Before: audit.Fields{"status": ClaimPending}, After: audit.Fields{"status": ClaimRejected, "reason": reason}})
	})
	if err != nil {
		return Claim{}, err
	}
	return s.findClaim(ctx, s.db, id)
}
