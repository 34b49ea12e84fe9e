package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/enterprise"
	"cnht/internal/search"
	"cnht/internal/vn"

	"golang.org/x/text/unicode/norm"
)

// registry is the generated registry: the database, cnht's service over
// it, and the day certificates are valid on.
type registry struct {
	db  *db.DB
	svc *enterprise.Service
	day time.Time
}

// openRegistry opens (or creates) the SQLite database at path and makes
// sure it holds n generated profiles: a database already loaded with n is
// reused, an empty one is loaded with LoadDemo.
func openRegistry(ctx context.Context, path string, seed int64, n int) (*registry, error) {
	d, err := db.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	units, err := vn.LoadUnits()
	if err != nil {
		d.Close()
		return nil, err
	}
	svc := enterprise.NewService(d, units, enterprise.Options{})
	var count int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises`).Scan(&count); err != nil {
		d.Close()
		return nil, err
	}
	switch {
	case count == n:
		logf("reusing %s: %d profiles already loaded", path, count)
	case count == 0:
		logf("generating %d profiles into %s (seed %d)…", n, path, seed)
		start := time.Now()
		if err := enterprise.LoadDemo(actor.SystemContext(ctx), svc, seed, n); err != nil {
			d.Close()
			return nil, fmt.Errorf("load demo: %w", err)
		}
		logf("generated in %v", time.Since(start).Round(time.Millisecond))
	default:
		d.Close()
		return nil, fmt.Errorf("%s holds %d profiles, not %d: remove it or give another -db", path, count, n)
	}
	return &registry{db: d, svc: svc, day: svc.Today()}, nil
}

// facetValue is one facet value of a document ("sector", "components").
type facetValue struct{ facet, value string }

// doc is a profile as the peer engines index it: the same words cnht
// searches (names and text, folded) and the same facet values.
type doc struct {
	id     int64
	text   string // folded words, space-separated
	facets []facetValue
	// for building queries
	name      []string
	products  [][]string
	processes [][]string
	ward      []string
}

// The facets every engine filters and counts by: cnht's (the facets it
// counts, search.Facets()).
var facetNames = []string{search.FacetCert, search.FacetSector, search.FacetIndustry, search.FacetProduct, search.FacetProcess,
	search.FacetWard, search.FacetSize, search.FacetOwnership, search.FacetMarket, search.FacetVerified}

// fold folds text the way cnht's index does: NFC, vn.Fold, split at
// anything not a letter or digit.
func fold(s string) []string {
	return strings.FieldsFunc(vn.Fold(norm.NFC.String(s)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// readDocs reads the registry's search documents once, turning each into
// the peers' form the way cnht's search does (search/service.go docOf):
// the same texts, the same facet values, certificates valid on day.
func readDocs(ctx context.Context, r *registry) ([]doc, error) {
	sectors, industries := enterprise.KeySectorChoices(), enterprise.IndustryChoices()
	var docs []doc
	_, err := r.svc.SearchDocs(actor.SystemContext(ctx), time.Time{}, func(d enterprise.SearchDoc) error {
		if !d.Listed {
			return nil
		}
		texts := []string{d.Name, d.NameEN, d.ShortName, d.Materials, d.Equipment, d.Capacity, d.WardName, d.WardNameEN}
		texts = append(texts, d.Customers...)
		out := doc{id: d.ID, name: fold(d.Name), ward: fold(d.WardName)}
		add := func(f, v string) {
			fv := facetValue{f, v}
			if !slices.Contains(out.facets, fv) {
				out.facets = append(out.facets, fv)
			}
		}
		for _, p := range d.Products {
			texts = append(texts, p.NameVI, p.NameEN)
			out.products = append(out.products, fold(p.NameVI), fold(p.NameEN))
			add(search.FacetProduct, p.Code)
		}
		for _, p := range d.Processes {
			texts = append(texts, p.NameVI, p.NameEN)
			out.processes = append(out.processes, fold(p.NameVI), fold(p.NameEN))
			add(search.FacetProcess, p.Code)
		}
		for _, k := range d.KeySectors {
			for _, c := range sectors {
				if c.Code == string(k) {
					texts = append(texts, c.NameVI, c.NameEN)
				}
			}
			add(search.FacetSector, string(k))
		}
		for _, k := range d.Industries {
			for _, c := range industries {
				if c.Code == string(k) {
					texts = append(texts, c.NameVI, c.NameEN)
				}
			}
			add(search.FacetIndustry, string(k))
		}
		if d.WardCode != "" {
			add(search.FacetWard, d.WardCode)
		}
		if d.SizeClass != "" {
			add(search.FacetSize, d.SizeClass)
		}
		if d.Ownership != "" {
			add(search.FacetOwnership, string(d.Ownership))
		}
		for _, m := range d.ExportMarkets {
			add(search.FacetMarket, m)
		}
		for _, c := range d.Certs {
			if !c.IssuedOn.After(r.day) && c.ExpiresOn.After(r.day) {
				add(search.FacetCert, c.StandardCode)
			}
		}
		if d.Verified {
			add(search.FacetVerified, "yes")
		}
		var ws []string
		for _, t := range texts {
			ws = append(ws, fold(t)...)
		}
		out.text = strings.Join(ws, " ")
		docs = append(docs, out)
		return nil
	})
	return docs, err
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", args...)
}

// readSearchDocs reads the registry again and hands each listed profile
// as cnht's index takes it, built as search/service.go's docOf builds it
// (for measuring the index alone, without the Service's cards).
func readSearchDocs(ctx context.Context, r *registry, each func(search.Doc)) error {
	sectors, industries := enterprise.KeySectorChoices(), enterprise.IndustryChoices()
	_, err := r.svc.SearchDocs(actor.SystemContext(ctx), time.Time{}, func(d enterprise.SearchDoc) error {
		if !d.Listed {
			return nil
		}
		doc := search.Doc{ID: d.ID, Names: []string{d.Name, d.NameEN, d.ShortName}, Verified: d.Verified, Facets: map[string][]string{}}
		doc.Text = append([]string{d.Materials, d.Equipment, d.Capacity}, d.Customers...)
		shared := []string{d.WardName, d.WardNameEN}
		for _, p := range append(slices.Clone(d.Products), d.Processes...) {
			shared = append(shared, p.NameVI, p.NameEN)
		}
		for _, k := range d.KeySectors {
			for _, c := range sectors {
				if c.Code == string(k) {
					shared = append(shared, c.NameVI, c.NameEN)
				}
			}
			doc.Facets[search.FacetSector] = append(doc.Facets[search.FacetSector], string(k))
		}
		for _, k := range d.Industries {
			for _, c := range industries {
				if c.Code == string(k) {
					shared = append(shared, c.NameVI, c.NameEN)
				}
			}
			doc.Facets[search.FacetIndustry] = append(doc.Facets[search.FacetIndustry], string(k))
		}
		doc.Shared = shared
		for _, p := range d.Products {
			doc.Facets[search.FacetProduct] = append(doc.Facets[search.FacetProduct], p.Code)
		}
		for _, p := range d.Processes {
			doc.Facets[search.FacetProcess] = append(doc.Facets[search.FacetProcess], p.Code)
		}
		if d.WardCode != "" {
			doc.Facets[search.FacetWard] = []string{d.WardCode}
		}
		if d.SizeClass != "" {
			doc.Facets[search.FacetSize] = []string{d.SizeClass}
		}
		if d.Ownership != "" {
			doc.Facets[search.FacetOwnership] = []string{string(d.Ownership)}
		}
		doc.Facets[search.FacetMarket] = d.ExportMarkets
		for _, c := range d.Certs {
			doc.Certs = append(doc.Certs, search.Cert{Standard: c.StandardCode, International: c.International, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn})
		}
		each(doc)
		return nil
	})
	return err
}
