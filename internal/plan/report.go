package plan

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
	"cnht/internal/document"
	"cnht/internal/importer"
)

// Letterhead is who issues the yearly report, from the settings.
type Letterhead struct {
	ParentBody string // "UBND THÀNH PHỐ HÀ NỘI"
	Office     string // "Sở Công Thương Hà Nội" (in the report's language)
	Place      string // "Hà Nội"
	DocSymbol  string // "SCT"
}

// ReportFile is a generated yearly implementation report.
type ReportFile struct {
	ID        int64     `json:"id"`
	PlanID    int64     `json:"plan_id"`
	Lang      string    `json:"lang"`
	Filename  string    `json:"filename"` // without extension
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// ReportDoc builds the yearly implementation report of a plan: the
// targets against their results, each indicator's course over the years,
// where the figures come from, and an overall assessment, in the
// administrative format (Decree 30/2020), in p's language. The annex
// sheets hold the same figures exactly.
func (s *Service) ReportDoc(ctx context.Context, planID int64, p Printer, lang string, lh Letterhead) (document.Doc, []importer.Sheet, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return document.Doc{}, nil, err
	}
	d, err := s.Dashboard(ctx, planID)
	if err != nil {
		return document.Doc{}, nil, err
	}
	pl := d.Plan
	ref := pl.Title
	if pl.DocNumber != "" {
		ref = p.T("report.plan_ref", "number", pl.DocNumber, "title", pl.Title)
		if !pl.DocDate.IsZero() {
			ref = p.T("report.plan_ref_dated", "number", pl.DocNumber, "date", pl.DocDate, "title", pl.Title)
		}
	}
	doc := document.Doc{
		Issuer:   []string{strings.ToUpper(lh.ParentBody), strings.ToUpper(lh.Office)},
		Number:   p.T("report.number", "symbol", lh.DocSymbol),
		Place:    lh.Place,
		Date:     d.Today,
		Kind:     p.T("report.kind"),
		Summary:  p.T("report.summary", "ref", ref),
		Language: lang,
		Signature: document.Signature{
			Authority: p.T("report.sign_authority"),
			Title:     p.T("report.sign_title"),
		},
		Recipients: []string{p.T("report.to_city"), p.T("report.to_ministry"), p.T("report.to_archive", "symbol", lh.DocSymbol)},
	}
	add := func(b document.Block) { doc.Blocks = append(doc.Blocks, b) }
	add(document.Text(p.T("report.intro", "ref", ref, "office", lh.Office)))

	// I. Targets and results.
	add(document.Heading{Level: 1, Text: p.T("report.h_targets")})
	met, missed, nodata, open := 0, 0, 0, 0
	targets := document.Table{Columns: []document.Column{
		{Title: p.T("report.col_no"), Width: 0.06, Align: document.AlignCenter},
		{Title: p.T("report.col_indicator"), Width: 0.32},
		{Title: p.T("report.col_target"), Width: 0.26},
		{Title: p.T("report.col_result"), Width: 0.2, Align: document.AlignRight},
		{Title: p.T("report.col_assessment"), Width: 0.16},
	}}
	var annexTargets [][]any
	for i, r := range d.Rows {
		h := r.Headline
		switch h.State {
		case Met:
			met++
		case Missed:
			missed++
		case NoState:
			nodata++
		default:
			open++
		}
		result := r.Target.ValueText(p, lang, h.Actual.Value)
		if h.Projection != nil {
			result = p.T("report.projected", "v", FormatValue(p, lang, floatValue(h.Projection.Value), r.Indicator.Unit))
		}
		year := strconv.Itoa(h.Year)
		targets.Rows = append(targets.Rows, []string{strconv.Itoa(i + 1), p.T("indicator."+r.Target.Indicator) + " (" + year + ")", r.Target.Text(p, lang), result, p.T("state." + string(h.State))})
		annexTargets = append(annexTargets, []any{int64(i + 1), p.T("indicator." + r.Target.Indicator), importer.Year(h.Year), r.Target.Text(p, lang),
			exactCell(h.Actual.Value, r.Indicator.Unit), p.T("unit_name." + string(r.Indicator.Unit)), p.T("state." + string(h.State))})
	}
	add(targets)
	for _, r := range d.Rows {
		if r.Target.Note != "" {
			add(document.Paragraph{Runs: []document.Run{{Text: p.T("indicator."+r.Target.Indicator) + ": ", Bold: true}, {Text: r.Target.Note, Italic: true}}})
		}
	}

	// II. Each indicator over the years.
	add(document.Heading{Level: 1, Text: p.T("report.h_trend")})
	// The years with a value, the last seven at most: a page holds no
	// more columns.
	var years []int
	for _, y := range d.Years {
		has := false
		for _, r := range d.Rows {
			for _, a := range r.Series {
				has = has || a.Year == y && a.Value.Known()
			}
		}
		if has && y <= d.Today.Year() {
			years = append(years, y)
		}
	}
	if len(years) > 7 {
		years = years[len(years)-7:]
	}
	trend := document.Table{Columns: []document.Column{{Title: p.T("report.col_indicator"), Width: 0.3}, {Title: p.T("report.col_unit"), Width: 0.12, Align: document.AlignCenter}}}
	for _, y := range years {
		trend.Columns = append(trend.Columns, document.Column{Title: strconv.Itoa(y), Width: 0.58 / float64(len(years)), Align: document.AlignRight})
	}
	var annexSeries [][]any
	seen := map[string]bool{}
	for _, r := range d.Rows {
		if seen[r.Target.Indicator] {
			continue
		}
		seen[r.Target.Indicator] = true
		u := r.Indicator.Unit
		// Amounts in đồng are written in billions when any of them is.
		billions := false
		for _, a := range r.Series {
			if u == UnitDong && a.Value.Known() && a.Value.CmpMilli(billion*1000) >= 0 {
				billions = true
			}
		}
		_, unitName := FormatBare(p, lang, NoData, u, billions)
		row := []string{p.T("indicator." + r.Target.Indicator), unitName}
		for _, y := range years {
			v := NoData
			for _, a := range r.Series {
				if a.Year == y {
					v = a.Value
					annexSeries = append(annexSeries, []any{p.T("indicator." + r.Target.Indicator), importer.Year(y), exactCell(a.Value, u),
						p.T("unit_name." + string(u)), a.Reports})
				}
			}
			cell, _ := FormatBare(p, lang, v, u, billions)
			row = append(row, cell)
		}
		trend.Rows = append(trend.Rows, row)
	}
	add(trend)

	// III. Where the figures come from.
	add(document.Heading{Level: 1, Text: p.T("report.h_sources")})
	var annexSources [][]any
	for _, r := range d.Rows {
		if !seen[r.Target.Indicator] {
			continue
		}
		delete(seen, r.Target.Indicator)
		add(document.Paragraph{Runs: []document.Run{{Text: p.T("indicator."+r.Target.Indicator) + ": ", Bold: true}, {Text: p.T("indicator." + r.Target.Indicator + ".how")}}})
		for _, in := range r.Headline.Actual.Inputs {
			if in.Figure == nil {
				continue
			}
			f := in.Figure
			add(document.Text(p.T("report.source_line", "metric", p.T("metric."+f.Metric), "year", strconv.Itoa(f.Year), "source", f.Source,
				"date", f.SourceDate, "revision", p.T("revision."+f.Revision))))
			annexSources = append(annexSources, []any{p.T("metric." + f.Metric), importer.Year(f.Year), f.Value, f.Source, f.SourceDate, p.T("revision." + f.Revision)})
		}
	}

	// IV. Overall.
	add(document.Heading{Level: 1, Text: p.T("report.h_overall")})
	add(document.Text(p.T("report.overall", "total", len(d.Rows), "met", met, "missed", missed, "open", open, "nodata", nodata)))
	if pl.Budget > 0 {
		add(document.Text(p.T("report.budget", "budget", FormatValue(p, lang, Int(pl.Budget), UnitDong))))
	}

	sheets := []importer.Sheet{
		{Name: p.T("report.sheet_targets"), Header: []string{p.T("report.col_no"), p.T("report.col_indicator"), p.T("report.col_year"), p.T("report.col_target"),
			p.T("report.col_result"), p.T("report.col_unit"), p.T("report.col_assessment")}, Widths: []float64{6, 40, 8, 24, 20, 16, 16}, Rows: annexTargets},
		{Name: p.T("report.sheet_series"), Header: []string{p.T("report.col_indicator"), p.T("report.col_year"), p.T("report.col_value"), p.T("report.col_unit"),
			p.T("report.col_reports")}, Widths: []float64{40, 8, 22, 16, 12}, Rows: annexSeries},
		{Name: p.T("report.sheet_sources"), Header: []string{p.T("report.col_metric"), p.T("report.col_year"), p.T("report.col_value"), p.T("report.col_source"),
			p.T("report.col_source_date"), p.T("report.col_revision")}, Widths: []float64{36, 8, 24, 44, 14, 14}, Rows: annexSources},
	}
	return doc, sheets, nil
}

