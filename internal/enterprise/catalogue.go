package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// The catalogues — products, processes, standards — are data: seeded by
// the migration, read by everyone (they label public profiles), changed by
// admins only. Entries are deactivated rather than deleted, because
// profiles and certificates refer to them: a deactivated entry cannot be
// chosen again but stays on the profiles that have it.

// Product is an entry of the product catalogue: a supporting-industry
// product of one of the Decree's six sectors, with its HS code.
type Product struct {
	ID        int64         `json:"id"`
	Code      string        `json:"code"`
	Sector    ProductSector `json:"sector"`
	GroupVI   string        `json:"group_vi"`
	GroupEN   string        `json:"group_en"`
	NameVI    string        `json:"name_vi"`
	NameEN    string        `json:"name_en"`
	HSCode    string        `json:"hs_code"`
	Active    bool          `json:"active"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// ProductInput is what an admin types for a product.
type ProductInput struct {
	Code    string        `json:"code"`
	Sector  ProductSector `json:"sector"`
	GroupVI string        `json:"group_vi"`
	GroupEN string        `json:"group_en"`
	NameVI  string        `json:"name_vi"`
	NameEN  string        `json:"name_en"`
	HSCode  string        `json:"hs_code"`
	Active  bool          `json:"active"`
}

// Process is an entry of the catalogue of processes and capabilities
// (CNC machining, die casting ...).
type Process struct {
	ID        int64     `json:"id"`
	Code      string    `json:"code"`
	NameVI    string    `json:"name_vi"`
	NameEN    string    `json:"name_en"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ProcessInput is what an admin types for a process.
type ProcessInput struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Active bool   `json:"active"`
}

// Standard is an entry of the standards catalogue. International marks the
// standards whose certificates make an enterprise "meet international
// standards"; changing it changes every count, past dates included, since
// the question is always asked with today's list.
type Standard struct {
	ID            int64     `json:"id"`
	Code          string    `json:"code"`
	Name          string    `json:"name"` // the designation: "ISO 9001"
	TitleVI       string    `json:"title_vi"`
	TitleEN       string    `json:"title_en"`
	International bool      `json:"international"`
	Active        bool      `json:"active"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// StandardInput is what an admin types for a standard.
type StandardInput struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	TitleVI       string `json:"title_vi"`
	TitleEN       string `json:"title_en"`
	International bool   `json:"international"`
	Active        bool   `json:"active"`
}

// checkCode accepts a catalogue code: 1–40 of a-z, 0-9, '.', '_', '-',
// starting with a letter or digit; stable codes let imports and the demo
// refer to entries whatever their id.
func checkCode(v *apperr.Validation, code string) {
	ok := code != "" && len(code) <= 40
	for i := 0; ok && i < len(code); i++ {
		c := code[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && (c == '.' || c == '_' || c == '-')
	}
	if !ok {
		v.Add("code", "catalogue.code")
	}
}

// checkHS accepts an HS code: 4 digits, optionally followed by .NN and
// .NN to .NNNN ("8708", "8708.30", "8708.30.10").
func checkHS(v *apperr.Validation, hs string) {
	if hs == "" {
		return
	}
	parts := strings.Split(hs, ".")
	ok := len(parts) <= 3 && len(parts[0]) == 4 && isDigits(parts[0])
	for i, p := range parts[1:] {
		ok = ok && isDigits(p) && (len(p) == 2 || i == 1 && len(p) <= 4 && len(p) >= 2)
	}
	if !ok {
		v.Add("hs_code", "catalogue.hs_code")
	}
}

func codeTaken() error { return conflict("code", "catalogue.code_exists") }

// catalogueWrite runs an admin's insert or update of a catalogue entry and
// audits it, turning a duplicate code into a Conflict.
func (s *Service) catalogueWrite(ctx context.Context, entity, table string, id int64, before, after audit.Fields, write func(tx *db.Tx) (int64, error)) (int64, error) {
	err := s.db.WithTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE code = $1 AND id <> $2`, after["code"], id).Scan(&n); err != nil {
			return apperr.Wrap(err, "check code")
		}
		if n > 0 {
			return codeTaken()
		}
		newID, err := write(tx)
		if db.IsUniqueViolation(err) {
			return codeTaken()
		}
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "catalogue.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "write "+entity)
		}
		action := "update"
		if id == 0 {
			action, id = "create", newID
		}
		return audit.Record(ctx, tx, audit.Change{Entity: entity, EntityID: id, Action: action, Before: before, After: after})
	})
	return id, err
}

