// Package app wires cnht together and implements its subcommands: serve,
// demo, migrate, user, token, backup, audit. cmd/cnht only calls Run.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"cnht/internal/config"
)

// Env is what a run of cnht gets from its process.
type Env struct {
	Args   []string
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve the web pages and the JSON API", runServe},
		{"demo", "create or open a SQLite file with demo data and serve it", runDemo},
		{"migrate", "apply the database migrations and exit", runMigrate},
		{"user", "add a user or set a password: user add | user passwd", runUser},
		{"token", "create an API token for a user: token create", runToken},
		{"backup", "copy a live SQLite database consistently (PostgreSQL: prints the pg_dump command)", runBackup},
		{"audit", "check the audit trail: audit verify", runAudit},
		{"import", "import enterprises from an XLSX or CSV file: import FILE [--dry-run]", runImport},
		{"export", "export enterprises as CSV or XLSX (--public: the open data)", runExport},
	}
}

// errUsage marks a usage error already explained to the user.
var errUsage = errors.New("usage")

// Run runs cnht with the given arguments (without the program name) and
// returns the process's exit code.
func Run(ctx context.Context, env Env) int {
	if len(env.Args) == 0 || env.Args[0] == "-h" || env.Args[0] == "--help" || env.Args[0] == "help" {
		usage(env.Stdout)
		if len(env.Args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == env.Args[0] {
			err := c.run(ctx, env, env.Args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				return 2
			}
			fmt.Fprintf(env.Stderr, "cnht %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "cnht: unknown command %q\n\n", env.Args[0])
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `cnht runs a city's supporting-industry programme and key-industrial-products scheme.

Usage: cnht <command> [flags]

Commands:`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Run "cnht <command> -h" for a command's flags. Every flag can also be set
in the environment (CNHT_ADDR, CNHT_DATABASE, ...; see the flags' help).

Quick start:  cnht demo          (SQLite file cnht-demo.db, demo data, http://127.0.0.1:8080)`)
}

// flags makes a flag set bound to the configuration.
func flags(env Env, name, synopsis string) (*flag.FlagSet, *config.Config, error) {
	cfg := config.Default()
	fs := flag.NewFlagSet("cnht "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: cnht %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	if err := cfg.Bind(fs, env.Getenv); err != nil {
		return nil, nil, err
	}
	return fs, &cfg, nil
}

// parse parses flags, turning a parse error into errUsage (flag already
// printed it).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// newLogger logs as text to a terminal and as JSON otherwise.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.LogFormat
	if format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	if strings.EqualFold(format, "text") {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
