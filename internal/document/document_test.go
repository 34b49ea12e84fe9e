package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// tool finds a command-line tool the tests need. Under CI=true a missing
// tool fails the test (nothing is skipped in CI); elsewhere it skips.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true: apt-get install %s", name, pkg)
		}
		t.Skipf("%s not installed (apt-get install %s)", name, pkg)
	}
	return bin
}

// soffice converts a DOCX to PDF with LibreOffice Writer, headless, with
// a private profile so that parallel runs do not share one.
func soffice(t *testing.T, src string) string {
	t.Helper()
	bin := tool(t, "soffice", "libreoffice-writer-nogui")
	dir := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir, src}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice %v: %v\n%s", args, err, out)
	}
	path := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+".pdf")
	if _, err := os.Stat(path); err != nil {
		// Calc alone (libreoffice-calc-nogui) cannot open a DOCX and says
		// only "no export filter".
		t.Fatalf("soffice wrote no PDF (is libreoffice-writer-nogui installed?): %s", out)
	}
	return path
}

// pdfText is the text of pages first..last (0: to the end) as pdftotext
// -layout gives it, in NFC.
func pdfText(t *testing.T, path string, first, last int) string {
	t.Helper()
	bin := tool(t, "pdftotext", "poppler-utils")
	args := []string{"-layout", "-enc", "UTF-8", "-f", strconv.Itoa(first)}
	if last > 0 {
		args = append(args, "-l", strconv.Itoa(last))
	}
	out, err := exec.Command(bin, append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return norm.NFC.String(string(out))
}

// pdfInfo is pdfinfo's field name → value.
func pdfInfo(t *testing.T, path string) map[string]string {
	t.Helper()
	bin := tool(t, "pdfinfo", "poppler-utils")
	out, err := exec.Command(bin, path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	info := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// flat collapses runs of white space, so that phrases match across the
// wider gaps of justified lines and across line ends.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// wantPhrases are in the sample report, with their diacritics; both
// renderings must show them.
var wantPhrases = []string{
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"Độc lập - Tự do - Hạnh phúc",
	"UBND THÀNH PHỐ HÀ NỘI",
	"SỞ CÔNG THƯƠNG", // upper-cased by the writer
	"Số: 123/BC-SCT",
	"Hà Nội, ngày 05 tháng 01 năm 2026",
	"BÁO CÁO",
	"Kết quả thực hiện Kế hoạch phát triển công nghiệp hỗ trợ",
	"Kế hoạch số 02/KH-UBND",
	"I. KẾT QUẢ THỰC HIỆN",
	"1. Công tác chỉ đạo, điều hành",
	"1.1. Hỗ trợ đổi mới công nghệ",
	"1.2. Hỗ trợ kết nối cung ứng",
	"II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
	"III. NHIỆM VỤ, GIẢI PHÁP NĂM 2026",
	"1.234.567 đồng",
	"16,5%",
	"Bảng 1. Kinh phí hỗ trợ theo doanh nghiệp",
	"Đơn vị: đồng",
	"Tên doanh nghiệp",
	"Kinh phí hỗ",
	"24.168.567", // the last row's amount
	"Nơi nhận:",
	"- Lưu: VT, QLCN.",
	"KT. GIÁM ĐỐC",
	"PHÓ GIÁM ĐỐC",
	"Nguyễn Văn Hùng",
}

func checkPhrases(t *testing.T, text string) {
	t.Helper()
	got := flat(text)
	for _, want := range wantPhrases {
		if !strings.Contains(got, norm.NFC.String(want)) {
			t.Errorf("text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}

// checkPageNumbers wants no number at the top of page 1 and the page's
// number at the top of the others.
func checkPageNumbers(t *testing.T, path string, pages int) {
	t.Helper()
	for page := 1; page <= pages; page++ {
		first := strings.TrimSpace(strings.SplitN(strings.TrimLeft(pdfText(t, path, page, page), " \n"), "\n", 2)[0])
		if page == 1 {
			if _, err := strconv.Atoi(first); err == nil {
				t.Errorf("page 1 starts with the number %q; page 1 has none", first)
			}
			continue
		}
		if first != strconv.Itoa(page) {
			t.Errorf("page %d starts with %q, want its number", page, first)
		}
	}
}

func writeFile(t *testing.T, name string, write func(io.Writer, Doc) error, d Doc) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, d); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b.Bytes()
}

// docxParts opens a DOCX and checks every XML part is well-formed.
func docxParts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = string(b)
		if err := wellFormed(b); err != nil {
			t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
		}
	}
	return parts
}

func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// docxText is the text of document.xml's w:t elements, a paragraph a line.
func docxText(t testing.TB, documentXML string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(documentXML))
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "t"
		case xml.EndElement:
			inText = false
			if tok.Name.Local == "p" {
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(tok)
			}
		}
	}
}

