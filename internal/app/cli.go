package app

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/i18n"
)

// openCLI opens and migrates the database for a one-shot command, acting
// as the system.
func openCLI(ctx context.Context, env Env, name, synopsis string, args []string, extra func(fs *flag.FlagSet)) (*App, context.Context, error) {
	fs, cfg, err := flags(env, name, synopsis)
	if err != nil {
		return nil, nil, err
	}
	if extra != nil {
		extra(fs)
	}
	if err := parse(fs, args); err != nil {
		return nil, nil, err
	}
	cfg.Workers = 0
	a, err := Open(ctx, *cfg, newLogger(cfg, env.Stderr))
	if err != nil {
		return nil, nil, err
	}
	return a, actor.SystemContext(ctx), nil
}

// cliError renders an application error in Vietnamese and English, since
// a terminal has no language switch.
func cliError(err error) error {
	b, lerr := i18n.Load()
	if lerr != nil {
		return err
	}
	vi, en := b.Printer("vi"), b.Printer("en")
	msg := vi.Error(err) + " / " + en.Error(err)
	for f, m := range en.FieldErrors(err) {
		msg += fmt.Sprintf("\n  %s: %s / %s", f, vi.FieldErrors(err)[f], m)
	}
	return fmt.Errorf("%s", msg)
}

func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "passwd") {
		fmt.Fprintln(env.Stderr, "Usage:\n  cnht user add --email E --name N --role R --org ORG [--password P]\n  cnht user passwd --email E [--password P]\n\nRoles: admin, officer, association, enterprise, buyer, council, inspector.\nWithout --password, the password is read from CNHT_PASSWORD.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	var email, name, role, org, password string
	a, sctx, err := openCLI(ctx, env, "user "+args[0], "user "+args[0]+" [flags]", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's e-mail address (the login)")
		fs.StringVar(&password, "password", "", "the password (or set CNHT_PASSWORD)")
		if args[0] == "add" {
			fs.StringVar(&name, "name", "", "the user's full name")
			fs.StringVar(&role, "role", "", "admin, officer, association, enterprise, buyer, council or inspector")
			fs.StringVar(&org, "org", "", "the organisation's exact name")
		}
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if password == "" {
		password = env.Getenv("CNHT_PASSWORD")
	}
	if args[0] == "passwd" {
		if err := a.Accounts.SetPassword(sctx, email, password); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "password set for %s\n", email)
		return nil
	}
	o, err := a.Accounts.FindOrganisationByName(sctx, org)
	if err != nil {
		var names []string
		if all, lerr := a.Accounts.Organisations(sctx); lerr == nil {
			for _, x := range all {
				names = append(names, "  "+x.Name)
			}
		}
		return fmt.Errorf("%w\nOrganisations:\n%s", cliError(err), strings.Join(names, "\n"))
	}
	u, err := a.Accounts.CreateUser(sctx, account.NewUser{Email: email, Name: name, Role: actor.Role(role), OrgID: o.ID, Password: password})
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintf(env.Stdout, "user %d added: %s (%s, %s)\n", u.ID, u.Email, u.Role, u.OrgName)
	return nil
}

func runToken(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(env.Stderr, "Usage:\n  cnht token create --email E [--name N]\n\nPrints a new API token for the user; send it as \"Authorization: Bearer <token>\".")
		return errUsage
	}
	var email, name string
	a, sctx, err := openCLI(ctx, env, "token create", "token create --email E [--name N]", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user the token acts as")
		fs.StringVar(&name, "name", "cli", "a name to recognise the token by")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Accounts.FindUserByEmail(sctx, email)
	if err != nil {
		return cliError(err)
	}
	secret, _, err := a.Accounts.CreateToken(sctx, u.ID, name)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintln(env.Stdout, secret)
	return nil
}

func runBackup(ctx context.Context, env Env, args []string) error {
	var out string
	fs, cfg, err := flags(env, "backup", "backup [-db FILE|URL] -out FILE")
	if err != nil {
		return err
	}
	fs.StringVar(&out, "out", "", "where to write the copy (SQLite); default cnht-backup-<time>.db next to the database")
	if err := parse(fs, args); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.Database)
	if err != nil {
		return err
	}
	defer d.Close()
	if d.Dialect() == db.Postgres {
		fmt.Fprintf(env.Stdout, "cnht does not copy PostgreSQL itself. Run:\n\n  pg_dump --format=custom --file=cnht-$(date +%%Y%%m%%d-%%H%%M).dump '%s'\n\nand restore with pg_restore --clean --dbname=URL FILE.\n", d.URL)
		return nil
	}
	if out == "" {
		out = filepath.Join(filepath.Dir(d.Path), "cnht-backup-"+timeStamp()+".db")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists; choose another -out", out)
	}
	// VACUUM INTO writes a consistent snapshot while others keep writing.
	if _, err := d.ExecContext(ctx, `VACUUM INTO $1`, out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written to %s\n", out)
	return nil
}

func runAudit(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(env.Stderr, "Usage:\n  cnht audit verify [-db FILE|URL]\n\nChecks that no audit entry was edited, deleted or cut off.")
		return errUsage
	}
	fs, cfg, err := flags(env, "audit verify", "audit verify [-db FILE|URL]")
	if err != nil {
		return err
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.Database)
	if err != nil {
		return err
	}
	defer d.Close()
	r, err := audit.Verify(ctx, d)
	if err != nil {
		return err
	}
	if r.OK() {
		fmt.Fprintf(env.Stdout, "audit trail verified: %d entries, chain intact\n", r.Entries)
		return nil
	}
	for _, p := range r.Problems {
		fmt.Fprintf(env.Stdout, "entry %d: %s\n", p.Seq, p.Reason)
	}
	return fmt.Errorf("audit trail broken: %d problems in %d entries", len(r.Problems), r.Entries)
}
