package enterprise

import (
	"context"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
)

// ExportItem is one enterprise as an export or the open data writes it.
// Private fields (capital, revenue, a private contact) are empty unless
// the export is an officer's.
type ExportItem struct {
	ID       int64
	Profile  Profile
	WardName string
	Status   Status
	JoinedOn time.Time
}

// Export streams the enterprises f selects to each, in Vietnamese name
// order, without holding them all in memory. Officers and admins get every
// field of every enterprise; anyone else — the open data — the public
// fields of active enterprises only.
func (s *Service) Export(ctx context.Context, f Filter, each func(ExportItem) error) error {
	if err := checkFilter(&f); err != nil {
		return err
	}
	mgr := manages(actor.From(ctx))
	if !mgr {
		f.Status = StatusActive
	}
	var w where
	if err := unmerged(ctx, s.db, &w); err != nil {
		return err
	}
	filterSQL(f, dateStr(s.Today()), &w)
	if f.Status != "" {
		w.add(`e.status = ` + w.arg(string(f.Status)))
	}
	// The key sectors of the selected enterprises come first, in one
	// query, so that the main query then streams alone.
	sectors := map[int64][]KeySector{}
	rows, err := s.db.QueryContext(ctx, `SELECT es.enterprise_id, es.sector FROM enterprise_sectors es JOIN enterprises e ON e.id = es.enterprise_id`+w.sql()+` ORDER BY es.enterprise_id, es.sector`, w.args...)
	if err != nil {
		return apperr.Wrap(err, "export sectors")
	}
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return apperr.Wrap(err, "export sectors")
		}
		sectors[id] = append(sectors[id], KeySector(k))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "export sectors")
	}
	rows, err = s.db.QueryContext(ctx, selectRecord+w.sql()+` ORDER BY e.name_key, e.id`, w.args...)
	if err != nil {
		return apperr.Wrap(err, "export")
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return apperr.Wrap(err, "export")
		}
		it := ExportItem{ID: r.ID, Profile: r.Profile, WardName: s.wardName(r.WardCode), Status: r.Status, JoinedOn: r.JoinedOn}
		it.Profile.KeySectors = sectors[r.ID]
		if !mgr {
			publicOnly(&it.Profile)
		}
		if err := each(it); err != nil {
			return err
		}
	}
	return apperr.Wrap(rows.Err(), "export")
}

// publicOnly clears what only officers and the enterprise may read.
func publicOnly(p *Profile) {
	p.CharterCapitalVND, p.RevenueVND, p.RevenueYear = nil, nil, 0
	if p.ContactPrivate {
		p.Contact = Contact{}
	}
	p.Customers = nil
}