func TestWriteDOCX(t *testing.T) {
	path, data := writeFile(t, "bao-cao.docx", WriteDOCX, sampleReport())
	parts := docxParts(t, data)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
		"word/styles.xml", "word/settings.xml", "word/header1.xml", "word/header2.xml", "docProps/core.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no part %s", name)
		}
	}
	document := parts["word/document.xml"]
	for _, want := range []string{`w:ascii="Times New Roman"`, `w:eastAsia="Times New Roman"`, "<w:tblHeader/>", "<w:titlePg/>",
		`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="1134"`, `w:left="1701"`, `w:right="850"`} {
		if !strings.Contains(document, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/styles.xml"], `w:ascii="Times New Roman"`) {
		t.Error("styles.xml does not default to Times New Roman")
	}
	if !strings.Contains(parts["docProps/core.xml"], "<dc:title>BÁO CÁO Kết quả thực hiện") {
		t.Errorf("core.xml has no title: %s", parts["docProps/core.xml"])
	}
	if !norm.NFC.IsNormalString(document) {
		t.Error("document.xml is not NFC")
	}
	checkPhrases(t, docxText(t, document))

	pdf := soffice(t, path)
	info := pdfInfo(t, pdf)
	pages, _ := strconv.Atoi(info["Pages"])
	if pages < 3 {
		t.Errorf("LibreOffice made %d pages of the sample, want at least 3", pages)
	}
	if !strings.Contains(info["Page size"], "(A4)") {
		t.Errorf("page size %q, want A4", info["Page size"])
	}
	checkPhrases(t, pdfText(t, pdf, 1, 0))
	checkPageNumbers(t, pdf, pages)
}

func TestWritePDF(t *testing.T) {
	path, data := writeFile(t, "bao-cao.pdf", WritePDF, sampleReport())
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", data[:min(len(data), 16)])
	}
	info := pdfInfo(t, path)
	pages, _ := strconv.Atoi(info["Pages"])
	if pages < 3 {
		t.Errorf("%d pages, want at least 3", pages)
	}
	if info["Page size"] != "595.28 x 841.89 pts (A4)" {
		t.Errorf("page size %q, want A4", info["Page size"])
	}
	if !strings.HasPrefix(info["Title"], "BÁO CÁO Kết quả") {
		t.Errorf("title %q", info["Title"])
	}
	checkPhrases(t, pdfText(t, path, 1, 0))
	checkPageNumbers(t, path, pages)

	// The four styles are embedded, and no other font is used (fpdf
	// names them utf8 + family + style, and subsets them without saying).
	out, err := exec.Command(tool(t, "pdffonts", "poppler-utils"), path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var fonts []string
	for _, l := range strings.Split(string(out), "\n")[2:] {
		if f := strings.Fields(l); len(f) > 0 {
			fonts = append(fonts, f[0])
			if !strings.Contains(l, "CID TrueType") || !strings.Contains(l, " yes ") {
				t.Errorf("font not embedded as TrueType: %s", l)
			}
		}
	}
	slices.Sort(fonts)
	if got, want := strings.Join(fonts, " "), "utf8liberationserif utf8liberationserifB utf8liberationserifBI utf8liberationserifI"; got != want {
		t.Errorf("fonts %s, want %s", got, want)
	}
}