// exactCell is a value as an annex cell: whole numbers as integers,
// shares and indices with three decimals, empty for no data.
func exactCell(v Value, u Unit) any {
	if !v.Known() {
		return nil
	}
	switch u {
	case UnitPercent, UnitIndex:
		return importer.Decimal{Value: v.Decimal(3), Places: 3}
	}
	n, _ := strconv.ParseInt(v.Decimal(0), 10, 64)
	return n
}

// RunReport generates a plan's yearly report as DOCX, PDF and the XLSX
// annex, and keeps them for download. Officers and admins.
func (s *Service) RunReport(ctx context.Context, planID int64, p Printer, lang string, lh Letterhead, progress func(pct int)) (ReportFile, error) {
	a, err := actor.Require(ctx, managers...)
	if err != nil {
		return ReportFile{}, err
	}
	doc, sheets, err := s.ReportDoc(ctx, planID, p, lang, lh)
	if err != nil {
		return ReportFile{}, err
	}
	progress(30)
	var docx, pdf, xlsx bytes.Buffer
	if err := document.WriteDOCX(&docx, doc); err != nil {
		return ReportFile{}, apperr.Wrap(err, "write docx")
	}
	progress(50)
	if err := document.WritePDF(&pdf, doc); err != nil {
		return ReportFile{}, apperr.Wrap(err, "write pdf")
	}
	progress(80)
	if err := importer.WriteWorkbook(&xlsx, sheets); err != nil {
		return ReportFile{}, apperr.Wrap(err, "write xlsx")
	}
	pl, err := findPlan(ctx, s.db, planID)
	if err != nil {
		return ReportFile{}, err
	}
	f := ReportFile{PlanID: planID, Lang: lang, CreatedBy: a.UserID, CreatedAt: s.now().UTC().Truncate(time.Microsecond),
		Filename: reportName(p, pl, s.Today())}
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO plan_reports (plan_id, lang, filename, docx, pdf, xlsx, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			planID, lang, f.Filename, docx.Bytes(), pdf.Bytes(), xlsx.Bytes(), f.CreatedBy, db.Micros(f.CreatedAt)).Scan(&f.ID)
		if err != nil {
			return apperr.Wrap(err, "save report")
		}
		return audit.Record(ctx, tx, audit.Change{Entity: "plan", EntityID: planID, Action: "report", After: audit.Fields{"report_id": f.ID, "lang": lang}})
	})
	progress(100)
	return f, err
}

