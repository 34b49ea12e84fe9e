package enterprise_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// units is loaded once per test binary: parsing the embedded files takes
// tens of milliseconds and the result is immutable.
var units = sync.OnceValues(vn.LoadUnits)

// today is the tests' fixed "now": 10:00 in Hanoi on 10 March 2026.
var now = time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// env is a service over a fresh database, with organisations and callers
// of every role.
type env struct {
	t        *testing.T
	d        *db.DB
	s        *enterprise.Service
	system   context.Context
	admin    context.Context
	officer  context.Context
	public   context.Context
	buyer    context.Context
	orgA     int64 // an enterprise organisation
	orgB     int64 // another
	entA     context.Context
	entB     context.Context
	entAUser int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	u, err := units()
	if err != nil {
		t.Fatal(err)
	}
	s := enterprise.NewService(d, u, enterprise.Options{MaxUploadBytes: 64 << 10})
	s.SetClock(func() time.Time { return now })
	acc := account.NewService(d)
	sys := actor.SystemContext(context.Background())
	mk := func(kind account.OrgKind, name string) int64 {
		o, err := acc.CreateOrganisation(sys, account.NewOrganisation{Kind: kind, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	office := mk(account.KindOffice, "Sở Công Thương Hà Nội")
	buyerOrg := mk(account.KindBuyer, "Công ty TNHH Điện tử Toàn Cầu Việt Nam")
	e := &env{t: t, d: d, s: s, system: sys, public: context.Background()}
	e.orgA = mk(account.KindEnterprise, "Công ty TNHH Cơ khí Hòa Bình")
	e.orgB = mk(account.KindEnterprise, "Công ty Cổ phần Nhựa Thăng Long")
	as := func(id int64, role actor.Role, org int64, email string) context.Context {
		return actor.NewContext(context.Background(), actor.Actor{UserID: id, OrgID: org, Role: role, Email: email})
	}
	e.admin = as(1, actor.Admin, office, "admin@sct.hanoi.gov.vn")
	e.officer = as(2, actor.Officer, office, "canbo@sct.hanoi.gov.vn")
	e.buyer = as(3, actor.Buyer, buyerOrg, "mua@toancau.vn")
	e.entAUser = 4
	e.entA = as(4, actor.Enterprise, e.orgA, "a@hoabinh.vn")
	e.entB = as(5, actor.Enterprise, e.orgB, "b@thanglong.vn")
	return e
}

// taxCode makes a valid 10-digit tax code from a 7-digit sequence.
func taxCode(t *testing.T, seq int) string {
	t.Helper()
	for k := 0; k < 7; k++ {
		p := fmt.Sprintf("01%07d", seq+k)
		if c, ok := vn.TaxCheckDigit(p); ok {
			return p + string(c)
		}
	}
	t.Fatal("no tax code")
	return ""
}

func i64(n int64) *int64 { return &n }

// profile is a valid profile: a small components maker in Đông Anh.
func profile(taxCode, name string) enterprise.Profile {
	return enterprise.Profile{
		TaxCode: taxCode, Name: name, NameEN: "Hoa Binh Mechanical Co., Ltd", ShortName: "HOA BINH MECH",
		LegalForm: enterprise.FormMultiMemberLLC, Ownership: enterprise.OwnershipPrivate, FoundedYear: 2008,
		Street: "Lô CN2-05, Cụm công nghiệp Nguyên Khê", WardCode: "00454",
		Phone: "024 3882 1234", Email: "info@hoabinh.vn", Website: "www.hoabinh.vn",
		Contact: enterprise.Contact{Name: "Nguyễn Văn Hùng", Title: "Giám đốc", Phone: "0912 345 678", Email: "hung@hoabinh.vn"}, ContactPrivate: true,
		Employees: i64(85), CharterCapitalVND: i64(15_000_000_000), RevenueVND: i64(42_000_000_000), RevenueYear: 2025,
		KeySectors: []enterprise.KeySector{enterprise.SectorComponents}, Industries: []enterprise.Industry{enterprise.IndustryMotorcycle},
		Materials: "Thép C45", Equipment: "Máy CNC", Capacity: "2 triệu chi tiết/năm",
		Customers: []enterprise.Customer{
			{Name: "Honda Việt Nam", Country: "VN", Multinational: true},
			{Name: "Công ty TNHH Bí Mật", Country: "VN", Private: true},
		},
		ExportMarkets: []string{"jp", "KR"}, SupplierTier: enterprise.Tier2,
	}
}

// create makes an enterprise as an officer, joined on the given day.
func (e *env) create(p enterprise.Profile, joined time.Time) enterprise.View {
	e.t.Helper()
	v, err := e.s.Create(e.officer, enterprise.NewEnterprise{Profile: p, JoinedOn: joined})
	if err != nil {
		e.t.Fatalf("create %s: %v", p.Name, err)
	}
	return v
}

// fields maps an error's field errors to their keys.
func fields(err error) map[string]string {
	out := map[string]string{}
	for _, f := range apperr.As(err).Fields {
		if _, ok := out[f.Field]; !ok {
			out[f.Field] = f.Key
		}
	}
	return out
}

func wantCode(t *testing.T, err error, code apperr.Code, what string) {
	t.Helper()
	if apperr.CodeOf(err) != code || err == nil {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}