// Products lists the product catalogue in catalogue order, with the
// deactivated entries too when all is true.
func (s *Service) Products(ctx context.Context, all bool) ([]Product, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, sector, group_vi, group_en, name_vi, name_en, hs_code, active, created_at, updated_at
		FROM products WHERE active OR $1 ORDER BY id`, all)
	if err != nil {
		return nil, apperr.Wrap(err, "list products")
	}
	defer rows.Close()
	var out []Product
	for rows.Next() {
		var p Product
		var sector string
		var c, u int64
		if err := rows.Scan(&p.ID, &p.Code, &sector, &p.GroupVI, &p.GroupEN, &p.NameVI, &p.NameEN, &p.HSCode, &p.Active, &c, &u); err != nil {
			return nil, apperr.Wrap(err, "scan product")
		}
		p.Sector, p.CreatedAt, p.UpdatedAt = ProductSector(sector), db.FromMicros(c), db.FromMicros(u)
		out = append(out, p)
	}
	return out, apperr.Wrap(rows.Err(), "list products")
}

func (in *ProductInput) check() error {
	in.Code, in.GroupVI, in.GroupEN, in.NameVI, in.NameEN, in.HSCode = strings.ToLower(clean(in.Code)), clean(in.GroupVI), clean(in.GroupEN), clean(in.NameVI), clean(in.NameEN), clean(in.HSCode)
	var v apperr.Validation
	checkCode(&v, in.Code)
	if !in.Sector.Valid() {
		v.Add("sector", "field.choose")
	}
	if in.NameVI == "" {
		v.Add("name_vi", "field.required")
	}
	tooLong(&v, "group_vi", in.GroupVI, maxName)
	tooLong(&v, "group_en", in.GroupEN, maxName)
	tooLong(&v, "name_vi", in.NameVI, maxName)
	tooLong(&v, "name_en", in.NameEN, maxName)
	checkHS(&v, in.HSCode)
	return v.Err()
}

func (in *ProductInput) fields() audit.Fields {
	return audit.Fields{"code": in.Code, "sector": in.Sector, "group_vi": in.GroupVI, "group_en": in.GroupEN, "name_vi": in.NameVI, "name_en": in.NameEN, "hs_code": in.HSCode, "active": in.Active}
}

// CreateProduct adds a product to the catalogue (admins).
func (s *Service) CreateProduct(ctx context.Context, in ProductInput) (Product, error) {
	return s.writeProduct(ctx, 0, in)
}

// UpdateProduct changes a product, including deactivating it (admins).
func (s *Service) UpdateProduct(ctx context.Context, id int64, in ProductInput) (Product, error) {
	return s.writeProduct(ctx, id, in)
}

func (s *Service) writeProduct(ctx context.Context, id int64, in ProductInput) (Product, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return Product{}, err
	}
	if err := in.check(); err != nil {
		return Product{}, err
	}
	var before audit.Fields
	if id != 0 {
		p, err := s.findProduct(ctx, id)
		if err != nil {
			return Product{}, err
		}
		b := ProductInput{p.Code, p.Sector, p.GroupVI, p.GroupEN, p.NameVI, p.NameEN, p.HSCode, p.Active}
		before = b.fields()
	}
	now := db.Micros(s.now())
	id, err := s.catalogueWrite(ctx, "product", "products", id, before, in.fields(), func(tx *db.Tx) (int64, error) {
		var newID int64
		if id == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO products (code, sector, group_vi, group_en, name_vi, name_en, hs_code, active, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`, in.Code, string(in.Sector), in.GroupVI, in.GroupEN, in.NameVI, in.NameEN, in.HSCode, in.Active, now).Scan(&newID)
			return newID, err
		}
		_, err := tx.ExecContext(ctx, `UPDATE products SET code = $1, sector = $2, group_vi = $3, group_en = $4, name_vi = $5, name_en = $6, hs_code = $7, active = $8, updated_at = $9 WHERE id = $10`,
			in.Code, string(in.Sector), in.GroupVI, in.GroupEN, in.NameVI, in.NameEN, in.HSCode, in.Active, now, id)
		return id, err
	})
	if err != nil {
		return Product{}, err
	}
	return s.findProduct(ctx, id)
}