// reportName is the files' name: "bao-cao-02-KH-UBND-2026-11-30".
func reportName(p Printer, pl Plan, today time.Time) string {
	base := p.T("report.file_prefix")
	ref := pl.DocNumber
	if ref == "" {
		ref = strconv.Itoa(pl.YearFrom)
		if pl.YearTo != pl.YearFrom {
			ref += "-" + strconv.Itoa(pl.YearTo)
		}
	}
	var b strings.Builder
	for _, r := range ref {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return base + "-" + b.String() + "-" + today.Format("2006-01-02")
}

// Report formats.
var reportFormats = map[string]string{
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"pdf":  "application/pdf",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// OpenReport returns a generated report's file in format ("docx", "pdf"
// or "xlsx") with its content type. Officers and admins.
func (s *Service) OpenReport(ctx context.Context, id int64, format string) (ReportFile, string, []byte, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return ReportFile{}, "", nil, err
	}
	ctype, ok := reportFormats[format]
	if !ok {
		return ReportFile{}, "", nil, apperr.New(apperr.NotFound, "plan.report_file_not_found")
	}
	var f ReportFile
	var content []byte
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT id, plan_id, lang, filename, created_by, created_at, `+format+` FROM plan_reports WHERE id = $1`, id).
		Scan(&f.ID, &f.PlanID, &f.Lang, &f.Filename, &f.CreatedBy, &at, &content)
	if errors.Is(err, sql.ErrNoRows) {
		return f, "", nil, apperr.New(apperr.NotFound, "plan.report_file_not_found")
	}
	if err != nil {
		return f, "", nil, apperr.Wrap(err, "open report")
	}
	f.CreatedAt = db.FromMicros(at)
	return f, ctype, content, nil
}

// Reports lists a plan's generated reports, newest first. Officers and
// admins.
func (s *Service) Reports(ctx context.Context, planID int64) ([]ReportFile, error) {
	if _, err := actor.Require(ctx, managers...); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, plan_id, lang, filename, created_by, created_at FROM plan_reports WHERE plan_id = $1 ORDER BY id DESC LIMIT 20`, planID)
	if err != nil {
		return nil, apperr.Wrap(err, "list reports")
	}
	defer rows.Close()
	var out []ReportFile
	for rows.Next() {
		var f ReportFile
		var at int64
		if err := rows.Scan(&f.ID, &f.PlanID, &f.Lang, &f.Filename, &f.CreatedBy, &at); err != nil {
			return nil, apperr.Wrap(err, "scan report")
		}
		f.CreatedAt = db.FromMicros(at)
		out = append(out, f)
	}
	return out, apperr.Wrap(rows.Err(), "list reports")
}
