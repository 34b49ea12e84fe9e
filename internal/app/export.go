package app

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"cnht/internal/actor"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/importer"
)

// runExport writes the registry, or a filtered part of it, as CSV or XLSX
// with Vietnamese headers; --public writes the open data (public fields of
// active enterprises).
func runExport(ctx context.Context, env Env, args []string) error {
	var format, out, sector, ward, status string
	var public bool
	a, sctx, err := openCLI(ctx, env, "export", "export [--format csv|xlsx] [--out FILE] [--public] [--sector S] [--ward CODE] [--status S]", args, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "csv", "csv or xlsx")
		fs.StringVar(&out, "out", "", "the file to write (default: standard output)")
		fs.BoolVar(&public, "public", false, "only the public fields of active enterprises (the open data)")
		fs.StringVar(&sector, "sector", "", "only this key sector: components, hightech, textile")
		fs.StringVar(&ward, "ward", "", "only this 2025 ward code")
		fs.StringVar(&status, "status", "", "only this status: active, suspended, closed")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if format != "csv" && format != "xlsx" {
		fmt.Fprintln(env.Stderr, "--format must be csv or xlsx")
		return errUsage
	}
	if public {
		sctx = actor.NewContext(ctx, actor.Actor{})
	}
	var w io.Writer = env.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<20)
		defer bw.Flush()
		w = bw
	}
	bundle, err := i18n.Load()
	if err != nil {
		return err
	}
	p := bundle.Printer("vi")
	header := func(f importer.Field) string { return p.T("import.field." + string(f)) }
	cols := importer.ExportColumns(!public)
	var rw importer.RowWriter
	if format == "xlsx" {
		rw, err = importer.NewXLSXWriter(w, cols, header)
	} else {
		rw, err = importer.NewCSVWriter(w, cols, header)
	}
	if err != nil {
		return err
	}
	n := 0
	f := enterprise.Filter{KeySector: enterprise.KeySector(sector), WardCode: ward, Status: enterprise.Status(status)}
	if err := a.Registry.Export(sctx, f, func(it enterprise.ExportItem) error { n++; return rw.Write(it) }); err != nil {
		return cliError(err)
	}
	if err := rw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "%d enterprises\n", n)
	return nil
}
