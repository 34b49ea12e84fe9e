package enterprise

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// ImportCert is a certificate an import row carries, as read. The
// standard is named as people write it: a catalogue code ("iso9001"), a
// designation with or without its year ("ISO 9001:2015", "IATF 16949"),
// or a title.
type ImportCert struct {
	Standard            string
	Number, Body, Scope string
	IssuedOn, ExpiresOn time.Time
}

// certPlan is what an import does with a row's certificate.
type certPlan struct {
	in       CertificationInput
	existing int64              // the certificate it updates; 0 for a new one
	before   CertificationInput // that certificate as it was
}

// standardKey reduces how a standard is written to letters and digits,
// without the year after a colon: "ISO 9001:2015" → "iso9001".
func standardKey(s string) string {
	s, _, _ = strings.Cut(s, ":")
	var b strings.Builder
	for _, r := range vn.Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// loadStandards indexes the active catalogue standards by the keys of
// their code, designation and titles.
func loadStandards(ctx context.Context, q db.Querier) (map[string]int64, error) {
	out := map[string]int64{}
	err := queryList(ctx, q, `SELECT id, code, name, title_vi, title_en FROM standards WHERE active = $1`, true, func(rows *sql.Rows) error {
		var id int64
		var names [4]string
		if err := rows.Scan(&id, &names[0], &names[1], &names[2], &names[3]); err != nil {
			return err
		}
		for _, n := range names {
			if k := standardKey(n); k != "" {
				if _, taken := out[k]; !taken {
					out[k] = id
				}
			}
		}
		return nil
	})
	return out, err
}

// certNumberKey compares certificate numbers ignoring case, spaces and
// punctuation.
func certNumberKey(s string) string { return standardKey(strings.ReplaceAll(s, ":", "")) }

// certFieldOf names, for an import, the column of a certificate field as
// checkCert reports it.
var certFieldOf = map[string]string{"standard_id": "standard", "number": "cert_number", "body": "cert_body", "scope": "cert_scope"}

// planCert checks a row's certificate for the enterprise entID (0: one
// this import creates) and finds what it does: a new certificate, or an
// update of the one of the same standard and number. Problems go to v.
func (p *planner) planCert(ctx context.Context, row *ImportRow, entID int64, code string, v *apperr.Validation) (*certPlan, ImportAction, error) {
	c := row.Cert
	if p.standards == nil {
		var err error
		if p.standards, err = loadStandards(ctx, p.q); err != nil {
			return nil, "", err
		}
	}
	stdID, ok := p.standards[standardKey(c.Standard)]
	switch {
	case strings.TrimSpace(c.Standard) == "":
		v.Add("standard", "field.required")
	case !ok:
		v.Add("standard", "import.standard_unknown", "value", c.Standard)
	}
	in := CertificationInput{StandardID: stdID, Number: c.Number, Body: c.Body, Scope: c.Scope, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn}
	var checked apperr.Validation
	if ok {
		if err := checkCert(ctx, p.q, entID, &in, 0, &checked); err != nil {
			return nil, "", err
		}
	}
	if err := checked.Err(); err != nil {
		for _, f := range apperr.As(err).Fields {
			field := f.Field
			if x, ok := certFieldOf[field]; ok {
				field = x
			}
			if !v.Has(field) {
				v.Add(field, f.Key, argPairs(f.Args)...)
			}
		}
	}
	if v.Err() != nil {
		return nil, "", nil
	}
	key := code + "|" + strconv.FormatInt(stdID, 10) + "|" + certNumberKey(in.Number)
	if line, dup := p.certSeen[key]; dup {
		v.Add("cert_number", "import.duplicate_in_file", "line", line)
		return nil, "", nil
	}
	p.certSeen[key] = row.Line
	plan := &certPlan{in: in}
	if entID == 0 {
		return plan, ImportCreate, nil
	}
	existing, err := queryCerts(ctx, p.q, selectCert+` WHERE c.enterprise_id = $1 AND c.standard_id = $2 AND c.removed_at = 0`, entID, stdID)
	if err != nil {
		return nil, "", err
	}
	for _, e := range existing {
		if certNumberKey(e.Number) != certNumberKey(in.Number) {
			continue
		}
		before := CertificationInput{StandardID: e.StandardID, Number: e.Number, Body: e.Body, Scope: e.Scope, IssuedOn: e.IssuedOn, ExpiresOn: e.ExpiresOn, DocumentID: e.DocumentID}
		after := in
		after.DocumentID = e.DocumentID
		if after.Number == before.Number && after.Body == before.Body && after.Scope == before.Scope &&
			after.IssuedOn.Equal(before.IssuedOn) && after.ExpiresOn.Equal(before.ExpiresOn) {
			return nil, ImportUnchanged, nil
		}
		plan.existing, plan.before, plan.in = e.ID, before, after
		return plan, ImportUpdate, nil
	}
	return plan, ImportCreate, nil
}

// queryCerts reads certificates.
func queryCerts(ctx context.Context, q db.Querier, query string, args ...any) ([]Certification, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "list certifications")
	}
	defer rows.Close()
	var out []Certification
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan certification")
		}
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "list certifications")
}

// writeCert applies a row's certificate to the enterprise id, which
// exists by now.
func (s *Service) writeCert(ctx context.Context, tx *db.Tx, id int64, c *certPlan) error {
	if c.existing != 0 {
		return s.updateCert(ctx, tx, c.existing, id, c.before, c.in, true)
	}
	_, err := s.insertCert(ctx, tx, id, c.in, true)
	return err
}

func (c *certPlan) bulk() bulkCert {
	return bulkCert{standardID: c.in.StandardID, number: c.in.Number, body: c.in.Body, scope: c.in.Scope, issuedOn: c.in.IssuedOn, expiresOn: c.in.ExpiresOn}
}
