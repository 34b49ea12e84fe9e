package importer_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/importer"
	"cnht/internal/vn"
)

var units = sync.OnceValues(vn.LoadUnits)

func converter(t *testing.T) importer.Converter {
	t.Helper()
	u, err := units()
	if err != nil {
		t.Fatal(err)
	}
	return importer.Converter{Units: u, Province: "01", Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}
}

func read(t *testing.T, data []byte) *importer.Table {
	t.Helper()
	tab, err := importer.Read(data, importer.DefaultLimits())
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return tab
}

func readFile(t *testing.T, path string) *importer.Table {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, b)
}

func column(t *testing.T, res importer.Result, f importer.Field) importer.Column {
	t.Helper()
	for _, c := range res.Columns {
		if c.Field == f {
			return c
		}
	}
	t.Fatalf("no column for %s in %+v", f, res.Columns)
	return importer.Column{}
}

func problemKeys(r enterprise.ImportRow) map[string]string {
	out := map[string]string{}
	for _, p := range r.Problems {
		out[p.Field] = p.Key
	}
	return out
}

const (
	nameVI   = "Công ty TNHH Cơ khí Chính xác Đông Anh"
	streetVI = "Lô CN2-05, Cụm công nghiệp Nguyên Khê"
)

// Every encoding a CSV comes in reads to the same NFC text.
func TestCSVEncodings(t *testing.T) {
	header := "Mã số thuế,Tên doanh nghiệp,Địa chỉ,Phường/Xã,Số lao động,Vốn điều lệ (đồng)"
	row := "0100233488,\"" + nameVI + "\",\"" + streetVI + "\",Xã Đông Anh,1.234,\"15.000.000.000\""
	text := header + "\r\n" + row + "\r\n"
	utf16le := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	cases := []struct {
		name, encoding string
		data           []byte
		nfcRepairs     int
	}{
		{"UTF-8", "utf-8", []byte(text), 0},
		{"UTF-8 with BOM", "utf-8-bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), 0},
		{"UTF-16 with BOM", "utf-16le", utf16le(text), 0},
		{"Windows-1258", "windows-1258", windows1258(t, text), 0},
		{"NFD", "utf-8", []byte(norm.NFD.String(text)), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := read(t, c.data)
			if tab.Encoding != c.encoding {
				t.Errorf("encoding %q, want %q", tab.Encoding, c.encoding)
			}
			res := converter(t).Convert(tab, importer.Options{})
			if len(res.Missing) > 0 || len(res.Rows) != 1 {
				t.Fatalf("missing %v, %d rows", res.Missing, len(res.Rows))
			}
			r := res.Rows[0]
			p := r.Profile
			if p.Name != nameVI || p.Street != streetVI || !norm.NFC.IsNormalString(p.Name) {
				t.Errorf("name %q street %q", p.Name, p.Street)
			}
			if p.TaxCode != "0100233488" || p.WardCode != "00454" || p.Employees == nil || *p.Employees != 1234 ||
				p.CharterCapitalVND == nil || *p.CharterCapitalVND != 15_000_000_000 {
				t.Errorf("row %+v problems %v", p, r.Problems)
			}
			if got := column(t, res, importer.FieldName).Repaired; got != c.nfcRepairs {
				t.Errorf("name column: %d repairs shown, want %d", got, c.nfcRepairs)
			}
		})
	}
}

// TCVN3 and VNI text stored as Windows-1252 look-alikes is detected per
// column and repaired; the user sees what was detected, with an example,
// and can say "leave it".
func TestLegacyColumns(t *testing.T) {
	names := []string{nameVI, "Công ty Cổ phần Nhựa Thăng Long", "Công ty TNHH Dệt may Hà Nội"}
	streets := []string{streetVI, "Số 12 đường Nguyễn Trãi", "Khu công nghiệp Thạch Thất – Quốc Oai"}
	var b strings.Builder
	// The header itself is in TCVN3, as old sheets' headers are.
	b.WriteString(legacy(t, 0, "Mã số thuế") + "," + legacy(t, 0, "Tên doanh nghiệp") + "," + legacy(t, 0, "Địa chỉ") + "\n")
	for i := range names {
		fmt.Fprintf(&b, "01002334%02d,\"%s\",\"%s\"\n", 88+i, legacy(t, 1, names[i]), legacy(t, 0, streets[i]))
	}
	if !strings.Contains(b.String(), "Haø Noäi") || !strings.Contains(b.String(), "NguyÔn") {
		t.Fatalf("the test file is not what old files look like:\n%s", b.String())
	}
	tab := read(t, []byte(b.String()))
	res := converter(t).Convert(tab, importer.Options{})
	if len(res.Missing) > 0 {
		t.Fatalf("TCVN3 headers not recognised: %v (%q)", res.Missing, tab.Header)
	}
	name, street := column(t, res, importer.FieldName), column(t, res, importer.FieldStreet)
	if name.Detected != vn.EncodingVNI || street.Detected != vn.EncodingTCVN3 {
		t.Fatalf("detected name %s, street %s", name.Detected, street.Detected)
	}
	if name.Repaired != 3 || name.Example == nil || name.Example.After != nameVI {
		t.Errorf("name repairs %d, example %+v", name.Repaired, name.Example)
	}
	for i, r := range res.Rows {
		if r.Profile.Name != names[i] || r.Profile.Street != streets[i] {
			t.Errorf("row %d: %q, %q", i, r.Profile.Name, r.Profile.Street)
		}
	}
	// The user overrides: the name column is left as it is.
	res = converter(t).Convert(tab, importer.Options{Encodings: map[int]vn.LegacyEncoding{name.Index: vn.EncodingUnicode}})
	if got := res.Rows[0].Profile.Name; got != legacy(t, 1, nameVI) {
		t.Errorf("override ignored: %q", got)
	}
}

