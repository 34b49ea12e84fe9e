package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// record is an enterprise row with its lists: the profile as typed and
// what is derived or managed alongside it.
type record struct {
	ID int64
	Profile
	SizeClass vn.SizeClass
	Status    Status
	JoinedOn  time.Time
	Verified  bool
	OrgID     int64
	// MergedInto is the enterprise this one was merged into (0: none).
	MergedInto int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// derive computes what is stored alongside the profile: the size class
// (Decree 80/2021; charter capital stands in for the total capital the
// decree names, which the registry does not collect).
func (r *record) derive() {
	r.SizeClass = vn.ClassifySize(r.SectorGroup, known(r.Employees), known(r.RevenueVND), known(r.CharterCapitalVND))
}

// known turns a nil (not known) figure into -1, the form ClassifySize and
// the database use.
func known(n *int64) int64 {
	if n == nil {
		return -1
	}
	return *n
}

// figure is the inverse of known.
func figure(n int64) *int64 {
	if n < 0 {
		return nil
	}
	return &n
}

// nameKey and searchFold are the stored sort key and search text. The
// sort key is vn.IndexKey, half the length of vn.Key: it sits in five
// indexes, and names differing only in case or punctuation are ordered by
// id anyway.
func nameKey(name string) string { return vn.IndexKey(name) }

// nameKeyVersion names how nameKey computes; RefreshNameKeys brings keys
// stored another way up to date.
const nameKeyVersion = "vn.IndexKey/1"

// RefreshNameKeys recomputes every enterprise's stored sort key when keys
// were last computed another way (by an earlier version of cnht), and says
// how many it rewrote. cnht itself only, at start.
func (s *Service) RefreshNameKeys(ctx context.Context) (int, error) {
	if !actor.From(ctx).System {
		return 0, forbidden()
	}
	n := 0
	err := s.db.WithTx(ctx, func(tx *db.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'enterprise_name_key'`).Scan(&v)
		if err == nil && v == nameKeyVersion {
			return nil
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return apperr.Wrap(err, "read name key version")
		}
		type key struct {
			id  int64
			key string
		}
		var keys []key
		if err := queryList(ctx, tx, `SELECT id, name FROM enterprises WHERE id > $1`, 0, func(rows *sql.Rows) error {
			var k key
			var name string
			if err := rows.Scan(&k.id, &name); err != nil {
				return err
			}
			k.key = nameKey(name)
			keys = append(keys, k)
			return nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET name_key = $1 WHERE id = $2`, k.key, k.id); err != nil {
				return apperr.Wrap(err, "refresh name key")
			}
		}
		n = len(keys)
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('enterprise_name_key', $1)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, nameKeyVersion)
		return apperr.Wrap(err, "record name key version")
	})
	return n, err
}

func searchFold(p *Profile) string {
	return vn.Fold(p.Name + " " + p.ShortName + " " + p.NameEN)
}

// insertColumns and insertArgs must list the same columns in the same
// order; Create and the bulk loader share them so that the two paths
// cannot store different things.
const insertColumns = `tax_code, name, name_en, short_name, name_key, search_fold, legal_form, ownership, founded_year, street, ward_code,
	phone, email, website, contact_name, contact_title, contact_phone, contact_email, contact_private,
	employees, charter_capital_vnd, revenue_vnd, revenue_year, sector_group, size_class,
	materials, equipment, capacity, supplier_tier, status, joined_on, verified, version, created_at, updated_at`

func insertColumnCount() int { return strings.Count(insertColumns, ",") + 1 }

func (r *record) insertArgs() []any {
	return []any{r.TaxCode, r.Name, r.NameEN, r.ShortName, nameKey(r.Name), searchFold(&r.Profile), string(r.LegalForm), string(r.Ownership), r.FoundedYear, r.Street, r.WardCode,
		r.Phone, r.Email, r.Website, r.Contact.Name, r.Contact.Title, r.Contact.Phone, r.Contact.Email, r.ContactPrivate,
		known(r.Employees), known(r.CharterCapitalVND), known(r.RevenueVND), r.RevenueYear, string(r.SectorGroup), string(r.SizeClass),
		r.Materials, r.Equipment, r.Capacity, int(r.SupplierTier), string(r.Status), dateStr(r.JoinedOn), r.Verified, r.Version, db.Micros(r.CreatedAt), db.Micros(r.UpdatedAt)}
}

