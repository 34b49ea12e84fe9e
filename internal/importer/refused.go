package importer

import (
	"io"

	"github.com/xuri/excelize/v2"

	"cnht/internal/apperr"
	"cnht/internal/enterprise"
)

// WriteRefused writes the refused rows of a plan as an XLSX: the file's
// own columns as they were in it, the row's number and the reasons,
// so that an officer can fix them in Excel and import the sheet again.
// Text goes in as text: a cell that looks like a formula stays a string.
// The file is read again for the refused rows' cells.
func WriteRefused(w io.Writer, f *File, res Result, plan enterprise.ImportPlan, lineHeader, reasonHeader string, reason func(column string, p apperr.FieldError) string) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "Sheet1"
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	header := []any{excelize.Cell{StyleID: bold, Value: lineHeader}}
	for _, c := range res.Columns {
		header = append(header, excelize.Cell{StyleID: bold, Value: c.Header})
	}
	header = append(header, excelize.Cell{StyleID: bold, Value: reasonHeader})
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	refused := map[int]bool{}
	for _, o := range plan.Outcomes {
		if o.Action == enterprise.ImportRefused {
			refused[o.Line] = true
		}
	}
	byLine := map[int]Row{}
	if err := f.Each(func(r Row) error {
		if refused[r.Line] {
			byLine[r.Line] = r
		}
		return nil
	}); err != nil {
		return err
	}
	out := 2
	for _, o := range plan.Outcomes {
		if o.Action != enterprise.ImportRefused {
			continue
		}
		row := []any{o.Line}
		src := byLine[o.Line]
		for i := range res.Columns {
			text := ""
			if i < len(src.Cells) {
				text = src.Cells[i].Text
			}
			row = append(row, excelize.Cell{Value: text})
		}
		var why string
		for i, p := range o.Problems {
			if i > 0 {
				why += "; "
			}
			why += reason(columnFor(res, p.Field), p)
		}
		row = append(row, why)
		cell, _ := excelize.CoordinatesToCellName(1, out)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
		out++
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(w)
}

// columnFor names the column a problem's field came from.
func columnFor(res Result, field string) string {
	for _, c := range res.Columns {
		if string(c.Field) == field || (c.Field == FieldWard && field == "ward_code") {
			return c.Header
		}
	}
	return ""
}

// ColumnFor names the column of a problem's field ("" when the file has
// no such column).
func (r Result) ColumnFor(field string) string { return columnFor(r, field) }