// A sheet LibreOffice made: headers without diacritics, numbers as
// numbers, dates as text and as serials, old addresses mapped to 2025
// wards, a split ward sent back to a person, a formula refused.
func TestLibreOfficeXLSX(t *testing.T) {
	path := csvToXLSX(t, [][]string{
		{"Ma so thue", "Ten doanh nghiep", "Quan/Huyen", "Phuong/Xa", "So lao dong", "Ngay tham gia", "Linh vuc"},
		{"0100233488", nameVI, "Ba Đình", "Phúc Xá", "120", "15/03/2021", "Linh kiện, phụ tùng"},
		{"0101000006", "Công ty Cổ phần Nhựa Thăng Long", "Cầu Giấy", "Dịch Vọng", "85", "01/07/2019", "Công nghệ cao"},
		{"0101000014", `=HYPERLINK("http://example.invalid","Bấm vào đây")`, "", "Đông Anh", "40", "", "dệt may"},
	}, 4)
	tab := readFile(t, path)
	if tab.Format != "xlsx" {
		t.Fatalf("format %s", tab.Format)
	}
	res := converter(t).Convert(tab, importer.Options{})
	if len(res.Rows) != 3 {
		t.Fatalf("%d rows", len(res.Rows))
	}
	r := res.Rows[0]
	if r.Profile.Name != nameVI || r.Profile.WardCode != "00097" || *r.Profile.Employees != 120 || r.JoinedOn.Format("02/01/2006") != "15/03/2021" ||
		len(r.Profile.KeySectors) != 1 || r.Profile.KeySectors[0] != enterprise.SectorComponents || len(r.Problems) > 0 {
		t.Errorf("row 1: %+v joined %v problems %v", r.Profile, r.JoinedOn, r.Problems)
	}
	if got := problemKeys(res.Rows[1]); got["ward_code"] != "import.ward_split" {
		t.Errorf("split ward: %v", got)
	}
	if res.Rows[1].Profile.KeySectors[0] != enterprise.SectorHighTech {
		t.Errorf("sector %v", res.Rows[1].Profile.KeySectors)
	}
	if got := problemKeys(res.Rows[2]); got["name"] != "import.formula" {
		t.Errorf("formula: %v", got)
	}
	if res.Rows[2].Profile.WardCode != "00454" {
		t.Errorf("a 2025 ward by name: %q", res.Rows[2].Profile.WardCode)
	}
}

// TCVN3 capitals are typed with lower-case bytes in an upper-case font
// (.VnTimeH): the cell's font decides.
func TestTCVN3UpperCaseFont(t *testing.T) {
	rows := [][]fodsCell{
		{{Text: legacy(t, 0, "Mã số thuế"), Font: ".VnTime"}, {Text: legacy(t, 0, "Tên doanh nghiệp"), Font: ".VnTime"}, {Text: legacy(t, 0, "Tên viết tắt"), Font: ".VnTime"}},
		{{Number: "100233488"}, {Text: legacy(t, 0, nameVI), Font: ".VnTime"}, {Text: legacy(t, 0, "cơ khí đông anh"), Font: ".VnTimeH"}},
		{{Text: "0101000006"}, {Text: legacy(t, 0, "Công ty Cổ phần Nhựa Thăng Long"), Font: ".VnTime"}, {Text: legacy(t, 0, "nhựa thăng long"), Font: ".VnTimeH"}},
	}
	tab := readFile(t, fodsToXLSX(t, rows))
	res := converter(t).Convert(tab, importer.Options{})
	if len(res.Missing) > 0 || len(res.Rows) != 2 {
		t.Fatalf("missing %v, rows %d", res.Missing, len(res.Rows))
	}
	want := []struct{ tax, name, short string }{
		{"0100233488", nameVI, "CƠ KHÍ ĐÔNG ANH"},
		{"0101000006", "Công ty Cổ phần Nhựa Thăng Long", "NHỰA THĂNG LONG"},
	}
	for i, w := range want {
		p := res.Rows[i].Profile
		if p.TaxCode != w.tax || p.Name != w.name || p.ShortName != w.short {
			t.Errorf("row %d: %q %q %q", i, p.TaxCode, p.Name, p.ShortName)
		}
	}
	if c := column(t, res, importer.FieldShortName); c.Detected != vn.EncodingTCVN3 {
		t.Errorf("short name detected as %s", c.Detected)
	}
}

