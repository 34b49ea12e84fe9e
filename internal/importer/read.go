// Package importer reads the spreadsheets officers hold — XLSX and CSV in
// any of the encodings old government files use — into enterprise rows
// (and the certificates they carry): it finds the header, recognises the
// columns in Vietnamese (with or without diacritics) or English, detects
// TCVN3 and VNI text per column and repairs it (saying what it found;
// nothing changes silently), parses Vietnamese dates and numbers, and maps
// pre-2025 addresses to the 2025 wards. A file is read twice rather than
// held: once to count and sample it (Open), then row by row (Stream). What
// the rows do to the registry is the enterprise service's business
// (PlanImport, ApplyImport): this package never writes the registry. It
// keeps the imported files (uploads, and the command line's in the
// import's transaction; gzip-compressed from 1 MB), and writes the
// registry's lists out again (CSV, XLSX; export jobs' files kept a week).
package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cnht/internal/apperr"
	"cnht/internal/vn"
)

// Limits bound what a file may cost to read.
type Limits struct {
	// MaxBytes is the largest file accepted.
	MaxBytes int64
	// MaxRows is the most data rows a file may hold.
	MaxRows int
	// MaxUnzipped bounds the uncompressed size of an XLSX (a zip): a
	// "zip bomb" of a few kilobytes can unpack to gigabytes.
	MaxUnzipped int64
}

// DefaultLimits suit a file uploaded through the web: 50 MB, 200,000 rows.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 50 << 20, MaxRows: 200_000, MaxUnzipped: 500 << 20}
}

// emptyRunEnd is how many empty rows in a row end a sheet's data: sheets
// formatted down to row 1,048,576 are common, and are read no further.
const emptyRunEnd = 1000

// Cell is one cell's text and, in an XLSX, its font (TCVN3 capitals live
// in fonts whose names end in H).
type Cell struct {
	Text string
	Font string
}

// Row is one data row; Line is its number in the sheet or file (1-based).
type Row struct {
	Line  int
	Cells []Cell
}

// Table is a file's first sheet as read: its header and data rows.
type Table struct {
	Format   string // "xlsx" or "csv"
	Encoding string // csv: utf-8, utf-8-bom, utf-16le, utf-16be, windows-1258
	Sheet    string
	Header   []string
	Rows     []Row
	// StoppedAt is set when reading stopped at a long run of empty rows.
	StoppedAt int
}

func tooLarge(lim Limits) error {
	return apperr.Errorf(apperr.Invalid, "import.too_large", "max_mb", lim.MaxBytes>>20)
}

// Read reads a spreadsheet: XLSX by its content (a zip), anything else as
// CSV. data must already be bounded by lim.MaxBytes (ReadAll helps).
func Read(data []byte, lim Limits) (*Table, error) {
	if err := checkSize(data, lim); err != nil {
		return nil, err
	}
	var t *Table
	var err error
	if isCSV(data) {
		t, err = readCSV(data, lim)
	} else {
		t, err = readXLSX(data, lim)
	}
	if err != nil {
		return nil, err
	}
	if len(t.Header) == 0 {
		return nil, apperr.New(apperr.Invalid, "import.empty")
	}
	return t, nil
}

// checkSize refuses a file too large, empty or in Excel 97–2003's binary
// format.
func checkSize(data []byte, lim Limits) error {
	if int64(len(data)) > lim.MaxBytes {
		return tooLarge(lim)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return apperr.New(apperr.Invalid, "import.empty")
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return apperr.New(apperr.Invalid, "import.xls")
	}
	return nil
}

// isCSV tells a CSV from an XLSX, which is a zip.
func isCSV(data []byte) bool { return !bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// ReadAll reads r up to lim.MaxBytes, refusing a larger file without
// reading it all.
func ReadAll(r io.Reader, lim Limits) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, apperr.Wrap(err, "read upload")
	}
	if int64(len(b)) > lim.MaxBytes {
		return nil, tooLarge(lim)
	}
	return b, nil
}

