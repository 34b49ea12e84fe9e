package enterprise

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// statusHistory reads an enterprise's status periods, oldest first.
func statusHistory(ctx context.Context, q db.Querier, id int64) ([]StatusPeriod, error) {
	var out []StatusPeriod
	err := queryList(ctx, q, `SELECT status, from_on, to_on, note FROM enterprise_status WHERE enterprise_id = $1 ORDER BY from_on`, id, func(rows *sql.Rows) error {
		var p StatusPeriod
		var st, from, to string
		err := rows.Scan(&st, &from, &to, &p.Note)
		p.Status, p.From, p.To = Status(st), parseDate(from), parseDate(to)
		out = append(out, p)
		return err
	})
	return out, err
}

// SetStatus records that an enterprise's status changed on a day (officers
// and admins): the current period ends on that day and a new one begins.
// The day may be in the past, back to the start of the current period
// (changing the status on the day the current period began replaces it),
// but not in the future; the zero time means today. Counts as of any day
// follow the periods.
func (s *Service) SetStatus(ctx context.Context, id int64, status Status, on time.Time, note string) error {
	if _, err := requireManager(ctx); err != nil {
		return err
	}
	today := s.Today()
	on = civil(on)
	if on.IsZero() {
		on = today
	}
	note = clean(note)
	var v apperr.Validation
	if !status.Valid() {
		v.Add("status", "field.choose")
	}
	if on.After(today) {
		v.Add("on", "enterprise.date_future")
	}
	tooLong(&v, "note", note, maxLine)
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		if ids, err := queryIDs(ctx, tx, `SELECT id FROM enterprises WHERE id = $1 AND merged_into <> 0`, id); err != nil || len(ids) > 0 {
			if err == nil {
				err = mergedAway()
			}
			return err
		}
		periods, err := statusHistory(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(periods) == 0 {
			return notFound()
		}
		last := periods[len(periods)-1]
		if status == last.Status {
			v.Add("status", "enterprise.status_unchanged")
		}
		if on.Before(last.From) {
			v.Add("on", "enterprise.status_date_order", "min", last.From)
		}
		if err := v.Err(); err != nil {
			return err
		}
		switch {
		case on.Equal(last.From) && len(periods) > 1 && periods[len(periods)-2].Status == status:
			// Undoing a change made the same day: the previous period
			// simply continues.
			if _, err := tx.ExecContext(ctx, `DELETE FROM enterprise_status WHERE enterprise_id = $1 AND from_on = $2`, id, dateStr(last.From)); err != nil {
				return apperr.Wrap(err, "delete status")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE enterprise_status SET to_on = $1 WHERE enterprise_id = $2 AND from_on = $3`, openEnd, id, dateStr(periods[len(periods)-2].From)); err != nil {
				return apperr.Wrap(err, "reopen status")
			}
		case on.Equal(last.From):
			if _, err := tx.ExecContext(ctx, `UPDATE enterprise_status SET status = $1, note = $2 WHERE enterprise_id = $3 AND from_on = $4`, string(status), note, id, dateStr(last.From)); err != nil {
				return apperr.Wrap(err, "replace status")
			}
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE enterprise_status SET to_on = $1 WHERE enterprise_id = $2 AND from_on = $3`, dateStr(on), id, dateStr(last.From)); err != nil {
				return apperr.Wrap(err, "close status")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_status (enterprise_id, from_on, to_on, status, note) VALUES ($1, $2, $3, $4, $5)`, id, dateStr(on), openEnd, string(status), note); err != nil {
				return apperr.Wrap(err, "insert status")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET status = $1, updated_at = $2 WHERE id = $3`, string(status), db.Micros(s.now()), id); err != nil {
			return apperr.Wrap(err, "set status")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: id, Action: "status",
			Before: audit.Fields{"status": last.Status}, After: audit.Fields{"status": status, "on": dateStr(on), "note": note}})
	})
}

// SetJoinedOn corrects the day an enterprise entered the registry
// (officers and admins). It moves the start of the first status period,
// so it must stay before that period's end.
func (s *Service) SetJoinedOn(ctx context.Context, id int64, on time.Time) error {
	if _, err := requireManager(ctx); err != nil {
		return err
	}
	on = civil(on)
	today := s.Today()
	var v apperr.Validation
	if on.IsZero() || on.After(today) || on.Before(earliestDate()) {
		v.Add("joined_on", "enterprise.date_range", "min", earliestDate(), "max", today)
		return v.Err()
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		periods, err := statusHistory(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(periods) == 0 {
			return notFound()
		}
		first := periods[0]
		if !first.To.IsZero() && !on.Before(first.To) {
			v.Add("joined_on", "enterprise.joined_after_change", "max", first.To)
			return v.Err()
		}
		if on.Equal(first.From) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enterprise_status SET from_on = $1 WHERE enterprise_id = $2 AND from_on = $3`, dateStr(on), id, dateStr(first.From)); err != nil {
			return apperr.Wrap(err, "move status")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET joined_on = $1, updated_at = $2 WHERE id = $3`, dateStr(on), db.Micros(s.now()), id); err != nil {
			return apperr.Wrap(err, "set joined_on")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: id, Action: "update",
			Before: audit.Fields{"joined_on": dateStr(first.From)}, After: audit.Fields{"joined_on": dateStr(on)}})
	})
}