// Files that are not what they claim, or that would cost too much, are
// refused with a message, quickly.
func TestRefusedFiles(t *testing.T) {
	key := func(err error) string { return apperr.As(err).Key }
	t.Run("not a spreadsheet", func(t *testing.T) {
		png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
		if _, err := importer.Read(png, importer.DefaultLimits()); key(err) != "import.not_spreadsheet" {
			t.Errorf("PNG: %v", err)
		}
		if _, err := importer.Read([]byte("PK\x03\x04 not really a zip"), importer.DefaultLimits()); key(err) != "import.not_spreadsheet" {
			t.Errorf("broken zip: %v", err)
		}
		if _, err := importer.Read([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, importer.DefaultLimits()); key(err) != "import.xls" {
			t.Errorf("xls: %v", err)
		}
	})
	t.Run("200 MB", func(t *testing.T) {
		huge := io.LimitReader(zeros{}, 200<<20)
		if _, err := importer.ReadAll(huge, importer.DefaultLimits()); key(err) != "import.too_large" {
			t.Errorf("200 MB: %v", err)
		}
	})
	t.Run("zip bomb", func(t *testing.T) {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create("xl/worksheets/sheet1.xml")
		chunk := make([]byte, 1<<20)
		for range 600 {
			_, _ = w.Write(chunk)
		}
		zw.Close()
		if b.Len() > 5<<20 {
			t.Fatalf("the bomb is %d bytes", b.Len())
		}
		if _, err := importer.Read(b.Bytes(), importer.DefaultLimits()); key(err) != "import.unzip_too_large" {
			t.Errorf("zip bomb: %v", err)
		}
	})
	t.Run("a million empty styled rows", func(t *testing.T) {
		data := emptyStyledRows(t, 1_000_000)
		start := time.Now()
		tab, err := importer.Read(data, importer.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 2 || tab.StoppedAt == 0 {
			t.Errorf("%d rows, stopped at %d", len(tab.Rows), tab.StoppedAt)
		}
		t.Logf("read in %v", time.Since(start))
	})
	t.Run("too many rows", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("Mã số thuế,Tên\n")
		for i := range 11 {
			fmt.Fprintf(&b, "01%08d,Công ty %d\n", i, i)
		}
		lim := importer.DefaultLimits()
		lim.MaxRows = 10
		if _, err := importer.Read([]byte(b.String()), lim); key(err) != "import.too_many_rows" {
			t.Errorf("11 rows with a limit of 10: %v", err)
		}
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// emptyStyledRows makes an XLSX with a header, two rows of data, and then
// n rows that hold nothing but a style, as sheets formatted to the bottom
// do.
func emptyStyledRows(t *testing.T, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	style, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
	if err != nil {
		t.Fatal(err)
	}
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Mã số thuế", "Tên doanh nghiệp"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"0100233488", nameVI})
	_ = f.SetSheetRow("Sheet1", "A3", &[]any{"0101000006", "Công ty Cổ phần Nhựa Thăng Long"})
	_ = f.SetCellStyle("Sheet1", "A4", "A4", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// Add the empty styled rows to the sheet's XML.
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		content, _ := io.ReadAll(rc)
		rc.Close()
		if zf.Name == "xl/worksheets/sheet1.xml" {
			var rows strings.Builder
			for r := 5; r < 5+n; r++ {
				fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" s="%d"/></row>`, r, r, style)
			}
			content = bytes.Replace(content, []byte("</sheetData>"), []byte(rows.String()+"</sheetData>"), 1)
		}
		w, _ := zw.Create(zf.Name)
		_, _ = w.Write(content)
	}
	zw.Close()
	return out.Bytes()
}
