// Package document writes Vietnamese administrative documents (văn bản
// hành chính) in the layout Decree 30/2020/NĐ-CP (Nghị định về công tác văn
// thư, "the Decree" below) prescribes, as DOCX for editing before signing
// and as PDF for reading and archiving. It knows the layout only: every
// word of the document comes from the caller, except the national name and
// motto (Quốc hiệu và Tiêu ngữ), which the law fixes in Vietnamese, and the
// few labels the layout itself needs ("Nơi nhận:", the date line's words).
//
// Both writers draw the same page: A4 portrait; margins 20 mm top and
// bottom, 30 mm left, 15 mm right; Times New Roman (in the PDF the
// metric-compatible Liberation Serif, embedded); a borderless two-column
// header (issuing body and document number on the left, national name,
// motto and the place-and-date line on the right); the document kind and
// its summary centred; the body; recipients (left) and signature (right)
// side by side at the end; page numbers centred in the top margin from
// page 2.
//
// Sizes, in points: issuing body, national name and "Số:" 12–13 as the
// Decree allows (12 for the names, so that "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
// NAM" fits its column; 13 for the number); motto 13; place and date 14
// italic; kind and summary 14 bold; body 14, justified, first line
// indented 1.27 cm, 6 pt after each paragraph, lines 1.2 times single
// spacing; tables 12; signature 14 bold; "Nơi nhận:" 12 bold italic and
// its list 11; page numbers 13.
//
// Headings are numbered by the writer, the way Vietnamese reports number
// their parts: level 1 with Roman numerals ("I.", "II.", bold), level 2
// with Arabic numerals restarting under each level 1 ("1.", "2.", bold),
// level 3 with the level-2 number and its own ("1.1.", "1.2.", bold
// italic). Text passes through as written: write level-1 headings in upper
// case if the document wants them so.
//
// All text is normalised to NFC, control characters are removed (a tab or
// line break inside a paragraph becomes a space; Summary and Issuer keep
// line breaks as separate lines), and invalid UTF-8 is dropped, so any
// string a caller passes gives a valid document.
package document

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"cnht/internal/vn"
)

// Doc is one administrative document.
type Doc struct {
	// Issuer is the issuing body (cơ quan ban hành), one line each, the
	// superior body first: {"UBND THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG"}.
	// Lines are printed in upper case; the last is bold with a short rule
	// under it.
	Issuer []string
	// Number is the document's number and symbol line as printed: "Số:
	// 123/BC-SCT".
	Number string
	// Place and Date give the italic place-and-date line, "Hà Nội, ngày 05
	// tháng 01 năm 2026" (vn.PlaceDate). A zero Date leaves the line out.
	Place string
	Date  time.Time
	// Kind is the document kind (tên loại văn bản), printed upper case:
	// "BÁO CÁO". Empty for a letter without a kind.
	Kind string
	// Summary is the summary of contents (trích yếu), bold, centred under
	// the kind; a line break in it starts a new line.
	Summary string
	// Blocks are the body, in order: Heading, Paragraph and Table values.
	Blocks []Block
	// Signature is the signing block, right of the recipients.
	Signature Signature
	// Recipients are the lines of "Nơi nhận:", as written: "- UBND Thành
	// phố;" ... "- Lưu: VT, QLCN.".
	Recipients []string
	// Language is "vi" (the default, also for "") or "en" for an English
	// rendering. English changes only what the writer itself prints (the
	// date line, "Recipients:") and the language tags; the national name
	// and motto stay Vietnamese, as the law requires.
	Language string
}

// Signature is the signing block (chữ ký): Authority and Title in upper
// case bold, room for the signature and seal, then Name bold.
type Signature struct {
	// Authority is the signing authority, when someone signs on behalf:
	// "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN". Empty when the head signs.
	Authority string
	// Title is the signer's position: "PHÓ GIÁM ĐỐC".
	Title string
	// Name is the signer's full name as written: "Nguyễn Văn A".
	Name string
}

// Block is one part of the body: a Heading, a Paragraph or a Table.
type Block interface {
	block()
}

// Heading is a numbered heading. Level is 1, 2 or 3; the number is added
// by the writer (see the package documentation), so Text has none.
type Heading struct {
	Level int
	Text  string
}

// Paragraph is a body paragraph: justified, first line indented. Its runs
// follow each other without added spaces.
type Paragraph struct {
	Runs []Run
}

// Run is a stretch of a paragraph's text in one style.
type Run struct {
	Text   string
	Bold   bool
	Italic bool
}

// Text is a paragraph of plain text.
func Text(s string) Paragraph {
	return Paragraph{Runs: []Run{{Text: s}}}
}

