package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/importer"
	"cnht/internal/vn"
)

// importMemoryLimit is the Go heap the import command aims to stay under.
const importMemoryLimit = 512 << 20

// runImport imports enterprises from an XLSX or CSV file: it prints what
// was detected in each column and what each row will do, and, unless
// --dry-run, writes every accepted row in one transaction.
func runImport(ctx context.Context, env Env, args []string) error {
	var dryRun bool
	var lang string
	var maxRows int
	// The file may come before or after the flags.
	files := restArgs(args)
	flagArgs := slices.DeleteFunc(slices.Clone(args), func(a string) bool { return slices.Contains(files, a) })
	if len(files) != 1 {
		fmt.Fprintln(env.Stderr, "Usage: cnht import FILE [--dry-run] [--lang en] [-db DATABASE]\n\nImports enterprises from an XLSX or CSV file (UTF-8, UTF-16, Windows-1258; TCVN3 and VNI text repaired):\nprints what each column holds and what each row does, then writes every accepted row in one transaction.")
		return errUsage
	}
	a, sctx, err := openCLI(ctx, env, "import", "import FILE [--dry-run]", flagArgs, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "show what the import would do and write nothing")
		fs.StringVar(&lang, "lang", "vi", "language of the messages: vi or en")
		fs.IntVar(&maxRows, "max-rows", 2_000_000, "the most data rows a file may hold")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	bundle, err := i18n.Load()
	if err != nil {
		return err
	}
	p := bundle.Printer(i18n.Match(lang))
	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer f.Close()
	lim := importer.DefaultLimits()
	lim.MaxBytes, lim.MaxRows = 4<<30, maxRows
	data, err := importer.ReadAll(f, lim)
	if err != nil {
		return cliError(err)
	}
	// A file of a million rows (150 MB) makes a live heap of about 330
	// MB; the collector keeps the process under 1 GB by working harder
	// near this limit rather than doubling the heap (unless GOMEMLIMIT
	// says else). A larger file raises it: the file stays in memory.
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(max(importMemoryLimit, 3*int64(len(data)))))
	}
	file, err := importer.Open(data, lim)
	if err != nil {
		return cliError(err)
	}
	conv := importer.Converter{Units: a.Units, Province: a.Registry.ProvinceCode(), Today: a.Registry.Today()}
	res, rows := conv.Stream(file, importer.Options{})
	fmt.Fprintf(env.Stdout, "%s: %s%s, %d %s\n", files[0], file.Format, encodingNote(file.Encoding), file.Count, p.T("import.rows"))
	if len(res.Missing) > 0 {
		printColumns(env, p, res)
		var names []string
		for _, m := range res.Missing {
			names = append(names, p.T("import.field."+string(m)))
		}
		return errors.New(p.T("import.missing_columns", "fields", strings.Join(names, ", ")))
	}
	var plan enterprise.ImportPlan
	if dryRun {
		plan, err = a.Registry.PlanImport(sctx, rows)
	} else {
		// The file is kept like an uploaded one, in the import's
		// transaction: its audit entry names it.
		var kept int64
		src := enterprise.ImportSource{Filename: filepath.Base(files[0]), Rows: file.Count, Keep: func(ctx context.Context, tx *db.Tx) (enterprise.ImportSource, error) {
			im, err := a.Importer.KeepIn(ctx, tx, files[0], data, file)
			kept = im.ID
			return enterprise.ImportSource{ID: im.ID, Filename: im.Filename, SHA256: im.SHA256}, err
		}}
		plan, err = a.Registry.ApplyImport(sctx, src, rows, func(done int) {
			fmt.Fprintf(env.Stderr, "\r%d/%d", done, file.Count)
		})
		fmt.Fprintln(env.Stderr)
		if err == nil {
			if ferr := a.Importer.Finish(sctx, kept, plan); ferr != nil {
				// The rows are written; only the summary kept with the file
				// is missing.
				fmt.Fprintln(env.Stderr, cliError(ferr))
			}
		}
	}
	if err != nil {
		return cliError(err)
	}
	// The columns' repair counts are complete once every row is read.
	printColumns(env, p, res)
	for _, o := range plan.Outcomes {
		if o.Action != enterprise.ImportRefused {
			continue
		}
		var why []string
		for _, pr := range o.Problems {
			why = append(why, columnOf(res, pr.Field)+": "+p.Error(&apperr.Error{Code: apperr.Invalid, Key: pr.Key, Args: pr.Args}))
		}
		fmt.Fprintf(env.Stdout, "  %s %d (%s): %s\n", p.T("import.line"), o.Line, o.TaxCode, strings.Join(why, "; "))
	}
	summary := p.T("import.summary", "creates", plan.Creates, "updates", plan.Updates, "unchanged", plan.Unchanged, "refused", plan.Refused)
	if dryRun {
		summary = p.T("import.dry_run") + " " + summary
	}
	if plan.CertCreates+plan.CertUpdates+plan.CertUnchanged > 0 {
		summary += " " + p.T("import.cert_summary", "creates", plan.CertCreates, "updates", plan.CertUpdates, "unchanged", plan.CertUnchanged)
	}
	fmt.Fprintln(env.Stdout, summary)
	return nil
}

// restArgs returns the arguments that are not flags (nor flag values).
func restArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--dry-run" || a == "-dry-run":
		case strings.HasPrefix(a, "-") && strings.Contains(a, "="):
		case strings.HasPrefix(a, "-"):
			i++ // the flag's value
		default:
			out = append(out, a)
		}
	}
	return out
}

func encodingNote(enc string) string {
	if enc == "" {
		return ""
	}
	return " (" + enc + ")"
}

// printColumns says what each column holds and what repairing its text
// changed.
func printColumns(env Env, p *i18n.Printer, res importer.Result) {
	for _, c := range res.Columns {
		field := p.T("import.field.ignored")
		if c.Field != importer.FieldIgnore {
			field = p.T("import.field." + string(c.Field))
		}
		line := fmt.Sprintf("  %-28s → %s", c.Header, field)
		if c.Used != "" && c.Used != vn.EncodingUnicode {
			line += fmt.Sprintf("  [%s]", p.T("import.encoding."+string(c.Used)))
		}
		if c.Repaired > 0 && c.Example != nil {
			line += fmt.Sprintf("  %s: %q → %q", p.T("import.repaired", "n", c.Repaired), c.Example.Before, c.Example.After)
		}
		fmt.Fprintln(env.Stdout, line)
	}
}

// columnOf names the column a problem's field came from.
func columnOf(res importer.Result, field string) string {
	for _, c := range res.Columns {
		if string(c.Field) == field || (c.Field == importer.FieldWard && field == "ward_code") {
			return c.Header
		}
	}
	return field
}
