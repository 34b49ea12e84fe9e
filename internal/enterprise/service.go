package enterprise

import (
	"context"
	"sync"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/vn"
)

// DefaultMaxUploadBytes bounds an uploaded document when Options does not.
const DefaultMaxUploadBytes = 10 << 20

// Options configures a Service. The zero value is Hanoi with the defaults.
type Options struct {
	// ProvinceCode is the 2-digit 2025 code of the province running cnht;
	// ward codes must belong to it. "" means "01" (Hanoi).
	ProvinceCode string
	// MaxUploadBytes bounds every uploaded document; 0 means
	// DefaultMaxUploadBytes.
	MaxUploadBytes int64
	// Location decides which calendar day "today" is; nil means Vietnam's
	// time (UTC+7, no daylight saving), fixed rather than loaded from the
	// system's zone database, which minimal containers lack.
	Location *time.Location
}

// Service is the registry capability. Its methods take the caller from
// ctx (actor.From), check permission, and run each change in one
// transaction with its audit entry.
type Service struct {
	db        *db.DB
	units     *vn.Units
	province  string
	maxUpload int64
	loc       *time.Location
	now       func() time.Time
	// totals keeps TotalsAsOf's answers until the registry changes; tally
	// keeps the unfiltered one up to date by the enterprises changed.
	totals  *totalsCache
	tallyMu *sync.Mutex
	tally   *dayTally
}

// NewService returns the registry over d. units is the administrative-unit
// data (vn.LoadUnits), shared with the rest of the application.
func NewService(d *db.DB, units *vn.Units, opts Options) *Service {
	s := &Service{db: d, units: units, province: opts.ProvinceCode, maxUpload: opts.MaxUploadBytes, loc: opts.Location, now: time.Now, totals: &totalsCache{}, tallyMu: &sync.Mutex{}}
	if s.province == "" {
		s.province = "01"
	}
	if s.maxUpload <= 0 {
		s.maxUpload = DefaultMaxUploadBytes
	}
	if s.loc == nil {
		s.loc = time.FixedZone("ICT", 7*3600)
	}
	return s
}

// Units is the administrative-unit data the registry uses.
func (s *Service) Units() *vn.Units { return s.units }

// SetClock replaces the clock, for tests and for generating demo data as of
// a chosen day.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// MaxUploadBytes is the largest document UploadDocument accepts.
func (s *Service) MaxUploadBytes() int64 { return s.maxUpload }

// ProvinceCode is the province whose wards addresses use.
func (s *Service) ProvinceCode() string { return s.province }

// Today is the current calendar day where cnht runs, as midnight UTC (the
// form every date in this package takes).
func (s *Service) Today() time.Time { return civil(s.now().In(s.loc)) }

// Wards lists the 2025 wards of the configured province, for address
// forms and filters, in Vietnamese collation order.
func (s *Service) Wards() []vn.Unit { return s.units.Wards(s.province, vn.ReformDate()) }

// openEnd is the to_on of an open status period.
const openEnd = "9999-12-31"

// civil returns the calendar date of t, read in t's own location, as
// midnight UTC, so that dates compare and format alike however they came.
func civil(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dateStr is the stored form of a date.
func dateStr(t time.Time) string { return db.DateString(civil(t)) }

// parseDate reads a stored date; openEnd and "" give the zero time.
func parseDate(s string) time.Time {
	if s == openEnd {
		return time.Time{}
	}
	t, _ := db.ParseDateString(s)
	return t
}

// manages reports whether the caller may manage the registry (officers,
// admins, the system).
func manages(a actor.Actor) bool {
	return a.System || a.Role == actor.Officer || a.Role == actor.Admin
}

// owns reports whether the caller belongs to the organisation holding an
// enterprise.
func owns(a actor.Actor, orgID int64) bool {
	return a.Role == actor.Enterprise && a.OrgID != 0 && a.OrgID == orgID
}

func forbidden() error { return apperr.New(apperr.Forbidden, "error.forbidden") }

func notFound() error { return apperr.New(apperr.NotFound, "enterprise.not_found") }

// requireManager lets officers and admins through.
func requireManager(ctx context.Context) (actor.Actor, error) {
	return actor.Require(ctx, actor.Officer, actor.Admin)
}

// requireAdmin lets admins through (catalogues).
func requireAdmin(ctx context.Context) (actor.Actor, error) {
	return actor.Require(ctx, actor.Admin)
}