// TestTableHeaderRepeats: a table running over pages shows its header row
// at the top of each page it continues on, in both renderings.
func TestTableHeaderRepeats(t *testing.T) {
	var rows [][]string
	for i := 1; i <= 80; i++ {
		rows = append(rows, []string{strconv.Itoa(i), "Công ty TNHH Linh kiện Thăng Long " + strconv.Itoa(i), "1.000.000"})
	}
	d := Doc{Kind: "Báo cáo", Blocks: []Block{Table{
		Columns: []Column{{Title: "Số thứ tự", Width: 1, Align: AlignCenter}, {Title: "Tên doanh nghiệp", Width: 4}, {Title: "Số tiền hỗ trợ", Width: 2}},
		Rows:    rows,
	}}}
	docx, _ := writeFile(t, "bang.docx", WriteDOCX, d)
	pdf, _ := writeFile(t, "bang.pdf", WritePDF, d)
	for name, path := range map[string]string{"WritePDF": pdf, "WriteDOCX via LibreOffice": docx} {
		t.Run(name, func(t *testing.T) {
			if strings.HasSuffix(path, ".docx") {
				path = soffice(t, path)
			}
			pages, _ := strconv.Atoi(pdfInfo(t, path)["Pages"])
			if pages < 3 {
				t.Fatalf("%d pages, want at least 3", pages)
			}
			for page := 1; page <= pages; page++ {
				if text := flat(pdfText(t, path, page, page)); !strings.Contains(text, "Số thứ tự Tên doanh nghiệp Số tiền hỗ trợ") {
					t.Errorf("page %d has no header row:\n%s", page, text)
				}
			}
		})
	}
}

// TestEscaping: whatever a caller passes, both documents are valid and
// show the text, with XML's special characters intact and control
// characters gone.
func TestEscaping(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"xml specials", `Lãi <5%> & "lỗ" 'ít'`, `Lãi <5%> & "lỗ" 'ít'`},
		{"cdata end", "a ]]> b", "a ]]> b"},
		{"control characters", "Hà\x00 Nội\x01\x1b\x7f\u0085 2026", "Hà Nội 2026"},
		{"tab and line break become spaces", "Hà\tNội\r\nnăm", "Hà Nội năm"},
		{"invalid UTF-8", "Hà \xff\xfeNội", "Hà Nội"},
		{"decomposed (NFD) to NFC", norm.NFD.String("Kế hoạch Hà Nội"), "Kế hoạch Hà Nội"},
		{"noncharacters", "a\uFFFEb\uFFFFc", "abc"},
		{"beyond the BMP", "xin chào 😀 汉字", "xin chào"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Doc{
				Issuer: []string{tt.in}, Number: tt.in, Place: tt.in, Date: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC),
				Kind: tt.in, Summary: tt.in,
				Blocks: []Block{
					Heading{Level: 1, Text: tt.in},
					Paragraph{Runs: []Run{{Text: tt.in}, {Text: tt.in, Bold: true}}},
					Table{Caption: tt.in, Unit: tt.in, Columns: []Column{{Title: tt.in}}, Rows: [][]string{{tt.in}}},
				},
				Signature:  Signature{Authority: tt.in, Title: tt.in, Name: tt.in},
				Recipients: []string{tt.in},
			}
			var b bytes.Buffer
			if err := WriteDOCX(&b, d); err != nil {
				t.Fatal(err)
			}
			text := docxText(t, docxParts(t, b.Bytes())["word/document.xml"])
			if !strings.Contains(text, tt.want) {
				t.Errorf("DOCX text lacks %q:\n%s", tt.want, text)
			}
			if strings.ContainsFunc(text, func(r rune) bool { return r < ' ' && r != '\n' || r == 0x7f || r == 0x85 }) {
				t.Errorf("DOCX text keeps a control character: %q", text)
			}
			b.Reset()
			if err := WritePDF(&b, d); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
				t.Fatal("not a PDF")
			}
		})
	}
}