// verifications reads which field groups are verified, in list order.
func verifications(ctx context.Context, q db.Querier, id int64) ([]Verification, error) {
	var out []Verification
	err := queryList(ctx, q, `SELECT field_group, verified_at, verified_by, verified_label FROM enterprise_verifications WHERE enterprise_id = $1`, id, func(rows *sql.Rows) error {
		var v Verification
		var g string
		var at int64
		err := rows.Scan(&g, &at, &v.ByID, &v.ByLabel)
		v.Group, v.At = FieldGroup(g), db.FromMicros(at)
		out = append(out, v)
		return err
	})
	order := FieldGroupChoices()
	slices.SortFunc(out, func(a, b Verification) int {
		return slices.IndexFunc(order, func(c Choice) bool { return c.Code == string(a.Group) }) -
			slices.IndexFunc(order, func(c Choice) bool { return c.Code == string(b.Group) })
	})
	return out, err
}

// Verify marks field groups of an enterprise as checked by the calling
// officer (officers and admins); none given means every group.
func (s *Service) Verify(ctx context.Context, id int64, groups ...FieldGroup) error {
	a, err := requireManager(ctx)
	if err != nil {
		return err
	}
	groups, err = checkGroups(groups)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		if err := exists(ctx, tx, id); err != nil {
			return err
		}
		at := db.Micros(s.now())
		for _, g := range groups {
			if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_verifications (enterprise_id, field_group, verified_at, verified_by, verified_label) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (enterprise_id, field_group) DO UPDATE SET verified_at = excluded.verified_at, verified_by = excluded.verified_by, verified_label = excluded.verified_label`,
				id, string(g), at, a.UserID, a.Label()); err != nil {
				return apperr.Wrap(err, "verify")
			}
		}
		if err := updateVerified(ctx, tx, id, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: id, Action: "verify", After: audit.Fields{"verified": groups}})
	})
}

// Unverify removes the verification of field groups (officers and
// admins); none given means every group.
func (s *Service) Unverify(ctx context.Context, id int64, groups ...FieldGroup) error {
	if _, err := requireManager(ctx); err != nil {
		return err
	}
	groups, err := checkGroups(groups)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		if err := exists(ctx, tx, id); err != nil {
			return err
		}
		cleared, err := clearVerifications(ctx, tx, id, groups, s.now())
		if err != nil || len(cleared) == 0 {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: id, Action: "unverify", After: audit.Fields{"unverified": cleared}})
	})
}

func checkGroups(groups []FieldGroup) ([]FieldGroup, error) {
	if len(groups) == 0 {
		for _, c := range FieldGroupChoices() {
			groups = append(groups, FieldGroup(c.Code))
		}
	}
	for _, g := range groups {
		if !g.Valid() {
			var v apperr.Validation
			v.Add("groups", "field.choose")
			return nil, v.Err()
		}
	}
	return dedupe(groups), nil
}

func exists(ctx context.Context, q db.Querier, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises WHERE id = $1`, id).Scan(&n); err != nil {
		return apperr.Wrap(err, "find enterprise")
	}
	if n == 0 {
		return notFound()
	}
	return nil
}

// clearVerifications removes the verification of groups and returns those
// that were verified.
func clearVerifications(ctx context.Context, tx *db.Tx, id int64, groups []FieldGroup, now time.Time) ([]FieldGroup, error) {
	var cleared []FieldGroup
	for _, g := range groups {
		res, err := tx.ExecContext(ctx, `DELETE FROM enterprise_verifications WHERE enterprise_id = $1 AND field_group = $2`, id, string(g))
		if err != nil {
			return nil, apperr.Wrap(err, "unverify")
		}
		if n, _ := res.RowsAffected(); n > 0 {
			cleared = append(cleared, g)
		}
	}
	if len(cleared) == 0 {
		return nil, nil
	}
	return cleared, updateVerified(ctx, tx, id, now)
}

