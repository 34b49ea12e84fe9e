package importer

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// ExportColumns are the columns an export writes, in order: the import's
// own fields, so that an exported file imports again unchanged. The
// private ones (capital, revenue, contacts) only in an officer's export.
func ExportColumns(private bool) []Field {
	cols := []Field{FieldTaxCode, FieldName, FieldNameEN, FieldShortName, FieldStreet, FieldWard, FieldPhone, FieldEmail, FieldWebsite,
		FieldKeySectors, FieldEmployees, FieldFoundedYear, FieldMaterials, FieldCapacity}
	if private {
		cols = append(cols, FieldContactName, FieldContactPhone, FieldContactEmail, FieldCapital, FieldRevenue, FieldRevenueYear, FieldJoinedOn)
	}
	return cols
}

// value is one cell: text, a count or amount, a year, or a date.
type value struct {
	text  string
	num   *int64
	year  int
	date  time.Time
	isSet bool
}

func cell(f Field, it enterprise.ExportItem) value {
	p := it.Profile
	str := func(s string) value { return value{text: s, isSet: s != ""} }
	num := func(n *int64) value { return value{num: n, isSet: n != nil} }
	switch f {
	case FieldTaxCode:
		return str(p.TaxCode)
	case FieldName:
		return str(p.Name)
	case FieldNameEN:
		return str(p.NameEN)
	case FieldShortName:
		return str(p.ShortName)
	case FieldStreet:
		return str(p.Street)
	case FieldWard:
		return str(it.WardName)
	case FieldPhone:
		return str(p.Phone)
	case FieldEmail:
		return str(p.Email)
	case FieldWebsite:
		return str(p.Website)
	case FieldContactName:
		return str(p.Contact.Name)
	case FieldContactPhone:
		return str(p.Contact.Phone)
	case FieldContactEmail:
		return str(p.Contact.Email)
	case FieldMaterials:
		return str(p.Materials)
	case FieldCapacity:
		return str(p.Capacity)
	case FieldKeySectors:
		var names []string
		for _, k := range p.KeySectors {
			names = append(names, k.Name("vi"))
		}
		return str(strings.Join(names, "; "))
	case FieldEmployees:
		return num(p.Employees)
	case FieldCapital:
		return num(p.CharterCapitalVND)
	case FieldRevenue:
		return num(p.RevenueVND)
	case FieldRevenueYear:
		return value{year: p.RevenueYear, isSet: p.RevenueYear != 0}
	case FieldFoundedYear:
		return value{year: p.FoundedYear, isSet: p.FoundedYear != 0}
	case FieldJoinedOn:
		return value{date: it.JoinedOn, isSet: !it.JoinedOn.IsZero()}
	}
	return value{}
}

// RowWriter writes exported enterprises one at a time.
type RowWriter interface {
	Write(it enterprise.ExportItem) error
	// Close finishes the file; nothing reaches the writer of an XLSX
	// before it.
	Close() error
}

// csvWriter writes UTF-8 with a BOM (so that Excel reads the diacritics),
// Vietnamese numbers (1.234.567) and dates (dd/mm/yyyy).
type csvWriter struct {
	buf  *bufio.Writer
	w    *csv.Writer
	cols []Field
	rec  []string
}

// NewCSVWriter starts a CSV export with the columns' headers.
func NewCSVWriter(w io.Writer, cols []Field, header func(Field) string) (RowWriter, error) {
	buf := bufio.NewWriterSize(w, 64<<10)
	if _, err := buf.WriteString("\uFEFF"); err != nil {
		return nil, err
	}
	cw := &csvWriter{buf: buf, w: csv.NewWriter(buf), cols: cols, rec: make([]string, len(cols))}
	for i, c := range cols {
		cw.rec[i] = header(c)
	}
	return cw, cw.w.Write(cw.rec)
}

func (c *csvWriter) Write(it enterprise.ExportItem) error {
	for i, f := range c.cols {
		v := cell(f, it)
		switch {
		case !v.isSet:
			c.rec[i] = ""
		case v.num != nil:
			c.rec[i] = vn.FormatInt(*v.num)
		case v.year != 0:
			c.rec[i] = strconv.Itoa(v.year)
		case !v.date.IsZero():
			c.rec[i] = vn.FormatDate(v.date)
		default:
			c.rec[i] = EscapeFormula(v.text)
		}
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.buf.Flush()
}

// EscapeFormula keeps a spreadsheet from reading text as a formula: text
// starting with = + - @ (or a tab or carriage return) gets a leading
// apostrophe, which the importer takes off again.
func EscapeFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// unescapeFormula undoes EscapeFormula.
func unescapeFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// xlsxWriter streams rows into a sheet: text as text (never a formula),
// numbers as numbers shown 1.234.567, dates as dates shown dd/mm/yyyy.
type xlsxWriter struct {
	out        io.Writer
	f          *excelize.File
	sw         *excelize.StreamWriter
	cols       []Field
	line       int
	numStyle   int
	dateStyle  int
	row        []any
	headerDone bool
}

// NewXLSXWriter starts an XLSX export with the columns' headers.
func NewXLSXWriter(w io.Writer, cols []Field, header func(Field) string) (RowWriter, error) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	numFmt, dateFmt := "#,##0", "dd/mm/yyyy"
	x := &xlsxWriter{out: w, f: f, sw: sw, cols: cols, line: 1, row: make([]any, len(cols))}
	if x.numStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt}); err != nil {
		return nil, err
	}
	if x.dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		x.row[i] = excelize.Cell{StyleID: bold, Value: header(c)}
		width := 16.0
		switch c {
		case FieldName, FieldStreet:
			width = 40
		case FieldTaxCode, FieldEmployees, FieldFoundedYear, FieldRevenueYear:
			width = 13
		}
		_ = sw.SetColWidth(i+1, i+1, width)
	}
	_ = sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if err := sw.SetRow("A1", x.row); err != nil {
		return nil, err
	}
	return x, nil
}

func (x *xlsxWriter) Write(it enterprise.ExportItem) error {
	x.line++
	for i, f := range x.cols {
		v := cell(f, it)
		switch {
		case !v.isSet:
			x.row[i] = nil
		case v.num != nil:
			x.row[i] = excelize.Cell{StyleID: x.numStyle, Value: *v.num}
		case v.year != 0:
			x.row[i] = v.year
		case !v.date.IsZero():
			x.row[i] = excelize.Cell{StyleID: x.dateStyle, Value: v.date}
		default:
			x.row[i] = v.text // a string cell: text, whatever it starts with
		}
	}
	axis, _ := excelize.CoordinatesToCellName(1, x.line)
	return x.sw.SetRow(axis, x.row)
}

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return x.f.Write(x.out)
}