const selectRecord = `SELECT e.id, e.tax_code, e.name, e.name_en, e.short_name, e.legal_form, e.ownership, e.founded_year, e.street, e.ward_code,
	e.phone, e.email, e.website, e.contact_name, e.contact_title, e.contact_phone, e.contact_email, e.contact_private,
	e.employees, e.charter_capital_vnd, e.revenue_vnd, e.revenue_year, e.sector_group, e.size_class,
	e.materials, e.equipment, e.capacity, e.supplier_tier, e.status, e.joined_on, e.verified, COALESCE(e.org_id, 0), e.version, e.created_at, e.updated_at, e.merged_into
	FROM enterprises e`

func scanRecord(sc interface{ Scan(...any) error }) (record, error) {
	var r record
	var legal, own, group, size, status, joined string
	var emp, capital, rev, created, updated int64
	var tier int
	err := sc.Scan(&r.ID, &r.TaxCode, &r.Name, &r.NameEN, &r.ShortName, &legal, &own, &r.FoundedYear, &r.Street, &r.WardCode,
		&r.Phone, &r.Email, &r.Website, &r.Contact.Name, &r.Contact.Title, &r.Contact.Phone, &r.Contact.Email, &r.ContactPrivate,
		&emp, &capital, &rev, &r.RevenueYear, &group, &size,
		&r.Materials, &r.Equipment, &r.Capacity, &tier, &status, &joined, &r.Verified, &r.OrgID, &r.Version, &created, &updated, &r.MergedInto)
	if err != nil {
		return r, err
	}
	r.LegalForm, r.Ownership, r.SectorGroup, r.SizeClass, r.Status = LegalForm(legal), Ownership(own), vn.SectorGroup(group), vn.SizeClass(size), Status(status)
	r.Employees, r.CharterCapitalVND, r.RevenueVND = figure(emp), figure(capital), figure(rev)
	r.SupplierTier = Tier(tier)
	r.JoinedOn = parseDate(joined)
	r.CreatedAt, r.UpdatedAt = db.FromMicros(created), db.FromMicros(updated)
	return r, nil
}