// updateVerified keeps the enterprise's verified flag (every group
// verified), which listings filter on, in step with its verifications.
func updateVerified(ctx context.Context, tx *db.Tx, id int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE enterprises SET verified = CASE WHEN (SELECT COUNT(*) FROM enterprise_verifications WHERE enterprise_id = $1) >= $2 THEN TRUE ELSE FALSE END,
		updated_at = $3 WHERE id = $1`, id, len(FieldGroupChoices()), db.Micros(now))
	return apperr.Wrap(err, "update verified")
}

// AssignOrganisation sets the organisation that holds an enterprise
// (officers and admins); 0 releases it. ApproveClaim does this for a
// claim; this is for setting up and for correcting a holder (staff left,
// company re-registered). The organisation must be of kind enterprise and
// hold no other enterprise.
func (s *Service) AssignOrganisation(ctx context.Context, id, orgID int64) error {
	if _, err := requireManager(ctx); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error {
		var old int64
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(org_id, 0) FROM enterprises WHERE id = $1`, id).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound()
		}
		if err != nil {
			return apperr.Wrap(err, "find enterprise")
		}
		if old == orgID {
			return nil
		}
		if err := assign(ctx, tx, id, orgID, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "enterprise", EntityID: id, Action: "assign", Before: audit.Fields{"org_id": old}, After: audit.Fields{"org_id": orgID}})
	})
}

// assign links an organisation to an enterprise after checking it may
// hold it.
func assign(ctx context.Context, tx *db.Tx, id, orgID int64, now time.Time) error {
	var org any
	if orgID != 0 {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, orgID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) || err == nil && kind != "enterprise" {
			var v apperr.Validation
			v.Add("org_id", "field.choose")
			return v.Err()
		}
		if err != nil {
			return apperr.Wrap(err, "find organisation")
		}
		var other int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE org_id = $1`, orgID).Scan(&other)
		if err == nil && other != id {
			return &apperr.Error{Code: apperr.Conflict, Key: "enterprise.org_taken", Fields: []apperr.FieldError{{Field: "org_id", Key: "enterprise.org_taken"}}}
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return apperr.Wrap(err, "find held enterprise")
		}
		org = orgID
	}
	_, err := tx.ExecContext(ctx, `UPDATE enterprises SET org_id = $1, updated_at = $2 WHERE id = $3`, org, db.Micros(now), id)
	return apperr.Wrap(err, "assign organisation")
}

// History returns the change log of an enterprise — its own entries and
// those of its certifications, documents and claims — newest first, for
// the profile's timeline. Officers and admins may read any; an enterprise
// its own (the entries hold private fields, so nobody else may).
func (s *Service) History(ctx context.Context, id int64) ([]audit.Entry, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	var orgID int64
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(org_id, 0) FROM enterprises WHERE id = $1`, id).Scan(&orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, apperr.Wrap(err, "find enterprise")
	}
	if !manages(a) && !owns(a, orgID) {
		return nil, forbidden()
	}
	out, err := audit.HistoryUnchecked(ctx, s.db, "enterprise", id)
	if err != nil {
		return nil, err
	}
	// A profile merged into this one brought its history along.
	merged, err := mergedIDs(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	for _, m := range merged {
		es, err := audit.HistoryUnchecked(ctx, s.db, "enterprise", m)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	// An imported profile was created in its import's one entry (once,
	// when a profile merged into it came from the same import). Its file
	// and counts are the office's business.
	loads, err := audit.Covering(ctx, s.db, append([]int64{id}, merged...)...)
	if err != nil {
		return nil, err
	}
	for _, e := range loads {
		if !manages(a) {
			e.After = nil
		}
		out = append(out, e)
	}
	// Each related row comes with the organisation it belongs to (0: the
	// enterprise's own); the enterprise does not read other
	// organisations' claims on it, nor their proofs.
	for _, rel := range []struct{ entity, query string }{
		{"certification", `SELECT id, 0 FROM certifications WHERE enterprise_id = $1`},
		{"document", `SELECT id, CASE WHEN kind = 'claim' THEN uploader_org_id ELSE 0 END FROM documents WHERE enterprise_id = $1`},
		{"claim", `SELECT id, org_id FROM enterprise_claims WHERE enterprise_id = $1`},
	} {
		var ids []int64
		if err := queryList(ctx, s.db, rel.query, id, func(rows *sql.Rows) error {
			var x, org int64
			err := rows.Scan(&x, &org)
			if manages(a) || org == 0 || org == a.OrgID {
				ids = append(ids, x)
			}
			return err
		}); err != nil {
			return nil, err
		}
		for _, x := range ids {
			es, err := audit.HistoryUnchecked(ctx, s.db, rel.entity, x)
			if err != nil {
				return nil, err
			}
			out = append(out, es...)
		}
	}
	slices.SortFunc(out, func(a, b audit.Entry) int { return cmp.Compare(b.Seq, a.Seq) })
	return out, nil
}
