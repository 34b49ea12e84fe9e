package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go driver cnht uses, "sqlite"
)

// fts5Engine is SQLite FTS5 through the pure-Go driver modernc.org/sqlite
// (cnht's version), in a file of its own: a body column of folded words
// (folded in Go: remove_diacritics misses đ) and a facets column of one
// token per facet value ("sector_components ward_00454 cert_iatf16949"),
// bm25 on the body only. A query MATCHes the quoted words AND the filter
// token: the top 20 by ORDER BY rank LIMIT 20, the total by COUNT(*), and
// the facet counts by one GROUP BY over a side table (doc, facet, value),
// joined to the matches by rowid (a WITHOUT ROWID table clustered on doc),
// plus one more GROUP BY for the facet filtered on, without its filter.
type fts5Engine struct {
	dir  string
	path string
	db   *sql.DB
}

func (e *fts5Engine) name() string { return "sqlite fts5" }

// facetToken is a facet value as one FTS5 token (tokenchars '_').
func facetToken(fv facetValue) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			if r >= 'A' && r <= 'Z' {
				return r - 'A' + 'a'
			}
			return '_'
		}, s)
	}
	return clean(fv.facet) + "_" + clean(fv.value)
}

func (e *fts5Engine) build(ctx context.Context, docs []doc) error {
	var err error
	if e.dir, err = os.MkdirTemp("", "cnht-bench-fts5-"); err != nil {
		return err
	}
	e.path = filepath.Join(e.dir, "fts.db")
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(OFF)", "cache_size(-65536)", "mmap_size(1073741824)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	if e.db, err = sql.Open("sqlite", "file:"+e.path+"?"+q.Encode()); err != nil {
		return err
	}
	e.db.SetMaxOpenConns(1)
	for _, s := range []string{
		`CREATE VIRTUAL TABLE docs USING fts5(body, facets, tokenize = "unicode61 remove_diacritics 0 tokenchars '_'")`,
		`INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(1.0, 0.0)')`,
		`CREATE TABLE facet(doc INTEGER NOT NULL, f TEXT NOT NULL, v TEXT NOT NULL, PRIMARY KEY (doc, f, v)) WITHOUT ROWID`,
	} {
		if _, err := e.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	const batch = 20000
	for start := 0; start < len(docs); start += batch {
		tx, err := e.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO docs(rowid, body, facets) VALUES (?1, ?2, ?3)`)
		if err != nil {
			return err
		}
		insF, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO facet(doc, f, v) VALUES (?1, ?2, ?3)`)
		if err != nil {
			return err
		}
		for _, d := range docs[start:min(len(docs), start+batch)] {
			toks := make([]string, len(d.facets))
			for i, fv := range d.facets {
				toks[i] = facetToken(fv)
				if _, err := insF.ExecContext(ctx, d.id, fv.facet, fv.value); err != nil {
					return err
				}
			}
			if _, err := ins.ExecContext(ctx, d.id, d.text, strings.Join(toks, " ")); err != nil {
				return err
			}
		}
		ins.Close()
		insF.Close()
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	for _, s := range []string{`INSERT INTO docs(docs) VALUES('optimize')`, `ANALYZE`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := e.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// match is the MATCH expression: each word quoted (so that "and", "or",
// "not" are words), the filter's token, all ANDed.
func (e *fts5Engine) match(q query, filter bool) string {
	var parts []string
	for _, w := range q.words {
		parts = append(parts, `"`+w+`"`)
	}
	if filter && q.filter != nil {
		parts = append(parts, `"`+facetToken(*q.filter)+`"`)
	}
	return strings.Join(parts, " AND ")
}

func (e *fts5Engine) search(ctx context.Context, q query, facets bool) (result, error) {
	m := e.match(q, true)
	var out result
	rows, err := e.db.QueryContext(ctx, `SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 20`, m)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return out, err
		}
		out.ids = append(out.ids, id)
	}
	rows.Close()
	if err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM docs WHERE docs MATCH ?1`, m).Scan(&out.total); err != nil {
		return out, err
	}
	if !facets {
		return out, nil
	}
	out.facets = map[string]map[string]int{}
	count := func(query string, args ...any) error {
		rows, err := e.db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f, v string
			var c int
			if err := rows.Scan(&f, &v, &c); err != nil {
				return err
			}
			if q.filter != nil && q.filter.facet == f && len(args) == 1 {
				continue // counted below without its filter
			}
			if out.facets[f] == nil {
				out.facets[f] = map[string]int{}
			}
			out.facets[f][v] = c
		}
		return rows.Err()
	}
	if err := count(`SELECT facet.f, facet.v, count(*) FROM docs CROSS JOIN facet ON facet.doc = docs.rowid WHERE docs MATCH ?1 GROUP BY facet.f, facet.v`, m); err != nil {
		return out, err
	}
	if q.filter != nil {
		if err := count(`SELECT facet.f, facet.v, count(*) FROM docs CROSS JOIN facet ON facet.doc = docs.rowid AND facet.f = ?2 WHERE docs MATCH ?1 GROUP BY facet.f, facet.v`,
			e.match(q, false), q.filter.facet); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (e *fts5Engine) size(ctx context.Context) []sizePart {
	fi, err := os.Stat(e.path)
	if err != nil {
		return nil
	}
	out := []sizePart{{"file", fi.Size()}}
	// The full-text index alone: its shadow tables' pages (dbstat is
	// compiled into modernc's SQLite).
	var fts int64
	if err := e.db.QueryRowContext(ctx, `SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'docs%'`).Scan(&fts); err == nil && fts > 0 {
		out = append(out, sizePart{"FTS5 tables", fts})
	}
	return out
}

func (e *fts5Engine) close() {
	if e.db != nil {
		e.db.Close()
	}
	if e.dir != "" {
		os.RemoveAll(e.dir)
	}
}
