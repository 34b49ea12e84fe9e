package importer

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheet is one sheet of a workbook WriteWorkbook writes. A cell is a
// string (always text, never a formula), an int64 or int (a whole number,
// shown with thousands separators), a Decimal, a time.Time (a date,
// dd/mm/yyyy), a Year (a year, not grouped), or nil (empty).
type Sheet struct {
	Name   string
	Header []string
	// Widths are the columns' widths in characters (0: the default).
	Widths []float64
	Rows   [][]any
}

// Year is a cell holding a year: a number, never printed as 2.024.
type Year int

// Decimal is a cell holding a number with decimals ("16.523", '.'
// separated as the JSON API writes it), shown with Places decimals.
type Decimal struct {
	Value  string
	Places int
}

// WriteWorkbook writes sheets as one XLSX file: the annexes of generated
// reports, whose figures officers check and reuse in Excel. This package
// holds the spreadsheet library; others describe their sheets here.
func WriteWorkbook(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	numFmt, dateFmt := "#,##0", "dd/mm/yyyy"
	num, err := f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})
	if err != nil {
		return err
	}
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	decStyles := map[int]int{}
	for i, sh := range sheets {
		name := sh.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for c, wd := range sh.Widths {
			if wd > 0 {
				_ = sw.SetColWidth(c+1, c+1, wd)
			}
		}
		row := make([]any, len(sh.Header))
		for c, h := range sh.Header {
			row[c] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := sw.SetRow("A1", row); err != nil {
			return err
		}
		for r, cells := range sh.Rows {
			out := make([]any, len(cells))
			for c, v := range cells {
				switch x := v.(type) {
				case string:
					out[c] = x
				case int64:
					out[c] = excelize.Cell{StyleID: num, Value: x}
				case int:
					out[c] = excelize.Cell{StyleID: num, Value: x}
				case Year:
					out[c] = int(x)
				case Decimal:
					st, ok := decStyles[x.Places]
					if !ok {
						fmtStr := "#,##0"
						if x.Places > 0 {
							fmtStr += "."
							for range x.Places {
								fmtStr += "0"
							}
						}
						if st, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStr}); err != nil {
							return err
						}
						decStyles[x.Places] = st
					}
					// The value goes in as the number its text says: the
					// file holds a number, Excel shows it with Places.
					out[c] = excelize.Cell{StyleID: st, Formula: "", Value: parseDecimal(x.Value)}
				case time.Time:
					out[c] = excelize.Cell{StyleID: date, Value: x}
				case nil:
					out[c] = nil
				default:
					out[c] = v
				}
			}
			axis, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(axis, out); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// parseDecimal reads "-123.456" as a float64 for a spreadsheet cell (the
// cell's number, not a computation: the exact value is the text).
func parseDecimal(s string) any {
	var f float64
	neg := false
	i := 0
	if len(s) > 0 && s[0] == '-' {
		neg, i = true, 1
	}
	scale := 0.0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			scale = 1
		case c >= '0' && c <= '9':
			f = f*10 + float64(c-'0')
			if scale > 0 {
				scale *= 10
			}
		default:
			return s
		}
	}
	if scale > 1 {
		f /= scale
	}
	if neg {
		f = -f
	}
	return f
}