// loadRecord reads an enterprise and its lists; NotFound when there is
// none.
func loadRecord(ctx context.Context, q db.Querier, id int64) (record, error) {
	r, err := scanRecord(q.QueryRowContext(ctx, selectRecord+` WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound()
	}
	if err != nil {
		return r, apperr.Wrap(err, "load enterprise")
	}
	return r, loadLists(ctx, q, &r)
}

// loadLists reads an enterprise's lists into r.
func loadLists(ctx context.Context, q db.Querier, r *record) error {
	if err := queryList(ctx, q, `SELECT sector FROM enterprise_sectors WHERE enterprise_id = $1 ORDER BY sector`, r.ID, func(rows *sql.Rows) error {
		var k string
		err := rows.Scan(&k)
		r.KeySectors = append(r.KeySectors, KeySector(k))
		return err
	}); err != nil {
		return err
	}
	sortByChoices(r.KeySectors, KeySectorChoices())
	if err := queryList(ctx, q, `SELECT industry FROM enterprise_industries WHERE enterprise_id = $1`, r.ID, func(rows *sql.Rows) error {
		var k string
		err := rows.Scan(&k)
		r.Industries = append(r.Industries, Industry(k))
		return err
	}); err != nil {
		return err
	}
	sortByChoices(r.Industries, IndustryChoices())
	if err := queryList(ctx, q, `SELECT product_id FROM enterprise_products WHERE enterprise_id = $1 ORDER BY product_id`, r.ID, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		r.ProductIDs = append(r.ProductIDs, id)
		return err
	}); err != nil {
		return err
	}
	if err := queryList(ctx, q, `SELECT process_id FROM enterprise_processes WHERE enterprise_id = $1 ORDER BY process_id`, r.ID, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		r.ProcessIDs = append(r.ProcessIDs, id)
		return err
	}); err != nil {
		return err
	}
	if err := queryList(ctx, q, `SELECT name, country, multinational, private FROM enterprise_customers WHERE enterprise_id = $1 ORDER BY seq`, r.ID, func(rows *sql.Rows) error {
		var c Customer
		err := rows.Scan(&c.Name, &c.Country, &c.Multinational, &c.Private)
		r.Customers = append(r.Customers, c)
		return err
	}); err != nil {
		return err
	}
	return queryList(ctx, q, `SELECT country FROM enterprise_markets WHERE enterprise_id = $1 ORDER BY country`, r.ID, func(rows *sql.Rows) error {
		var c string
		err := rows.Scan(&c)
		r.ExportMarkets = append(r.ExportMarkets, c)
		return err
	})
}

// sortByChoices orders codes as their list does, so that profiles show
// sectors and industries in a stable, meaningful order.
func sortByChoices[T ~string](xs []T, list []Choice) {
	pos := func(x T) int {
		for i, c := range list {
			if c.Code == string(x) {
				return i
			}
		}
		return len(list)
	}
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && pos(xs[j]) < pos(xs[j-1]); j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// queryList runs a query with one argument and calls scan for every row.
func queryList(ctx context.Context, q db.Querier, query string, arg any, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, arg)
	if err != nil {
		return apperr.Wrap(err, "query list")
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return apperr.Wrap(err, "scan list")
		}
	}
	return apperr.Wrap(rows.Err(), "query list")
}

// saveLists replaces an enterprise's lists with those of p.
func saveLists(ctx context.Context, tx *db.Tx, id int64, p *Profile) error {
	for _, t := range []string{"enterprise_sectors", "enterprise_industries", "enterprise_products", "enterprise_processes", "enterprise_customers", "enterprise_markets"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE enterprise_id = $1`, id); err != nil {
			return apperr.Wrap(err, "clear "+t)
		}
	}
	for _, k := range p.KeySectors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_sectors (enterprise_id, sector) VALUES ($1, $2)`, id, string(k)); err != nil {
			return apperr.Wrap(err, "insert sector")
		}
	}
	for _, k := range p.Industries {
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_industries (enterprise_id, industry) VALUES ($1, $2)`, id, string(k)); err != nil {
			return apperr.Wrap(err, "insert industry")
		}
	}
	for _, pid := range p.ProductIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_products (enterprise_id, product_id) VALUES ($1, $2)`, id, pid); err != nil {
			return apperr.Wrap(err, "insert product")
		}
	}
	for _, pid := range p.ProcessIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_processes (enterprise_id, process_id) VALUES ($1, $2)`, id, pid); err != nil {
			return apperr.Wrap(err, "insert process")
		}
	}
	for i, c := range p.Customers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_customers (enterprise_id, seq, name, country, multinational, private) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, i+1, c.Name, c.Country, c.Multinational, c.Private); err != nil {
			return apperr.Wrap(err, "insert customer")
		}
	}
	for _, c := range p.ExportMarkets {
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_markets (enterprise_id, country) VALUES ($1, $2)`, id, c); err != nil {
			return apperr.Wrap(err, "insert market")
		}
	}
	return nil
}

// fields is the audit snapshot of an enterprise, by Profile's JSON names.
// Lists are copied so that later changes to r do not alter the snapshot.
func (r *record) fields() audit.Fields {
	return audit.Fields{
		"tax_code": r.TaxCode, "name": r.Name, "name_en": r.NameEN, "short_name": r.ShortName,
		"legal_form": r.LegalForm, "ownership": r.Ownership, "founded_year": r.FoundedYear,
		"street": r.Street, "ward_code": r.WardCode, "phone": r.Phone, "email": r.Email, "website": r.Website,
		"contact": r.Contact, "contact_private": r.ContactPrivate,
		"employees": r.Employees, "charter_capital_vnd": r.CharterCapitalVND, "revenue_vnd": r.RevenueVND, "revenue_year": r.RevenueYear,
		"sector_group": r.SectorGroup, "size_class": r.SizeClass,
		"key_sectors": append([]KeySector{}, r.KeySectors...), "industries": append([]Industry{}, r.Industries...),
		"product_ids": append([]int64{}, r.ProductIDs...), "process_ids": append([]int64{}, r.ProcessIDs...),
		"materials": r.Materials, "equipment": r.Equipment, "capacity": r.Capacity,
		"customers": append([]Customer{}, r.Customers...), "export_markets": append([]string{}, r.ExportMarkets...),
		"supplier_tier": r.SupplierTier,
	}
}