func notSpreadsheet() error { return apperr.New(apperr.Invalid, "import.not_spreadsheet") }

func tooManyRows(lim Limits) error {
	return apperr.Errorf(apperr.Invalid, "import.too_many_rows", "max", lim.MaxRows)
}

// readXLSX reads the first sheet of a workbook.
func readXLSX(data []byte, lim Limits) (*Table, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, notSpreadsheet()
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(lim.MaxUnzipped) {
			return nil, apperr.Errorf(apperr.Invalid, "import.unzip_too_large", "max_mb", lim.MaxUnzipped>>20)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.MaxUnzipped, UnzipXMLSizeLimit: lim.MaxUnzipped})
	if err != nil {
		return nil, notSpreadsheet()
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, notSpreadsheet()
	}
	sheet := sheets[f.GetActiveSheetIndex()]
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, notSpreadsheet()
	}
	defer rows.Close()
	t := &Table{Format: "xlsx", Sheet: sheet}
	fonts := map[int]string{} // style id → font family
	fontOf := func(axis string) string {
		id, err := f.GetCellStyle(sheet, axis)
		if err != nil || id == 0 {
			return ""
		}
		if name, ok := fonts[id]; ok {
			return name
		}
		st, err := f.GetStyle(id)
		name := ""
		if err == nil && st != nil && st.Font != nil {
			name = st.Font.Family
		}
		fonts[id] = name
		return name
	}
	line, empty := 0, 0
	for rows.Next() {
		line++
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, notSpreadsheet()
		}
		if blank(cols) {
			empty++
			if empty >= emptyRunEnd {
				t.StoppedAt = line
				break
			}
			continue
		}
		empty = 0
		if err := t.add(line, cols, lim); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, notSpreadsheet()
	}
	// Fonts matter only in columns of TCVN3 text, whose capitals are set in
	// an H font; they are looked up only there, since reading a cell's style
	// loads the whole sheet.
	for col := range t.Header {
		var samples []string
		for _, r := range t.Rows {
			if col < len(r.Cells) && !isASCII(r.Cells[col].Text) {
				samples = append(samples, r.Cells[col].Text)
				if len(samples) == 300 {
					break
				}
			}
		}
		if len(samples) == 0 || vn.DetectLegacy(samples) != vn.EncodingTCVN3 {
			continue
		}
		for _, r := range t.Rows {
			if col < len(r.Cells) && !isASCII(r.Cells[col].Text) {
				if axis, err := excelize.CoordinatesToCellName(col+1, r.Line); err == nil {
					r.Cells[col].Font = fontOf(axis)
				}
			}
		}
	}
	return t, nil
}

// readCSV reads a CSV file into a table.
func readCSV(data []byte, lim Limits) (*Table, error) {
	t := &Table{Format: "csv"}
	enc, err := scanCSV(data, func(line int, rec []string) error { return t.add(line, rec, lim) })
	t.Encoding = enc
	return t, err
}

// scanCSV decodes a CSV file and hands fn its non-blank records, the
// header first: UTF-8 (with or without BOM), UTF-16 with a BOM, or, when
// the bytes are not UTF-8, Windows-1258; the delimiter is whichever of
// , ; tab the header uses most. UTF-8, the common case, is read in place.
func scanCSV(data []byte, fn func(line int, rec []string) error) (encoding string, err error) {
	var text io.Reader
	var first []byte
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		encoding, first = "utf-8-bom", data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		encoding, first = "utf-16le", []byte(decodeUTF16(data[2:], false))
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		encoding, first = "utf-16be", []byte(decodeUTF16(data[2:], true))
	case utf8.Valid(data):
		encoding, first = "utf-8", data
	default:
		encoding, first = "windows-1258", []byte(vn.DecodeWindows1258(data))
	}
	if bytes.IndexByte(first, 0) >= 0 {
		return encoding, notSpreadsheet()
	}
	text = bytes.NewReader(first)
	head, _, _ := bytes.Cut(first, []byte("\n"))
	delim := ','
	best := bytes.Count(head, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if n := bytes.Count(head, []byte(string(d))); n > best {
			delim, best = d, n
		}
	}
	r := csv.NewReader(text)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord, r.ReuseRecord = delim, true, -1, true
	line := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return encoding, nil
		}
		if err != nil {
			return encoding, apperr.Errorf(apperr.Invalid, "import.bad_csv", "line", line+1)
		}
		line, _ = r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if err := fn(line, rec); err != nil {
			return encoding, err
		}
	}
}