func TestHeadingNumbers(t *testing.T) {
	h := func(level int) Block { return Heading{Level: level, Text: "x"} }
	tests := []struct {
		name   string
		blocks []Block
		want   []string
	}{
		{"roman then arabic", []Block{h(1), h(2), h(2), h(1), h(2)}, []string{"I.", "1.", "2.", "II.", "1."}},
		{"level 3 under level 2", []Block{h(1), h(2), h(3), h(3), h(2), h(3)}, []string{"I.", "1.", "1.1.", "1.2.", "2.", "2.1."}},
		{"level 2 without level 1", []Block{h(2), h(2), h(3)}, []string{"1.", "2.", "2.1."}},
		{"paragraphs do not count", []Block{h(1), Text("a"), h(1), Text("b"), h(1), h(1)}, []string{"I.", "II.", "III.", "IV."}},
		{"level 1 restarts level 2 and 3", []Block{h(1), h(2), h(3), h(1), h(2), h(3)}, []string{"I.", "1.", "1.1.", "II.", "1.", "1.1."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := prepare(Doc{Blocks: tt.blocks})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range p.blocks {
				if b.heading > 0 {
					got = append(got, strings.TrimSuffix(b.runs[0].Text, " x"))
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("numbers %v, want %v", got, tt.want)
			}
		})
	}
	if got := roman(1994); got != "MCMXCIV" {
		t.Errorf("roman(1994) = %s", got)
	}
}

func TestInvalidDoc(t *testing.T) {
	tests := []struct {
		name string
		doc  Doc
		want string
	}{
		{"heading level 0", Doc{Blocks: []Block{Heading{Level: 0}}}, "heading level 0"},
		{"heading level 4", Doc{Blocks: []Block{Heading{Level: 4}}}, "heading level 4"},
		{"level 3 first", Doc{Blocks: []Block{Heading{Level: 1}, Heading{Level: 3, Text: "a"}}}, "no level-2 heading"},
		{"nil block", Doc{Blocks: []Block{nil}}, "nil"},
		{"table without columns", Doc{Blocks: []Block{Table{}}}, "no columns"},
		{"negative width", Doc{Blocks: []Block{Table{Columns: []Column{{Width: -1}}}}}, "width"},
		{"row too long", Doc{Blocks: []Block{Table{Columns: []Column{{}}, Rows: [][]string{{"a", "b"}}}}}, "2 cells for 1 columns"},
		{"language", Doc{Language: "fr"}, "language"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, write := range map[string]func(io.Writer, Doc) error{"docx": WriteDOCX, "pdf": WritePDF} {
				err := write(io.Discard, tt.doc)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: error %v, want one saying %q", name, err, tt.want)
				}
			}
		})
	}
}

func TestTableColumns(t *testing.T) {
	tests := []struct {
		name  string
		cols  []Column
		cells []string
		want  []float64
		align []Align
	}{
		{"fractions kept", []Column{{Width: 0.25}, {Width: 0.75}}, []string{"a", "1"}, []float64{0.25, 0.75}, []Align{AlignLeft, AlignRight}},
		{"scaled to 1", []Column{{Width: 1}, {Width: 3}}, []string{"16,5%", "Hà Nội"}, []float64{0.25, 0.75}, []Align{AlignRight, AlignLeft}},
		{"all zero: equal", []Column{{}, {}, {}, {}}, nil, []float64{0.25, 0.25, 0.25, 0.25}, []Align{AlignLeft, AlignLeft, AlignLeft, AlignLeft}},
		{"zero shares the rest", []Column{{Width: 0.5}, {}, {Align: AlignCenter}}, []string{"-1.234", "2024", "1"}, []float64{0.5, 0.25, 0.25}, []Align{AlignRight, AlignRight, AlignCenter}},
		{"explicit alignment wins", []Column{{Align: AlignLeft}, {Align: AlignRight}}, []string{"12", "chữ"}, []float64{0.5, 0.5}, []Align{AlignLeft, AlignRight}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, err := prepareTable(Table{Columns: tt.cols, Rows: [][]string{tt.cells}})
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tt.want {
				if d := pt.widths[i] - w; d > 1e-9 || d < -1e-9 {
					t.Errorf("widths %v, want %v", pt.widths, tt.want)
					break
				}
			}
			for i, a := range tt.align {
				if pt.rows[0][i].align != a {
					t.Errorf("cell %d aligned %d, want %d", i, pt.rows[0][i].align, a)
				}
			}
		})
	}
}