// Table is a bordered table whose first row is the header, bold and
// centred, and repeated at the top of every page the table runs onto.
type Table struct {
	// Caption, if any, is printed bold and centred above the table:
	// "Bảng 1. Kết quả thực hiện các chỉ tiêu".
	Caption string
	// Unit, if any, is printed italic at the right above the table:
	// "Đơn vị: đồng".
	Unit string
	// Columns give the header row and each column's width and alignment.
	Columns []Column
	// Rows are the body rows; a row may have fewer cells than there are
	// columns (the rest are empty) but not more.
	Rows [][]string
}

// Column is one column of a Table.
type Column struct {
	// Title is the header cell.
	Title string
	// Width is the column's share of the table's width; the shares are
	// scaled to add up to the text width. Zero widths share what the
	// others leave (all zero: equal columns).
	Width float64
	// Align is how the column's body cells are aligned.
	Align Align
}

// Align is a table cell's horizontal alignment.
type Align int

const (
	// AlignAuto right-aligns numbers (digits with the signs and separators
	// of numbers: "1.234.567", "16,5%", "-3") and left-aligns other text.
	AlignAuto Align = iota
	// AlignLeft aligns on the left.
	AlignLeft
	// AlignCenter centres: for ordinal (STT) and code columns.
	AlignCenter
	// AlignRight aligns on the right.
	AlignRight
)

func (Heading) block()   {}
func (Paragraph) block() {}
func (Table) block()     {}

// nationalName and motto are Quốc hiệu and Tiêu ngữ, fixed by the Decree
// in Vietnamese whatever the document's language.
const (
	nationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	motto        = "Độc lập - Tự do - Hạnh phúc"
)

// Page geometry in millimetres and type sizes in points (Decree 30, see
// the package documentation).
const (
	pageW, pageH             = 210.0, 297.0
	marginTop, marginBottom  = 20.0, 20.0
	marginLeft, marginRight  = 30.0, 15.0
	textW                    = pageW - marginLeft - marginRight
	headerLeftW              = 65.0 // issuer column; the national name's takes the rest
	headerRightW             = textW - headerLeftW
	recipientsW              = 75.0 // recipients column; the signature's takes the rest
	signatureW               = textW - recipientsW
	firstIndent              = 12.7
	sizeIssuer, sizeNational = 12.0, 12.0
	sizeNumber, sizeMotto    = 13.0, 13.0
	sizePlaceDate            = 14.0
	sizeKind, sizeBody       = 14.0, 14.0
	sizeTable                = 12.0
	sizeUnit                 = 13.0
	sizeRecipientsLabel      = 12.0
	sizeRecipients           = 11.0
	sizePageNumber           = 13.0
	spaceAfterPt             = 6.0
	lineSpacing              = 1.2  // multiple of single spacing in the body
	singleLine               = 1.15 // single spacing of Times New Roman, in font sizes
	cellPadX, cellPadY       = 1.5, 0.8
	signatureGapLines        = 4 // blank lines for signature and seal
)

// doc is a Doc checked and cleaned, with headings numbered and cell
// alignments decided: what both writers draw.
type doc struct {
	lang            string
	issuer          []string
	number          string
	placeDate       string
	kind            string
	summary         []string
	blocks          []pblock
	sig             Signature
	recipientsLabel string
	recipients      []string
	title           string
}

// pblock is a heading or paragraph (runs set) or a table (table set).
type pblock struct {
	heading int // 0 for a paragraph, else the heading level
	runs    []Run
	table   *ptable
}

type ptable struct {
	caption, unit string
	widths        []float64 // fractions adding up to 1
	header        []string
	rows          [][]pcell
}

type pcell struct {
	text  string
	align Align // never AlignAuto
}