func (s *Service) findProduct(ctx context.Context, id int64) (Product, error) {
	list, err := s.Products(ctx, true)
	return byID(list, err, id, func(x Product) int64 { return x.ID })
}

// Processes lists the process catalogue, with the deactivated entries too
// when all is true.
func (s *Service) Processes(ctx context.Context, all bool) ([]Process, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, name_vi, name_en, active, created_at, updated_at FROM processes WHERE active OR $1 ORDER BY id`, all)
	if err != nil {
		return nil, apperr.Wrap(err, "list processes")
	}
	defer rows.Close()
	var out []Process
	for rows.Next() {
		var p Process
		var c, u int64
		if err := rows.Scan(&p.ID, &p.Code, &p.NameVI, &p.NameEN, &p.Active, &c, &u); err != nil {
			return nil, apperr.Wrap(err, "scan process")
		}
		p.CreatedAt, p.UpdatedAt = db.FromMicros(c), db.FromMicros(u)
		out = append(out, p)
	}
	return out, apperr.Wrap(rows.Err(), "list processes")
}

func (in *ProcessInput) check() error {
	in.Code, in.NameVI, in.NameEN = strings.ToLower(clean(in.Code)), clean(in.NameVI), clean(in.NameEN)
	var v apperr.Validation
	checkCode(&v, in.Code)
	if in.NameVI == "" {
		v.Add("name_vi", "field.required")
	}
	tooLong(&v, "name_vi", in.NameVI, maxName)
	tooLong(&v, "name_en", in.NameEN, maxName)
	return v.Err()
}

// CreateProcess adds a process to the catalogue (admins).
func (s *Service) CreateProcess(ctx context.Context, in ProcessInput) (Process, error) {
	return s.writeProcess(ctx, 0, in)
}

// UpdateProcess changes a process, including deactivating it (admins).
func (s *Service) UpdateProcess(ctx context.Context, id int64, in ProcessInput) (Process, error) {
	return s.writeProcess(ctx, id, in)
}

func (s *Service) writeProcess(ctx context.Context, id int64, in ProcessInput) (Process, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return Process{}, err
	}
	if err := in.check(); err != nil {
		return Process{}, err
	}
	after := audit.Fields{"code": in.Code, "name_vi": in.NameVI, "name_en": in.NameEN, "active": in.Active}
	var before audit.Fields
	if id != 0 {
		p, err := s.findProcess(ctx, id)
		if err != nil {
			return Process{}, err
		}
		before = audit.Fields{"code": p.Code, "name_vi": p.NameVI, "name_en": p.NameEN, "active": p.Active}
	}
	now := db.Micros(s.now())
	id, err := s.catalogueWrite(ctx, "process", "processes", id, before, after, func(tx *db.Tx) (int64, error) {
		var newID int64
		if id == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO processes (code, name_vi, name_en, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
				in.Code, in.NameVI, in.NameEN, in.Active, now).Scan(&newID)
			return newID, err
		}
		_, err := tx.ExecContext(ctx, `UPDATE processes SET code = $1, name_vi = $2, name_en = $3, active = $4, updated_at = $5 WHERE id = $6`,
			in.Code, in.NameVI, in.NameEN, in.Active, now, id)
		return id, err
	})
	if err != nil {
		return Process{}, err
	}
	return s.findProcess(ctx, id)
}

func (s *Service) findProcess(ctx context.Context, id int64) (Process, error) {
	list, err := s.Processes(ctx, true)
	return byID(list, err, id, func(x Process) int64 { return x.ID })
}

// Standards lists the standards catalogue, with the deactivated entries
// too when all is true.
func (s *Service) Standards(ctx context.Context, all bool) ([]Standard, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, name, title_vi, title_en, international, active, created_at, updated_at FROM standards WHERE active OR $1 ORDER BY id`, all)
	if err != nil {
		return nil, apperr.Wrap(err, "list standards")
	}
	defer rows.Close()
	var out []Standard
	for rows.Next() {
		var st Standard
		var c, u int64
		if err := rows.Scan(&st.ID, &st.Code, &st.Name, &st.TitleVI, &st.TitleEN, &st.International, &st.Active, &c, &u); err != nil {
			return nil, apperr.Wrap(err, "scan standard")
		}
		st.CreatedAt, st.UpdatedAt = db.FromMicros(c), db.FromMicros(u)
		out = append(out, st)
	}
	return out, apperr.Wrap(rows.Err(), "list standards")
}

