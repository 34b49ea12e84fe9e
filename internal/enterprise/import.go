package enterprise

import (
	"context"
	"database/sql"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// ImportRow is one row of an import file, already read and repaired (see
// package importer): the profile it carries and which of the profile's
// fields the file supplies, by their JSON names. Only the tax code and
// the name are required; an existing enterprise keeps every field the
// row leaves empty.
type ImportRow struct {
	Line     int             // the row's number in the file, for messages
	Profile  Profile         // what the row says
	Present  map[string]bool // fields the file has a column for
	JoinedOn time.Time       // when a new enterprise joined (zero: today)
	// Cert is a certificate the row adds to the enterprise (or updates,
	// matched on standard and number), nil when it carries none. A tax
	// code may repeat in a file on rows that each carry a certificate:
	// such a repeat adds its certificate and leaves the enterprise alone.
	Cert *ImportCert
	// Problems are what reading the row found (an unknown ward, a bad
	// date ...); such a row is refused with them.
	Problems []apperr.FieldError
}

// ImportAction is what an import does with a row.
type ImportAction string

// The actions of an import plan.
const (
	ImportCreate    ImportAction = "create"    // a new enterprise
	ImportUpdate    ImportAction = "update"    // an existing one, some fields changed
	ImportUnchanged ImportAction = "unchanged" // an existing one, nothing new
	ImportRefused   ImportAction = "refused"   // not written; Problems say why
	// ImportCertificate is a row repeating a tax code of the file to add
	// another certificate; the enterprise is the earlier row's.
	ImportCertificate ImportAction = "certificate"
)

// ImportOutcome is the plan for one row.
type ImportOutcome struct {
	Line    int          `json:"line"`
	Action  ImportAction `json:"action"`
	ID      int64        `json:"id,omitempty"` // the existing enterprise (update, unchanged) or the new one after Apply
	TaxCode string       `json:"tax_code"`
	Name    string       `json:"name"`
	Changed []string     `json:"changed,omitempty"` // fields an update changes
	// Cert is what happens to the row's certificate: create, update or
	// unchanged ("" when the row carries none).
	Cert     ImportAction        `json:"certificate,omitempty"`
	Problems []apperr.FieldError `json:"problems,omitempty"`
	// Similar is an existing enterprise of another tax code that a new
	// row may well be (MatchReview): the row is still created, the
	// preview asks a person to look, and the pair waits in the duplicate
	// queue (Pairs). A row matching one without doubt (MatchSame) is
	// refused instead, naming it.
	Similar *SimilarEnterprise `json:"similar,omitempty"`
}

// SimilarEnterprise is an existing enterprise a row resembles.
type SimilarEnterprise struct {
	ID       int64         `json:"id"`
	TaxCode  string        `json:"tax_code"`
	Name     string        `json:"name"`
	Score    float64       `json:"score"`
	Decision MatchDecision `json:"decision"`
}

// ImportPlan is what an import will do, row by row, with the totals.
type ImportPlan struct {
	Outcomes  []ImportOutcome `json:"outcomes"`
	Creates   int             `json:"creates"`
	Updates   int             `json:"updates"`
	Unchanged int             `json:"unchanged"`
	Refused   int             `json:"refused"`
	// The rows' certificates: added, updated, already there.
	CertCreates   int `json:"cert_creates,omitempty"`
	CertUpdates   int `json:"cert_updates,omitempty"`
	CertUnchanged int `json:"cert_unchanged,omitempty"`
	// Unlisted counts the created and unchanged rows past the first
	// thousand, which are counted but not listed in Outcomes.
	Unlisted int `json:"unlisted,omitempty"`
	listed   int // created and unchanged rows listed
}

// importFields maps the fields an import may supply to how a row's value
// is copied onto a profile.
var importFields = map[string]func(dst *Profile, src Profile) bool{
	"tax_code":            func(d *Profile, s Profile) bool { return setStr(&d.TaxCode, s.TaxCode) },
	"name":                func(d *Profile, s Profile) bool { return setStr(&d.Name, s.Name) },
	"name_en":             func(d *Profile, s Profile) bool { return setStr(&d.NameEN, s.NameEN) },
	"short_name":          func(d *Profile, s Profile) bool { return setStr(&d.ShortName, s.ShortName) },
	"street":              func(d *Profile, s Profile) bool { return setStr(&d.Street, s.Street) },
	"ward_code":           func(d *Profile, s Profile) bool { return setStr(&d.WardCode, s.WardCode) },
	"phone":               func(d *Profile, s Profile) bool { return setStr(&d.Phone, s.Phone) },
	"email":               func(d *Profile, s Profile) bool { return setStr(&d.Email, s.Email) },
	"website":             func(d *Profile, s Profile) bool { return setStr(&d.Website, s.Website) },
	"contact_name":        func(d *Profile, s Profile) bool { return setStr(&d.Contact.Name, s.Contact.Name) },
	"contact_phone":       func(d *Profile, s Profile) bool { return setStr(&d.Contact.Phone, s.Contact.Phone) },
	"contact_email":       func(d *Profile, s Profile) bool { return setStr(&d.Contact.Email, s.Contact.Email) },
	"legal_form":          func(d *Profile, s Profile) bool { return setStr((*string)(&d.LegalForm), string(s.LegalForm)) },
	"ownership":           func(d *Profile, s Profile) bool { return setStr((*string)(&d.Ownership), string(s.Ownership)) },
	"founded_year":        func(d *Profile, s Profile) bool { return setInt(&d.FoundedYear, s.FoundedYear) },
	"revenue_year":        func(d *Profile, s Profile) bool { return setInt(&d.RevenueYear, s.RevenueYear) },
	"employees":           func(d *Profile, s Profile) bool { return setAmount(&d.Employees, s.Employees) },
	"charter_capital_vnd": func(d *Profile, s Profile) bool { return setAmount(&d.CharterCapitalVND, s.CharterCapitalVND) },
	"revenue_vnd":         func(d *Profile, s Profile) bool { return setAmount(&d.RevenueVND, s.RevenueVND) },
	"key_sectors": func(d *Profile, s Profile) bool {
		if len(s.KeySectors) == 0 {
			return false
		}
		d.KeySectors = append([]KeySector(nil), s.KeySectors...)
		return true
	},
	"industries": func(d *Profile, s Profile) bool {
		if len(s.Industries) == 0 {
			return false
		}
		d.Industries = append([]Industry(nil), s.Industries...)
		return true
	},
	"materials": func(d *Profile, s Profile) bool { return setStr(&d.Materials, s.Materials) },
	"capacity":  func(d *Profile, s Profile) bool { return setStr(&d.Capacity, s.Capacity) },
}

// ImportFields lists the profile fields an import may supply.
func ImportFields() []string {
	out := make([]string, 0, len(importFields))
	for k := range importFields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func setStr(dst *string, v string) bool {
	if v == "" {
		return false
	}
	*dst = v
	return true
}

func setInt(dst *int, v int) bool {
	if v == 0 {
		return false
	}
	*dst = v
	return true
}

func setAmount(dst **int64, v *int64) bool {
	if v == nil {
		return false
	}
	n := *v
	*dst = &n
	return true
}

// merge copies the row's non-empty supplied fields onto base.
func (row *ImportRow) merge(base Profile) Profile {
	for field, set := range importFields {
		if row.Present[field] {
			set(&base, row.Profile)
		}
	}
	return base
}

// RowSource yields an import's rows one at a time, stopping at the first
// error that yield or reading returns, which it returns: a file of a
// million rows is read, planned and written without being held in memory.
type RowSource func(yield func(ImportRow) error) error

// RowsOf is the source of rows already in memory.
func RowsOf(rows []ImportRow) RowSource {
	return func(yield func(ImportRow) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// outcomeDetail is how many created and unchanged rows a plan lists one
// by one; beyond it they are only counted (in Unlisted). Refused, updated
// and possibly duplicate rows are always listed. A plan of a million rows
// stays small.
const outcomeDetail = 1000

// PlanImport says, without writing anything, what importing rows would
// do: which rows create an enterprise, which update one (matched on the
// tax code) and with what, which change nothing and which are refused and
// why. Officers and admins only.
func (s *Service) PlanImport(ctx context.Context, rows RowSource) (ImportPlan, error) {
	if _, err := requireManager(ctx); err != nil {
		return ImportPlan{}, err
	}
	p, err := s.newPlanner(ctx, s.db)
	if err != nil {
		return ImportPlan{}, err
	}
	err = rows(func(row ImportRow) error {
		_, _, err := p.next(ctx, &row)
		return err
	})
	if err != nil {
		return ImportPlan{}, err
	}
	return p.plan, nil
}

// planned is a row's plan with what Apply writes for it.
type planned struct {
	action ImportAction // the enterprise's: create, update, unchanged, certificate
	cur    record       // the existing enterprise (update, unchanged)
	next   Profile
	joined time.Time
	cert   *certPlan // the row's certificate, if it changes anything
	code   string    // the canonical tax code
	entID  int64     // the enterprise, when it exists before the import
}

// seenRow is the first row of a tax code in a file.
type seenRow struct {
	line     int
	id       int64 // its enterprise, when it existed before the import
	accepted bool  // not refused
	create   int   // 1 + its number among the import's creates, once handed to the writer
}

// planner plans an import row by row against the registry as it was when
// the plan began, plus the rows before (a tax code twice in a file).
type planner struct {
	s         *Service
	q         db.Querier
	taxIDs    map[string]int64   // the registry's tax codes
	seen      map[string]seenRow // canonical tax code → its first row, in this file
	similar   *matchIndex        // built when a row would create an enterprise
	standards map[string]int64   // built when a row carries a certificate
	certSeen  map[string]int     // tax code|standard|number → line, in this file
	today     time.Time
	plan      ImportPlan
}

func (s *Service) newPlanner(ctx context.Context, q db.Querier) (*planner, error) {
	taxIDs, err := loadTaxCodes(ctx, q)
	if err != nil {
		return nil, err
	}
	return &planner{s: s, q: q, taxIDs: taxIDs, seen: map[string]seenRow{}, certSeen: map[string]int{}, today: s.Today()}, nil
}

// add records a row's outcome in the plan and returns where it is listed,
// or -1 when it is only counted.
func (p *planner) add(o ImportOutcome) int {
	if o.Action != ImportRefused {
		switch o.Cert {
		case ImportCreate:
			p.plan.CertCreates++
		case ImportUpdate:
			p.plan.CertUpdates++
		case ImportUnchanged:
			p.plan.CertUnchanged++
		}
	}
	switch o.Action {
	case ImportCreate:
		p.plan.Creates++
	case ImportUpdate:
		p.plan.Updates++
	case ImportUnchanged:
		p.plan.Unchanged++
	case ImportRefused:
		p.plan.Refused++
	}
	plain := o.Action == ImportCreate && o.Similar == nil || o.Action == ImportUnchanged || o.Action == ImportCertificate
	if plain && p.plan.listed >= outcomeDetail {
		p.plan.Unlisted++
		return -1
	}
	if plain {
		p.plan.listed++
	}
	p.plan.Outcomes = append(p.plan.Outcomes, o)
	return len(p.plan.Outcomes) - 1
}

// next plans one row: its outcome (listed at index i, or -1) and, for a
// row to write, what to write.
func (p *planner) next(ctx context.Context, row *ImportRow) (i int, w *planned, err error) {
	refused := p.plan.Refused
	i, w, err = p.nextRow(ctx, row)
	if err == nil && p.plan.Refused == refused {
		if code, err := CanonicalTaxCode(row.Profile.TaxCode); err == nil {
			if first, ok := p.seen[code]; ok && first.line == row.Line {
				first.accepted = true
				p.seen[code] = first
			}
		}
	}
	return i, w, err
}

func (p *planner) nextRow(ctx context.Context, row *ImportRow) (i int, w *planned, err error) {
	s, q := p.s, p.q
	o := ImportOutcome{Line: row.Line, TaxCode: row.Profile.TaxCode, Name: row.Profile.Name}
	var v apperr.Validation
	for _, pr := range row.Problems {
		v.Add(pr.Field, pr.Key, argPairs(pr.Args)...)
	}
	// A tax code that does not parse is reported by validate below.
	code, err := CanonicalTaxCode(row.Profile.TaxCode)
	if err == nil {
		o.TaxCode = code
		if first, dup := p.seen[code]; dup {
			if row.Cert == nil {
				v.Add("tax_code", "import.duplicate_in_file", "line", first.line)
			} else {
				return p.nextCert(ctx, row, o, &v, first)
			}
		}
	}
	var cur record
	found := false
	if id, ok := p.taxIDs[code]; ok && code != "" && !v.Has("tax_code") {
		if cur, err = loadRecord(ctx, q, id); err != nil {
			return -1, nil, err
		}
		found = true
	}
	if code != "" && !v.Has("tax_code") {
		p.seen[code] = seenRow{line: row.Line, id: cur.ID}
	}
	var next Profile
	if found {
		next = row.merge(cur.Profile)
	} else {
		next = row.merge(Profile{SectorGroup: defaultSectorGroup})
	}
	next.TaxCode = row.Profile.TaxCode
	next = normalise(next)
	var checked apperr.Validation
	if err := s.validate(ctx, q, &next, &checked, cur.ProductIDs, cur.ProcessIDs); err != nil {
		return -1, nil, err
	}
	// An import requires only the tax code and the name; a field the
	// file could not be read for has its reason already.
	checked.Drop("key_sectors", "enterprise.key_sector_required")
	if err := checked.Err(); err != nil {
		for _, f := range apperr.As(err).Fields {
			if !v.Has(f.Field) {
				v.Add(f.Field, f.Key, argPairs(f.Args)...)
			}
		}
	}
	joined := civil(row.JoinedOn)
	if joined.IsZero() {
		joined = p.today
	}
	if !found && (joined.After(p.today) || joined.Before(earliestDate())) {
		v.Add("joined_on", "enterprise.date_range", "min", earliestDate(), "max", p.today)
	}
	var cert *certPlan
	if row.Cert != nil {
		if cert, o.Cert, err = p.planCert(ctx, row, cur.ID, code, &v); err != nil {
			return -1, nil, err
		}
	}
	if err := v.Err(); err != nil {
		o.Action, o.Problems = ImportRefused, apperr.As(err).Fields
		return p.add(o), nil, nil
	}
	o.Name = next.Name
	if !found {
		if p.similar == nil {
			if p.similar, err = loadMatchIndex(ctx, q); err != nil {
				return -1, nil, err
			}
		}
		if m, ok := p.similar.best(MatchCandidate{TaxCode: next.TaxCode, Name: next.Name, WardCode: next.WardCode, Phone: next.Phone}); ok {
			o.Similar = &m
			if m.Decision == MatchSame {
				o.Action = ImportRefused
				o.Problems = []apperr.FieldError{{Field: "name", Key: "import.probable_duplicate", Args: map[string]any{"name": m.Name, "tax_code": m.TaxCode}}}
				return p.add(o), nil, nil
			}
		}
		o.Action = ImportCreate
		return p.add(o), &planned{action: ImportCreate, next: next, joined: joined, cert: cert, code: code}, nil
	}
	o.ID = cur.ID
	after := cur
	after.Profile = next
	after.derive()
	_, changed := audit.Diff(cur.fields(), after.fields())
	if len(changed) == 0 {
		o.Action = ImportUnchanged
		if cert != nil {
			return p.add(o), &planned{action: ImportUnchanged, cur: cur, cert: cert, code: code, entID: cur.ID}, nil
		}
		return p.add(o), nil, nil
	}
	for k := range changed {
		o.Changed = append(o.Changed, k)
	}
	slices.Sort(o.Changed)
	o.Action = ImportUpdate
	return p.add(o), &planned{action: ImportUpdate, cur: cur, next: next, joined: joined, cert: cert, code: code, entID: cur.ID}, nil
}

// nextCert plans a row repeating a tax code of the file for the
// certificate it carries; its other fields are the first row's business.
func (p *planner) nextCert(ctx context.Context, row *ImportRow, o ImportOutcome, v *apperr.Validation, first seenRow) (int, *planned, error) {
	o.ID = first.id
	if !first.accepted {
		v.Add("tax_code", "import.first_row_refused", "line", first.line)
		o.Action, o.Problems = ImportRefused, apperr.As(v.Err()).Fields
		return p.add(o), nil, nil
	}
	cert, act, err := p.planCert(ctx, row, first.id, o.TaxCode, v)
	if err != nil {
		return -1, nil, err
	}
	if err := v.Err(); err != nil {
		o.Action, o.Problems = ImportRefused, apperr.As(err).Fields
		return p.add(o), nil, nil
	}
	o.Action, o.Cert = ImportCertificate, act
	if cert == nil {
		return p.add(o), nil, nil
	}
	return p.add(o), &planned{action: ImportCertificate, cert: cert, code: o.TaxCode, entID: first.id}, nil
}

// defaultSectorGroup is the Decree 80 sector group of an imported
// enterprise whose file does not say: supporting industry is industry.
const defaultSectorGroup = vn.SectorIndustry

// ImportSource is the file an import reads, kept in the imports table:
// the import's audit entry names it, so that what each created
// enterprise held when it came in can be read from the file.
type ImportSource struct {
	ID       int64  // the kept file (imports.id)
	Filename string // as uploaded
	SHA256   string // of the file's bytes, hex
	// Rows is how many rows the file holds, if known: an import much
	// larger than the registry builds some indexes once at the end
	// instead of row by row (SQLite).
	Rows int
	// Keep, if not nil, stores the file in the import's transaction and
	// says where (a file the command line imports is kept only if its
	// import is).
	Keep func(ctx context.Context, tx *db.Tx) (ImportSource, error)
}

// ApplyImport writes an import all or nothing: in one transaction it
// plans the rows again (against the registry as it is now) and creates
// and updates what the plan says, row by row as the source yields them;
// refused rows are left out. An error (the source's too), or the process
// dying, leaves the registry as it was. Importing the same rows twice
// changes nothing the second time. progress, if not nil, is told how many
// rows are done. Officers and admins only.
//
// Each update is audited as an officer's edit would be; the enterprises
// (and their certificates) the import creates are audited in one entry
// that names the file and the ids it created: a million entries, one per
// new enterprise, would cost more than the rest of the import, and the
// file they would repeat is kept.
//
// New enterprises are written in blocks by a second goroutine while this
// one reads and plans the next rows: on two cores the checking and the
// writing overlap. Whatever reads or changes an enterprise the import
// already wrote waits for the blocks before it.
func (s *Service) ApplyImport(ctx context.Context, src ImportSource, rows RowSource, progress func(done int)) (ImportPlan, error) {
	if _, err := requireManager(ctx); err != nil {
		return ImportPlan{}, err
	}
	var plan ImportPlan
	err := s.db.WithTx(ctx, func(tx *db.Tx) error {
		if src.Keep != nil {
			// First, while little else is held: storing a large file
			// copies it once more.
			kept, err := src.Keep(ctx, tx)
			if err != nil {
				return err
			}
			src.ID, src.Filename, src.SHA256 = kept.ID, kept.Filename, kept.SHA256
		}
		p, err := s.newPlanner(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		const block = 5000
		restoreSort := func() {}
		defer func() { restoreSort() }() // after the writer stops, before the transaction ends
		bw := s.startBlockWriter(ctx, tx)
		defer bw.stop()
		// The planner reads only while the writer is idle: a connection
		// runs one statement at a time (PostgreSQL's cannot write while a
		// query's rows are being read).
		p.q = idleQuerier{tx, bw}
		var creates []bulkEnterprise
		var listedAt []int          // where each create is listed in the plan, or -1
		pending := map[string]int{} // tax code → its create in creates, until handed to the writer
		handed := 0                 // creates handed to the writer
		var rebuild func() error    // the indexes deferred, to build before commit
		done := 0                   // rows read
		flush := func() error {
			if len(creates) == 0 {
				return bw.failed()
			}
			// Decided on the first full block, from the share of rows
			// that created so far: a re-import of a large file with a
			// few new rows keeps its indexes.
			if expect := src.Rows * len(creates) / max(done, 1); len(creates) == block && handed == 0 &&
				expect >= deferIndexesMin && expect >= len(p.taxIDs) {
				if err := bw.wait(); err != nil {
					return err
				}
				if rebuild, err = deferIndexes(ctx, tx); err != nil {
					return err
				}
				// Building them sorts every row's keys: on disk, not in
				// memory (a million rows: about 200 MB less).
				restoreSort = tx.SortOnDisk(ctx)
			}
			for code, k := range pending {
				sr := p.seen[code]
				sr.create = handed + k + 1
				p.seen[code] = sr
			}
			handed += len(creates)
			var similar []similarNew
			for k, at := range listedAt {
				if at >= 0 {
					if m := p.plan.Outcomes[at].Similar; m != nil {
						similar = append(similar, similarNew{k: k, otherID: m.ID, score: scoreOf(m.Score)})
					}
				}
			}
			err := bw.put(creates, listedAt, similar)
			creates, listedAt = nil, nil
			clear(pending)
			return err
		}
		// idOf finds an enterprise this import created, once written.
		idOf := func(code string) (int64, error) {
			if err := bw.wait(); err != nil {
				return 0, err
			}
			return bw.idOf(p.seen[code].create - 1), nil
		}
		err = rows(func(row ImportRow) error {
			if err := bw.failed(); err != nil {
				return err
			}
			i, w, err := p.next(ctx, &row)
			if err != nil {
				return err
			}
			done++
			if progress != nil && done%block == 0 {
				progress(done)
			}
			if w == nil {
				return nil
			}
			switch w.action {
			case ImportUpdate:
				// A merged profile's tax codes lead to its survivor, which
				// an earlier row may have changed: updates go in order.
				if err := bw.wait(); err != nil {
					return err
				}
				if err := s.updateEnterprise(ctx, tx, w.cur, w.next, true); err != nil {
					return err
				}
			case ImportCreate:
				r := record{Profile: w.next, Status: StatusActive, JoinedOn: w.joined, CreatedAt: now, UpdatedAt: now}
				r.Version = 1
				be := bulkEnterprise{rec: r, periods: []StatusPeriod{{From: w.joined, Status: StatusActive}}}
				if w.cert != nil {
					be.certs = append(be.certs, w.cert.bulk())
				}
				creates = append(creates, be)
				listedAt = append(listedAt, i)
				pending[w.code] = len(creates) - 1
				if len(creates) == block {
					return flush()
				}
				return nil
			}
			if w.cert == nil {
				return nil
			}
			id := w.entID
			if id == 0 {
				// An enterprise this import creates: still waiting to be
				// written, or written already.
				if k, ok := pending[w.code]; ok {
					creates[k].certs = append(creates[k].certs, w.cert.bulk())
					return nil
				}
				if id, err = idOf(w.code); err != nil {
					return err
				}
			} else if err := bw.wait(); err != nil {
				return err
			}
			return s.writeCert(ctx, tx, id, w.cert)
		})
		if err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		if err := bw.wait(); err != nil {
			return err
		}
		// What planning kept of every row is no longer needed: free it
		// before SQLite sorts the indexes.
		p.seen, p.taxIDs, p.similar, p.certSeen = nil, nil, nil, nil
		if rebuild != nil {
			if err := rebuild(); err != nil {
				return err
			}
		}
		for _, b := range bw.written {
			for k, at := range b.listedAt {
				if at >= 0 {
					p.plan.Outcomes[at].ID = b.firstID + int64(k)
				}
			}
		}
		if handed > 0 {
			if err := audit.Record(ctx, tx, audit.Change{Entity: "import", EntityID: src.ID, Action: "import", After: audit.Fields{
				"filename": src.Filename, "sha256": src.SHA256, "count": handed, "certifications": bw.certs, "ids": bw.ranges(),
			}}); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(done)
		}
		plan = p.plan
		return nil
	})
	if err != nil {
		return ImportPlan{}, err
	}
	return plan, nil
}

// deferIndexesMin is how many enterprises an import must be expected to
// create (judged from its first block) for the indexes to be built after
// its rows rather than row by row; it must also create more than the
// registry holds. A million rows into an empty registry took 63 s
// instead of 75 s, 26 s of it building the indexes (BenchmarkImport).
var deferIndexesMin = 50_000

// deferIndexes drops, in a SQLite transaction, the registry's indexes an
// import does not look things up by (all but the primary and unique
// keys, which catch a tax code twice) and returns the func that builds
// them again from their stored definitions, before commit. Everyone else
// goes on reading the committed registry with its indexes (WAL); a crash
// or an error rolls the drop back with the rows. It does nothing on
// PostgreSQL, where dropping an index locks readers out until commit.
func deferIndexes(ctx context.Context, tx *db.Tx) (rebuild func() error, err error) {
	noop := func() error { return nil }
	if tx.Dialect() != db.SQLite {
		return noop, nil
	}
	var names, defs []string
	err = queryList(ctx, tx, `SELECT name, sql FROM sqlite_master WHERE type = $1 AND tbl_name IN ('enterprises', 'enterprise_status')
		AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name`, "index", func(rows *sql.Rows) error {
		var n, d string
		err := rows.Scan(&n, &d)
		names, defs = append(names, n), append(defs, d)
		return err
	})
	if err != nil {
		return nil, err
	}
	var stats int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'`).Scan(&stats); err != nil {
		return nil, apperr.Wrap(err, "find statistics")
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+n+`"`); err != nil {
			return nil, apperr.Wrap(err, "defer index "+n)
		}
	}
	return func() error {
		for i, d := range defs {
			if _, err := tx.ExecContext(ctx, d); err != nil {
				return apperr.Wrap(err, "build index "+names[i])
			}
		}
		if stats == 0 {
			return nil
		}
		// Dropping an index dropped its statistics: sample the tables'
		// again (all their indexes, so that their row counts agree), so
		// that the query planner keeps choosing them.
		if _, err := tx.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
			return apperr.Wrap(err, "analyse")
		}
		defer func() { _, _ = tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA analysis_limit = 0`) }()
		for _, t := range []string{"enterprises", "enterprise_status"} {
			if _, err := tx.ExecContext(ctx, `ANALYZE `+t); err != nil {
				return apperr.Wrap(err, "analyse "+t)
			}
		}
		return nil
	}, nil
}

// idleQuerier waits for the block writer to be idle before each
// statement. The writer starts a block only when the planner's goroutine
// hands one over, after the planner's rows are closed.
type idleQuerier struct {
	*db.Tx
	bw *blockWriter
}

func (q idleQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := q.bw.wait(); err != nil {
		return nil, err
	}
	return q.Tx.ExecContext(ctx, query, args...)
}

func (q idleQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := q.bw.wait(); err != nil {
		return nil, err
	}
	return q.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext waits too; a failed writer fails the import at the
// next row anyway.
func (q idleQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	_ = q.bw.wait()
	return q.Tx.QueryRowContext(ctx, query, args...)
}

// blockWriter writes an import's new enterprises in its own goroutine,
// one block at a time, a block behind the rows being planned.
type blockWriter struct {
	s      *Service
	ctx    context.Context
	tx     *db.Tx
	in     chan writeBlock
	idle   chan struct{} // receives after each block, and when in is drained
	mu     sync.Mutex
	err    error
	queued int // blocks put and not yet written
	// written are the blocks done, in order (read after wait).
	written []writeBlock
	certs   int // certificates written with the new enterprises
	exited  chan struct{}
}

type writeBlock struct {
	items    []bulkEnterprise
	listedAt []int
	firstID  int64
	// similar are the block's new profiles that may be registered ones,
	// to queue for a person (see Pairs).
	similar []similarNew
}

type similarNew struct {
	k       int // in the block
	otherID int64
	score   int
}

func (s *Service) startBlockWriter(ctx context.Context, tx *db.Tx) *blockWriter {
	w := &blockWriter{s: s, ctx: ctx, tx: tx, in: make(chan writeBlock, 1), idle: make(chan struct{}, 1), exited: make(chan struct{})}
	go w.run()
	return w
}

func (w *blockWriter) run() {
	defer close(w.exited)
	for b := range w.in {
		err := w.failed()
		if err == nil {
			err = w.safeWrite(&b)
		}
		w.mu.Lock()
		if err != nil && w.err == nil {
			w.err = err
		}
		w.queued--
		if err == nil {
			w.written = append(w.written, writeBlock{listedAt: b.listedAt, firstID: b.firstID})
			for i := range b.items {
				w.certs += len(b.items[i].certs)
			}
		}
		w.mu.Unlock()
		select {
		case w.idle <- struct{}{}:
		default:
		}
	}
}

// safeWrite is write with a panic turned into the import's error, as the
// job runner would on its own goroutine: a bug here must fail the import,
// not the server.
func (w *blockWriter) safeWrite(b *writeBlock) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("import writer panic: %v\n%s", v, debug.Stack())
		}
	}()
	return w.write(b)
}

func (w *blockWriter) write(b *writeBlock) error {
	if err := w.s.bulkInsert(w.ctx, w.tx, b.items, auditByCaller, ""); err != nil {
		return err
	}
	b.firstID = b.items[0].rec.ID
	for _, sn := range b.similar {
		if _, err := w.s.queuePair(w.ctx, w.tx, b.firstID+int64(sn.k), sn.otherID, sn.score, "import"); err != nil {
			return err
		}
	}
	return nil
}

// put hands a block over; it waits while another is still queued, so that
// at most three blocks are held at once (one written, one queued, one
// being filled).
func (w *blockWriter) put(items []bulkEnterprise, listedAt []int, similar []similarNew) error {
	w.mu.Lock()
	w.queued++
	w.mu.Unlock()
	select {
	case w.in <- writeBlock{items: items, listedAt: listedAt, similar: similar}:
		return w.failed()
	case <-w.ctx.Done():
		return w.ctx.Err()
	}
}

// wait returns once every block put is written, with the first error.
func (w *blockWriter) wait() error {
	for {
		w.mu.Lock()
		q, err := w.queued, w.err
		w.mu.Unlock()
		if q == 0 || err != nil {
			return err
		}
		select {
		case <-w.idle:
		case <-w.ctx.Done():
			return w.ctx.Err()
		}
	}
}

func (w *blockWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// stop ends the goroutine once it has written or dropped what it holds;
// the transaction must not end before.
func (w *blockWriter) stop() {
	close(w.in)
	<-w.exited
}

// idOf is the id of the import's k-th created enterprise (after wait).
func (w *blockWriter) idOf(k int) int64 {
	for _, b := range w.written {
		if k < len(b.listedAt) {
			return b.firstID + int64(k)
		}
		k -= len(b.listedAt)
	}
	return 0
}

// ranges are the created ids as [first, last] pairs, neighbours joined.
func (w *blockWriter) ranges() [][2]int64 {
	var out [][2]int64
	for _, b := range w.written {
		last := b.firstID + int64(len(b.listedAt)) - 1
		if n := len(out); n > 0 && out[n-1][1]+1 == b.firstID {
			out[n-1][1] = last
			continue
		}
		out = append(out, [2]int64{b.firstID, last})
	}
	return out
}

// loadTaxCodes reads every tax code of the registry with its enterprise
// (for a profile merged into another, that other), once per plan instead
// of a query per row.
func loadTaxCodes(ctx context.Context, q db.Querier) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT tax_code, CASE WHEN merged_into <> 0 THEN merged_into ELSE id END FROM enterprises`)
	if err != nil {
		return nil, apperr.Wrap(err, "load tax codes")
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, apperr.Wrap(err, "load tax codes")
		}
		out[code] = id
	}
	return out, apperr.Wrap(rows.Err(), "load tax codes")
}

// matchIndex finds, among the registry's enterprises, those a new row may
// be: candidates share the row's rarest name word, and are scored with
// MatchScore.
type matchIndex struct {
	items []matchItem
	words map[string][]int // folded name word → items
}

type matchItem struct {
	id      int64
	cand    MatchCandidate
	name    Name
	display string
}

func loadMatchIndex(ctx context.Context, q db.Querier) (*matchIndex, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, tax_code, name, ward_code, phone FROM enterprises WHERE merged_into = 0`)
	if err != nil {
		return nil, apperr.Wrap(err, "load names")
	}
	defer rows.Close()
	ix := &matchIndex{words: map[string][]int{}}
	for rows.Next() {
		var it matchItem
		if err := rows.Scan(&it.id, &it.cand.TaxCode, &it.cand.Name, &it.cand.WardCode, &it.cand.Phone); err != nil {
			return nil, apperr.Wrap(err, "load names")
		}
		it.name = ParseName(it.cand.Name)
		it.display = it.cand.Name
		n := len(ix.items)
		ix.items = append(ix.items, it)
		for _, w := range it.name.words {
			if l := ix.words[w.folded]; len(l) == 0 || l[len(l)-1] != n {
				ix.words[w.folded] = append(l, n)
			}
		}
	}
	return ix, apperr.Wrap(rows.Err(), "load names")
}

// maxCandidates bounds the enterprises one row is compared with.
const maxCandidates = 300

// best returns the most similar enterprise of another tax code when it is
// at least worth a look (MatchReview or MatchSame).
func (ix *matchIndex) best(c MatchCandidate) (SimilarEnterprise, bool) {
	if len(ix.items) == 0 {
		return SimilarEnterprise{}, false // an empty registry: nothing to resemble
	}
	name := ParseName(c.Name)
	// The two rarest words of the name pick the candidates: a duplicate
	// shares at least one of them, typos aside.
	ws := append([]nameWord(nil), name.words...)
	slices.SortFunc(ws, func(a, b nameWord) int { return len(ix.words[a.folded]) - len(ix.words[b.folded]) })
	seen := map[int]bool{}
	var out SimilarEnterprise
	found := false
	for k := 0; k < min(2, len(ws)); k++ {
		posting := ix.words[ws[k].folded]
		if len(posting) > maxCandidates {
			// A word this common picks nothing out ("cơ khí"); a name
			// made only of such words is compared with the first few.
			if k > 0 || len(ws) > 1 {
				continue
			}
			posting = posting[:maxCandidates]
		}
		for _, i := range posting {
			if seen[i] {
				continue
			}
			seen[i] = true
			it := ix.items[i]
			if it.cand.TaxCode == c.TaxCode {
				continue
			}
			m := MatchScore(c, it.cand)
			if m.Decision == MatchDifferent || found && m.Score <= out.Score {
				continue
			}
			out, found = SimilarEnterprise{ID: it.id, TaxCode: it.cand.TaxCode, Name: it.display, Score: m.Score, Decision: m.Decision}, true
		}
	}
	return out, found
}