// File is a spreadsheet opened for importing: its header, how many data
// rows it has and a sample of each column, read once; its rows are read
// again, one at a time, by Each. A CSV of a million rows is thus never
// held as cells in memory. (An XLSX is held: excelize reads the sheet
// whole to give cell styles, and a sheet has at most 1,048,576 rows.)
type File struct {
	Table   // header and format; Rows only for an XLSX
	Count   int
	samples [][]string
	data    []byte
}

// sampleSize is how many non-empty values of a column encodings are
// detected from.
const sampleSize = 300

// sampler keeps the first sampleSize non-empty values of each column.
type sampler [][]string

func (s sampler) add(cells []Cell) {
	for i := range s {
		if i < len(cells) && len(s[i]) < sampleSize && strings.TrimSpace(cells[i].Text) != "" {
			s[i] = append(s[i], cells[i].Text)
		}
	}
}

func (s sampler) addText(rec []string) {
	for i := range s {
		if i < len(rec) && len(s[i]) < sampleSize && strings.TrimSpace(rec[i]) != "" {
			s[i] = append(s[i], strings.Clone(rec[i]))
		}
	}
}

// Open reads a spreadsheet's header, counts its rows (refusing more than
// lim.MaxRows) and samples its columns; data must already be bounded by
// lim.MaxBytes.
func Open(data []byte, lim Limits) (*File, error) {
	f := &File{data: data}
	if !isCSV(data) {
		t, err := Read(data, lim)
		if err != nil {
			return nil, err
		}
		f.Table, f.Count = *t, len(t.Rows)
		f.samples = make(sampler, len(t.Header))
		for _, r := range t.Rows {
			sampler(f.samples).add(r.Cells)
		}
		return f, nil
	}
	if err := checkSize(data, lim); err != nil {
		return nil, err
	}
	f.Format = "csv"
	enc, err := scanCSV(data, func(line int, rec []string) error {
		if f.Header == nil {
			f.Header = slices.Clone(rec)
			f.samples = make(sampler, len(rec))
			return nil
		}
		if f.Count >= lim.MaxRows {
			return tooManyRows(lim)
		}
		f.Count++
		sampler(f.samples).addText(rec)
		return nil
	})
	f.Encoding = enc
	if err != nil {
		return nil, err
	}
	if len(f.Header) == 0 {
		return nil, apperr.New(apperr.Invalid, "import.empty")
	}
	return f, nil
}

// Each hands fn the file's data rows in order, stopping at fn's first
// error, which it returns.
func (f *File) Each(fn func(Row) error) error {
	if f.Format != "csv" {
		for _, r := range f.Rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	header := true
	_, err := scanCSV(f.data, func(line int, rec []string) error {
		if header {
			header = false
			return nil
		}
		cells := make([]Cell, len(rec))
		for i, c := range rec {
			cells[i].Text = c
		}
		return fn(Row{Line: line, Cells: cells})
	})
	return err
}

// add takes a non-blank row: the first is the header, the others data,
// at most lim.MaxRows of them.
func (t *Table) add(line int, texts []string, lim Limits) error {
	if t.Header == nil {
		t.Header = append([]string(nil), texts...)
		return nil
	}
	if len(t.Rows) >= lim.MaxRows {
		return tooManyRows(lim)
	}
	cells := make([]Cell, len(texts))
	for i, c := range texts {
		cells[i].Text = c
	}
	t.Rows = append(t.Rows, Row{Line: line, Cells: cells})
	return nil
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

func blank(cols []string) bool {
	for _, c := range cols {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