func (in *StandardInput) check() error {
	in.Code, in.Name, in.TitleVI, in.TitleEN = strings.ToLower(clean(in.Code)), clean(in.Name), clean(in.TitleVI), clean(in.TitleEN)
	var v apperr.Validation
	checkCode(&v, in.Code)
	if in.Name == "" {
		v.Add("name", "field.required")
	}
	tooLong(&v, "name", in.Name, maxContact)
	tooLong(&v, "title_vi", in.TitleVI, maxName)
	tooLong(&v, "title_en", in.TitleEN, maxName)
	return v.Err()
}

func (in *StandardInput) fields() audit.Fields {
	return audit.Fields{"code": in.Code, "name": in.Name, "title_vi": in.TitleVI, "title_en": in.TitleEN, "international": in.International, "active": in.Active}
}

// CreateStandard adds a standard to the catalogue (admins).
func (s *Service) CreateStandard(ctx context.Context, in StandardInput) (Standard, error) {
	return s.writeStandard(ctx, 0, in)
}

// UpdateStandard changes a standard — whether it counts as international,
// or deactivating it (admins).
func (s *Service) UpdateStandard(ctx context.Context, id int64, in StandardInput) (Standard, error) {
	return s.writeStandard(ctx, id, in)
}

func (s *Service) writeStandard(ctx context.Context, id int64, in StandardInput) (Standard, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return Standard{}, err
	}
	if err := in.check(); err != nil {
		return Standard{}, err
	}
	var before audit.Fields
	if id != 0 {
		st, err := s.findStandard(ctx, id)
		if err != nil {
			return Standard{}, err
		}
		b := StandardInput{st.Code, st.Name, st.TitleVI, st.TitleEN, st.International, st.Active}
		before = b.fields()
	}
	now := db.Micros(s.now())
	id, err := s.catalogueWrite(ctx, "standard", "standards", id, before, in.fields(), func(tx *db.Tx) (int64, error) {
		var newID int64
		if id == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO standards (code, name, title_vi, title_en, international, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
				in.Code, in.Name, in.TitleVI, in.TitleEN, in.International, in.Active, now).Scan(&newID)
			return newID, err
		}
		_, err := tx.ExecContext(ctx, `UPDATE standards SET code = $1, name = $2, title_vi = $3, title_en = $4, international = $5, active = $6, updated_at = $7 WHERE id = $8`,
			in.Code, in.Name, in.TitleVI, in.TitleEN, in.International, in.Active, now, id)
		return id, err
	})
	if err != nil {
		return Standard{}, err
	}
	return s.findStandard(ctx, id)
}

func (s *Service) findStandard(ctx context.Context, id int64) (Standard, error) {
	list, err := s.Standards(ctx, true)
	return byID(list, err, id, func(x Standard) int64 { return x.ID })
}

// byID picks the catalogue entry with the given id from a listing.
func byID[T any](list []T, err error, id int64, idOf func(T) int64) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	for _, x := range list {
		if idOf(x) == id {
			return x, nil
		}
	}
	return zero, apperr.New(apperr.NotFound, "catalogue.not_found")
}