// prepare checks d and turns it into what the writers draw.
func prepare(d Doc) (*doc, error) {
	p := &doc{}
	switch d.Language {
	case "", "vi":
		p.lang = "vi"
		p.recipientsLabel = "Nơi nhận:"
	case "en":
		p.lang = "en"
		p.recipientsLabel = "Recipients:"
	default:
		return nil, fmt.Errorf("document: unknown language %q (want vi or en)", d.Language)
	}
	for _, s := range d.Issuer {
		p.issuer = append(p.issuer, lines(strings.ToUpper(clean(s)))...)
	}
	p.number = line(d.Number)
	if !d.Date.IsZero() {
		place := line(d.Place)
		if p.lang == "en" {
			p.placeDate = d.Date.Format("2 January 2006")
			if place != "" {
				p.placeDate = place + ", " + p.placeDate
			}
		} else {
			p.placeDate = vn.PlaceDate(place, d.Date)
		}
	}
	p.kind = strings.ToUpper(line(d.Kind))
	p.summary = lines(clean(d.Summary))
	p.sig = Signature{
		Authority: strings.ToUpper(line(d.Signature.Authority)),
		Title:     strings.ToUpper(line(d.Signature.Title)),
		Name:      line(d.Signature.Name),
	}
	for _, r := range d.Recipients {
		p.recipients = append(p.recipients, lines(clean(r))...)
	}
	p.title = strings.TrimSpace(p.kind + " " + strings.Join(p.summary, " "))

	var n1, n2, n3 int
	for i, b := range d.Blocks {
		switch b := b.(type) {
		case Heading:
			var num string
			switch b.Level {
			case 1:
				n1, n2, n3 = n1+1, 0, 0
				num = roman(n1) + "."
			case 2:
				n2, n3 = n2+1, 0
				num = strconv.Itoa(n2) + "."
			case 3:
				if n2 == 0 {
					return nil, fmt.Errorf("document: block %d: level-3 heading %q has no level-2 heading above it", i, b.Text)
				}
				n3++
				num = strconv.Itoa(n2) + "." + strconv.Itoa(n3) + "."
			default:
				return nil, fmt.Errorf("document: block %d: heading level %d (want 1, 2 or 3)", i, b.Level)
			}
			p.blocks = append(p.blocks, pblock{heading: b.Level, runs: []Run{{
				Text: num + " " + line(b.Text), Bold: true, Italic: b.Level == 3,
			}}})
		case Paragraph:
			var runs []Run
			for _, r := range b.Runs {
				if t := inline(r.Text); t != "" {
					runs = append(runs, Run{Text: t, Bold: r.Bold, Italic: r.Italic})
				}
			}
			p.blocks = append(p.blocks, pblock{runs: runs})
		case Table:
			t, err := prepareTable(b)
			if err != nil {
				return nil, fmt.Errorf("document: block %d: %w", i, err)
			}
			p.blocks = append(p.blocks, pblock{table: t})
		case nil:
			return nil, fmt.Errorf("document: block %d is nil", i)
		default:
			return nil, fmt.Errorf("document: block %d: unknown block type %T", i, b)
		}
	}
	return p, nil
}

func prepareTable(b Table) (*ptable, error) {
	if len(b.Columns) == 0 {
		return nil, fmt.Errorf("table %q has no columns", b.Caption)
	}
	t := &ptable{caption: line(b.Caption), unit: line(b.Unit)}
	var sum float64
	zeros := 0
	for i, c := range b.Columns {
		if c.Width < 0 || c.Width != c.Width || c.Width > 1e6 {
			return nil, fmt.Errorf("table %q: column %d has width %v", b.Caption, i, c.Width)
		}
		if c.Width == 0 {
			zeros++
		}
		sum += c.Width
		t.header = append(t.header, inline(c.Title))
	}
	// Zero widths take an equal share of what is left, or the average
	// width when nothing is (an unset width means "ordinary column").
	zw := 0.0
	if zeros > 0 {
		if sum == 0 {
			zw = 1
		} else if sum < 1 {
			zw = (1 - sum) / float64(zeros)
		} else {
			zw = sum / float64(len(b.Columns)-zeros)
		}
	}
	total := sum + zw*float64(zeros)
	for _, c := range b.Columns {
		w := c.Width
		if w == 0 {
			w = zw
		}
		t.widths = append(t.widths, w/total)
	}
	for r, row := range b.Rows {
		if len(row) > len(b.Columns) {
			return nil, fmt.Errorf("table %q: row %d has %d cells for %d columns", b.Caption, r, len(row), len(b.Columns))
		}
		cells := make([]pcell, len(b.Columns))
		for i := range cells {
			var s string
			if i < len(row) {
				s = inline(row[i])
			}
			a := b.Columns[i].Align
			if a == AlignAuto {
				a = AlignLeft
				if isNumber(s) {
					a = AlignRight
				}
			}
			cells[i] = pcell{text: s, align: a}
		}
		t.rows = append(t.rows, cells)
	}
	return t, nil
}

// clean makes s safe for both formats: valid UTF-8 in NFC, without
// control characters other than '\n' (tabs and '\r' become spaces and
// newlines) and without the code points XML 1.0 forbids.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteRune('\n')
		case r == '\t':
			b.WriteRune(' ')
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
			// dropped: XML 1.0 cannot hold them and no page shows them
		default:
			b.WriteRune(r)
		}
	}
	return vn.NFC(b.String())
}

// lines splits cleaned text into its non-empty lines, spaces collapsed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// line is s on one line, spaces collapsed.
func line(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// inline is s cleaned for a run of a paragraph: line breaks become spaces
// but spaces at the ends are kept, since runs join without added spaces.
func inline(s string) string {
	s = strings.ReplaceAll(clean(s), "\n", " ")
	return s
}

// isNumber reports whether s reads as a number: digits with signs,
// Vietnamese separators and a percent sign, "1.234.567", "16,5%", "-3".
func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(".,%+-−() ", r):
		default:
			return false
		}
	}
	return digit
}

// roman writes n (≥ 1) in Roman numerals.
func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}
