package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/plan"
)

// The demo registry's size and seed: the same seed gives the same registry.
const (
	DemoSeed        = 2025
	DemoEnterprises = 950
)

// DemoPassword is every demo account's password. The demo is for trying
// cnht out on one's own machine, never for a real deployment.
const DemoPassword = "cnht-demo-2025"

// demoUser is one demo login.
type demoUser struct {
	Email, Name string
	Role        actor.Role
	Org         string
}

var demoOrgs = []account.NewOrganisation{
	{Kind: account.KindOffice, Name: "Sở Công Thương Hà Nội", NameEN: "Hanoi Department of Industry and Trade"},
	{Kind: account.KindAssociation, Name: "Hiệp hội Doanh nghiệp Công nghiệp hỗ trợ Hà Nội", NameEN: "Hanoi Association of Supporting Industry Enterprises"},
	{Kind: account.KindEnterprise, Name: "Công ty TNHH Cơ khí Chính xác Đông Anh", NameEN: "Dong Anh Precision Mechanical Co., Ltd"},
	{Kind: account.KindBuyer, Name: "Công ty TNHH Điện tử Toàn Cầu Việt Nam", NameEN: "Global Electronics Vietnam Co., Ltd"},
	{Kind: account.KindCouncil, Name: "Hội đồng xét chọn sản phẩm công nghiệp chủ lực 2025", NameEN: "Key Industrial Products Selection Council 2025"},
	{Kind: account.KindInspection, Name: "Đoàn kiểm tra chương trình CNHT 2025", NameEN: "Supporting Industry Programme Inspection Group 2025"},
}

var demoUsers = []demoUser{
	{"admin@cnht.demo", "Quản trị hệ thống", actor.Admin, "Sở Công Thương Hà Nội"},
	{"canbo@cnht.demo", "Nguyễn Thị Hương", actor.Officer, "Sở Công Thương Hà Nội"},
	{"hiephoi@cnht.demo", "Trần Văn Đức", actor.Association, "Hiệp hội Doanh nghiệp Công nghiệp hỗ trợ Hà Nội"},
	{"doanhnghiep@cnht.demo", "Lê Minh Tuấn", actor.Enterprise, "Công ty TNHH Cơ khí Chính xác Đông Anh"},
	{"buyer@cnht.demo", "Sarah Nguyen", actor.Buyer, "Công ty TNHH Điện tử Toàn Cầu Việt Nam"},
	{"hoidong@cnht.demo", "Phạm Quốc Bảo", actor.Council, "Hội đồng xét chọn sản phẩm công nghiệp chủ lực 2025"},
	{"kiemtra@cnht.demo", "Đỗ Thu Trang", actor.Inspector, "Đoàn kiểm tra chương trình CNHT 2025"},
}

// LoadDemo loads the demo data once: a second call finds the marker and
// does nothing. It reports whether it loaded anything.
func (a *App) LoadDemo(ctx context.Context) (bool, error) { return a.LoadDemoN(ctx, DemoEnterprises) }

// LoadDemoN is LoadDemo with n enterprises in the registry (for measuring
// at scale: the directory at 100,000).
func (a *App) LoadDemoN(ctx context.Context, n int) (bool, error) {
	var v string
	err := a.DB.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'demo_loaded'`).Scan(&v)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	ctx = actor.SystemContext(ctx)
	orgIDs := map[string]int64{}
	for _, o := range demoOrgs {
		org, err := a.Accounts.CreateOrganisation(ctx, o)
		if apperr.Is(err, apperr.Conflict) {
			org, err = a.Accounts.FindOrganisationByName(ctx, o.Name)
		}
		if err != nil {
			return false, fmt.Errorf("demo organisation %s: %w", o.Name, err)
		}
		orgIDs[o.Name] = org.ID
	}
	for _, u := range demoUsers {
		_, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: u.Email, Name: u.Name, Role: u.Role, OrgID: orgIDs[u.Org], Password: DemoPassword})
		if err != nil && !apperr.Is(err, apperr.Conflict) {
			return false, fmt.Errorf("demo user %s: %w", u.Email, err)
		}
	}
	// The registry: about 950 Hanoi enterprises with histories since 2019,
	// the first of which the demo enterprise login holds.
	if err := enterprise.LoadDemo(ctx, a.Registry, DemoSeed, n); err != nil && !apperr.Is(err, apperr.Conflict) {
		return false, fmt.Errorf("demo registry: %w", err)
	}
	flagship, err := a.Registry.FindEnterpriseByTaxCode(ctx, enterprise.DemoFlagshipTaxCode())
	if err != nil {
		return false, fmt.Errorf("demo flagship: %w", err)
	}
	if flagship.Private == nil || flagship.Private.OrgID == 0 {
		if err := a.Registry.AssignOrganisation(ctx, flagship.Public.ID, orgIDs[enterprise.DemoFlagshipName]); err != nil {
			return false, fmt.Errorf("demo flagship organisation: %w", err)
		}
	}
	// Hanoi's published plans and targets, and statistics reports and city
	// figures since 2019 for the dashboard's actual values.
	if err := plan.LoadDemo(ctx, a.Plans, DemoSeed); err != nil {
		return false, fmt.Errorf("demo plans: %w", err)
	}
	if _, err := a.DB.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('demo_loaded', '1')`); err != nil {
		return false, err
	}
	return true, nil
}

func printDemoLogins(w io.Writer, addr string) {
	fmt.Fprintf(w, "\ncnht demo: http://%s\n\nDemo logins (password for all: %s):\n", addr, DemoPassword)
	for _, u := range demoUsers {
		fmt.Fprintf(w, "  %-12s %s\n", u.Role, u.Email)
	}
	fmt.Fprintln(w)
}

func runDemo(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "demo", "demo [flags]")
	if err != nil {
		return err
	}
	fs.Lookup("db").DefValue = "cnht-demo.db"
	size := fs.Int("enterprises", DemoEnterprises, "how many enterprises a new demo registry holds (more, to measure at scale)")
	if env.Getenv("CNHT_DATABASE") == "" {
		cfg.Database = "cnht-demo.db"
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	logger := newLogger(cfg, env.Stderr)
	a, err := Open(ctx, *cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	loaded, err := a.LoadDemoN(ctx, *size)
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	if loaded {
		logger.Info("demo data loaded", "db", cfg.Database)
	}
	return a.Serve(ctx, func(addr string) { printDemoLogins(env.Stdout, addr) })
}