func TestIsNumber(t *testing.T) {
	for in, want := range map[string]bool{
		"1.234.567": true, "16,5%": true, "-3": true, "(1.000)": true, " 42 ": true,
		"": false, "-": false, "%": false, "1.234.567 đồng": false, "02/KH-UBND": false, "Hà Nội": false,
	} {
		if got := isNumber(in); got != want {
			t.Errorf("isNumber(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestEnglish: an English rendering changes only the writer's own words;
// the national name and motto stay Vietnamese.
func TestEnglish(t *testing.T) {
	d := sampleReport()
	d.Language = "en"
	d.Place = "Hanoi"
	var b bytes.Buffer
	if err := WriteDOCX(&b, d); err != nil {
		t.Fatal(err)
	}
	parts := docxParts(t, b.Bytes())
	text := docxText(t, parts["word/document.xml"])
	for _, want := range []string{nationalName, motto, "Hanoi, 5 January 2026", "Recipients:"} {
		if !strings.Contains(text, want) {
			t.Errorf("English DOCX lacks %q", want)
		}
	}
	for _, notWant := range []string{"Nơi nhận", "ngày 05 tháng"} {
		if strings.Contains(text, notWant) {
			t.Errorf("English DOCX has %q", notWant)
		}
	}
	if !strings.Contains(parts["word/styles.xml"], `w:val="en-GB"`) {
		t.Error("English DOCX is not tagged en-GB")
	}
	path, _ := writeFile(t, "report.pdf", WritePDF, d)
	if text := flat(pdfText(t, path, 1, 1)); !strings.Contains(text, "Hanoi, 5 January 2026") || !strings.Contains(text, motto) {
		t.Errorf("English PDF page 1:\n%s", text)
	}
}

// TestDeterministic: the same Doc gives the same bytes, so that a report
// regenerated from unchanged data is recognisably the same file.
func TestDeterministic(t *testing.T) {
	for name, write := range map[string]func(io.Writer, Doc) error{"docx": WriteDOCX, "pdf": WritePDF} {
		var a, b bytes.Buffer
		if err := write(&a, sampleReport()); err != nil {
			t.Fatal(err)
		}
		if err := write(&b, sampleReport()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two writes of one Doc differ", name)
		}
	}
}

// TestEmptyDoc: a Doc with nothing set is still a valid document.
func TestEmptyDoc(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDOCX(&b, Doc{}); err != nil {
		t.Fatal(err)
	}
	docxParts(t, b.Bytes())
	b.Reset()
	if err := WritePDF(&b, Doc{}); err != nil {
		t.Fatal(err)
	}
}

// fuzzDoc puts fuzzed strings in every field a caller fills.
func fuzzDoc(a, b, c string) Doc {
	return Doc{
		Issuer: []string{a, b}, Number: c, Place: a, Date: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		Kind: b, Summary: a + "\n" + c,
		Blocks: []Block{
			Heading{Level: 1, Text: a},
			Paragraph{Runs: []Run{{Text: a}, {Text: b, Bold: true}, {Text: c, Italic: true}}},
			Table{Caption: a, Unit: b, Columns: []Column{{Title: a}, {Title: b, Width: 0.3}}, Rows: [][]string{{b, c}, {c}}},
		},
		Signature:  Signature{Authority: a, Title: b, Name: c},
		Recipients: []string{a, b, c},
	}
}

var fuzzSeeds = [][3]string{
	{"UBND THÀNH PHỐ HÀ NỘI", "Kế hoạch số 02/KH-UBND", "1.234.567 đồng"},
	{"<&>", "\x00\x01\x1b", "]]>"},
	{"\xff\xfe", "\uFFFE\uFFFF", "\r\n\t"},
	{norm.NFD.String("Hà Nội"), "😀", strings.Repeat("rấtdàikhôngcódấucách", 40)},
}

func FuzzWriteDOCX(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var buf bytes.Buffer
		if err := WriteDOCX(&buf, fuzzDoc(a, b, c)); err != nil {
			t.Fatal(err)
		}
		parts := docxParts(t, buf.Bytes()) // fails on any ill-formed part
		if !norm.NFC.IsNormalString(parts["word/document.xml"]) {
			t.Error("document.xml is not NFC")
		}
	})
}

// FuzzWritePDF: fpdf indexes its width tables by rune, so odd text must
// never make it panic.
func FuzzWritePDF(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var buf bytes.Buffer
		if err := WritePDF(&buf, fuzzDoc(a, b, c)); err != nil {
			t.Fatal(err)
		}
	})
}
