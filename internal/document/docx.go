package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// WriteDOCX writes d as a Word document (Office Open XML, transitional) to
// w. The XML is written by hand: the layout needs a few dozen elements,
// and a library would be a dependency for them. Fonts are named, not
// embedded: Times New Roman in Word, Liberation Serif where LibreOffice
// substitutes it.
func WriteDOCX(w io.Writer, d Doc) error {
	p, err := prepare(d)
	if err != nil {
		return err
	}
	m, err := newMeasurer(bold) // every width the DOCX needs is of bold text
	if err != nil {
		return err
	}
	var body bytes.Buffer
	x := &docxWriter{b: &body, m: m}
	x.document(p)

	stamp := d.Date
	if stamp.IsZero() {
		stamp = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	lang := map[string]string{"vi": "vi-VN", "en": "en-GB"}[p.lang]
	parts := []struct{ name, content string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"docProps/core.xml", coreXML(p.title, lang, stamp)},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/document.xml", body.String()},
		{"word/styles.xml", stylesXML(lang)},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", headerXML(true)},
		{"word/header2.xml", headerXML(false)},
	}
	z := zip.NewWriter(w)
	for _, part := range parts {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return fmt.Errorf("document: docx: %w", err)
		}
		if _, err := io.WriteString(fw, part.content); err != nil {
			return fmt.Errorf("document: docx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("document: docx: %w", err)
	}
	return nil
}

const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	font      = "Times New Roman"
)

// twips converts millimetres to twentieths of a point, Word's unit.
func twips(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) }

// halfPoints is a type size in Word's unit.
func halfPoints(size float64) int { return int(math.Round(size * 2)) }

// esc escapes s for XML text and attribute values. The text is already
// clean (see clean); EscapeText also replaces anything XML cannot hold.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// docxWriter writes word/document.xml into b.
type docxWriter struct {
	b *bytes.Buffer
	m *measurer
}

func (x *docxWriter) w(parts ...string) {
	for _, s := range parts {
		x.b.WriteString(s)
	}
}

// para is a paragraph's formatting beyond its style.
type para struct {
	style      string
	jc         string // left, center, right, both
	keepNext   bool
	before     float64 // points
	after      float64 // points; -1 for the style's
	line       int     // 240ths of a line; 0 for the style's
	indL, indR int     // twips
}

func (x *docxWriter) pPr(p para) {
	x.w("<w:pPr>")
	if p.style != "" {
		x.w(`<w:pStyle w:val="`, p.style, `"/>`)
	}
	if p.keepNext {
		x.w("<w:keepNext/>")
	}
	if p.before != 0 || p.after >= 0 || p.line != 0 {
		x.w("<w:spacing")
		if p.before != 0 {
			x.w(` w:before="`, strconv.Itoa(int(p.before*20)), `"`)
		}
		if p.after >= 0 {
			x.w(` w:after="`, strconv.Itoa(int(p.after*20)), `"`)
		}
		if p.line != 0 {
			x.w(` w:line="`, strconv.Itoa(p.line), `" w:lineRule="auto"`)
		}
		x.w("/>")
	}
	if p.indL != 0 || p.indR != 0 {
		x.w(`<w:ind w:left="`, strconv.Itoa(p.indL), `" w:right="`, strconv.Itoa(p.indR), `" w:firstLine="0"/>`)
	}
	if p.jc != "" {
		x.w(`<w:jc w:val="`, p.jc, `"/>`)
	}
	x.w("</w:pPr>")
}

// run writes a run of text. Every run names its font, so that text
// copied into another document keeps Times New Roman.
func (x *docxWriter) run(r Run, size float64) {
	x.w("<w:r><w:rPr>", `<w:rFonts w:ascii="`+font+`" w:hAnsi="`+font+`" w:cs="`+font+`" w:eastAsia="`+font+`"/>`)
	if r.Bold {
		x.w("<w:b/><w:bCs/>")
	}
	if r.Italic {
		x.w("<w:i/><w:iCs/>")
	}
	if size > 0 {
		hp := strconv.Itoa(halfPoints(size))
		x.w(`<w:sz w:val="`, hp, `"/><w:szCs w:val="`, hp, `"/>`)
	}
	x.w(`</w:rPr><w:t xml:space="preserve">`, esc(r.Text), "</w:t></w:r>")
}

// p writes a paragraph of runs; size 0 keeps the style's size.
func (x *docxWriter) p(f para, size float64, runs ...Run) {
	x.w("<w:p>")
	x.pPr(f)
	for _, r := range runs {
		if r.Text != "" {
			x.run(r, size)
		}
	}
	x.w("</w:p>")
}

// rule writes an empty paragraph whose bottom border, ruleW millimetres
// long, is centred in a column colW wide: the short rules under the
// issuing body, the motto and the summary.
func (x *docxWriter) rule(colW, ruleW float64) {
	ind := twips(max((colW-ruleW)/2, 0))
	x.w(`<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`,
		`<w:spacing w:before="0" w:after="0" w:line="40" w:lineRule="exact"/>`,
		`<w:ind w:left="`, strconv.Itoa(ind), `" w:right="`, strconv.Itoa(ind), `" w:firstLine="0"/>`,
		`<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`)
}

// layoutTable opens a borderless table of columns widths (millimetres)
// for the header and closing blocks.
func (x *docxWriter) layoutTable(widths ...float64) {
	total := 0
	for _, w := range widths {
		total += twips(w)
	}
	x.w(`<w:tbl><w:tblPr><w:tblW w:w="`, strconv.Itoa(total), `" w:type="dxa"/><w:tblLayout w:type="fixed"/>`,
		`<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`,
		`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>`,
		`<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		x.w(`<w:gridCol w:w="`, strconv.Itoa(twips(w)), `"/>`)
	}
	x.w("</w:tblGrid>")
}

func (x *docxWriter) cell(width float64, content func()) {
	x.w(`<w:tc><w:tcPr><w:tcW w:w="`, strconv.Itoa(twips(width)), `" w:type="dxa"/></w:tcPr>`)
	n := x.b.Len()
	content()
	if !strings.Contains(x.b.String()[n:], "<w:p>") {
		x.w("<w:p/>")
	}
	x.w("</w:tc>")
}

var noAfter = para{after: 0, line: 240}

func (x *docxWriter) document(p *doc) {
	x.w(xmlHeader, `<w:document xmlns:w="`+nsW+`" xmlns:r="`+nsR+`"><w:body>`)

	// Header: issuer | national name and motto; number | place and date.
	x.layoutTable(headerLeftW, headerRightW)
	x.w(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	x.cell(headerLeftW, func() {
		for i, s := range p.issuer {
			last := i == len(p.issuer)-1
			f := noAfter
			f.jc = "center"
			x.p(f, sizeIssuer, Run{Text: s, Bold: last})
			if last {
				x.rule(headerLeftW, x.m.width(s, bold, sizeIssuer)*0.4)
			}
		}
	})
	x.cell(headerRightW, func() {
		f := noAfter
		f.jc = "center"
		x.p(f, sizeNational, Run{Text: nationalName, Bold: true})
		x.p(f, sizeMotto, Run{Text: motto, Bold: true})
		x.rule(headerRightW, x.m.width(motto, bold, sizeMotto))
	})
	x.w("</w:tr>")
	if p.number != "" || p.placeDate != "" {
		x.w(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		f := noAfter
		f.jc, f.before = "center", 6
		x.cell(headerLeftW, func() { x.p(f, sizeNumber, Run{Text: p.number}) })
		x.cell(headerRightW, func() { x.p(f, sizePlaceDate, Run{Text: p.placeDate, Italic: true}) })
		x.w("</w:tr>")
	}
	x.w("</w:tbl>")

	// Kind and summary.
	f := noAfter
	f.jc, f.keepNext = "center", true
	if p.kind != "" {
		f.before = 18
		x.p(f, sizeKind, Run{Text: p.kind, Bold: true})
		f.before = 0
	} else {
		f.before = 12
	}
	widest := 0.0
	for _, s := range p.summary {
		x.p(f, sizeKind, Run{Text: s, Bold: true})
		f.before = 0
		widest = max(widest, x.m.width(s, bold, sizeKind))
	}
	if len(p.summary) > 0 {
		x.rule(textW, widest*0.4)
	}
	x.p(para{after: 0, line: 240}, sizeBody) // space before the body

	for _, b := range p.blocks {
		switch {
		case b.table != nil:
			x.table(b.table)
		case b.heading > 0:
			x.p(para{style: "Heading" + strconv.Itoa(b.heading), after: -1}, 0, b.runs...)
		default:
			x.p(para{style: "Body", after: -1}, 0, b.runs...)
		}
	}
	x.closing(p)

	// A body must end with a paragraph, not a table.
	x.p(para{after: 0, line: 240}, 2)
	x.w(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderDefault"/><w:headerReference w:type="first" r:id="rIdHeaderFirst"/>`,
		`<w:pgSz w:w="`, strconv.Itoa(twips(pageW)), `" w:h="`, strconv.Itoa(twips(pageH)), `"/>`,
		fmt.Sprintf(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
			twips(marginTop), twips(marginRight), twips(marginBottom), twips(marginLeft), twips(10), twips(10)),
		`<w:titlePg/></w:sectPr></w:body></w:document>`)
}

// table writes a bordered table whose header row repeats on every page.
func (x *docxWriter) table(t *ptable) {
	if t.caption != "" {
		x.p(para{style: "Caption", after: -1}, 0, Run{Text: t.caption, Bold: true})
	}
	if t.unit != "" {
		x.p(para{style: "Unit", after: -1}, 0, Run{Text: t.unit, Italic: true})
	}
	total := twips(textW)
	widths := make([]int, len(t.widths))
	used := 0
	for i, w := range t.widths {
		widths[i] = int(math.Round(w * float64(total)))
		if i == len(t.widths)-1 {
			widths[i] = total - used
		}
		used += widths[i]
	}
	x.w(`<w:tbl><w:tblPr><w:tblW w:w="`, strconv.Itoa(total), `" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		x.w(`<w:`, side, ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	pad := strconv.Itoa(twips(cellPadX))
	x.w(`</w:tblBorders><w:tblCellMar><w:top w:w="`, strconv.Itoa(twips(cellPadY)), `" w:type="dxa"/><w:left w:w="`, pad, `" w:type="dxa"/>`,
		`<w:bottom w:w="`, strconv.Itoa(twips(cellPadY)), `" w:type="dxa"/><w:right w:w="`, pad, `" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		x.w(`<w:gridCol w:w="`, strconv.Itoa(w), `"/>`)
	}
	x.w("</w:tblGrid>")
	row := func(texts []string, jcs []string, header bool) {
		x.w("<w:tr><w:trPr><w:cantSplit/>")
		if header {
			x.w("<w:tblHeader/>")
		}
		x.w("</w:trPr>")
		for i, s := range texts {
			x.w(`<w:tc><w:tcPr><w:tcW w:w="`, strconv.Itoa(widths[i]), `" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`)
			x.p(para{style: "TableText", jc: jcs[i], after: -1}, 0, Run{Text: s, Bold: header})
			x.w("</w:tc>")
		}
		x.w("</w:tr>")
	}
	centre := make([]string, len(t.header))
	for i := range centre {
		centre[i] = "center"
	}
	row(t.header, centre, true)
	for _, cells := range t.rows {
		texts := make([]string, len(cells))
		jcs := make([]string, len(cells))
		for i, c := range cells {
			texts[i] = c.text
			jcs[i] = map[Align]string{AlignLeft: "left", AlignCenter: "center", AlignRight: "right"}[c.align]
		}
		row(texts, jcs, false)
	}
	x.w("</w:tbl>")
	x.p(para{after: 0, line: 240}, sizeBody) // space after the table
}

// closing writes recipients (left) and signature (right) side by side in
// one row that does not break across pages.
func (x *docxWriter) closing(p *doc) {
	if len(p.recipients) == 0 && p.sig == (Signature{}) {
		return
	}
	x.layoutTable(recipientsW, signatureW)
	x.w(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	x.cell(recipientsW, func() {
		if len(p.recipients) == 0 {
			return
		}
		f := noAfter
		f.jc = "left"
		x.p(f, sizeRecipientsLabel, Run{Text: p.recipientsLabel, Bold: true, Italic: true})
		for _, s := range p.recipients {
			x.p(f, sizeRecipients, Run{Text: s})
		}
	})
	x.cell(signatureW, func() {
		f := noAfter
		f.jc = "center"
		for _, s := range []string{p.sig.Authority, p.sig.Title} {
			if s != "" {
				x.p(f, sizeKind, Run{Text: s, Bold: true})
			}
		}
		if p.sig.Name != "" {
			for range signatureGapLines {
				x.p(f, sizeKind)
			}
			x.p(f, sizeKind, Run{Text: p.sig.Name, Bold: true})
		}
	})
	x.w("</w:tr></w:tbl>")
}

const contentTypesXML = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdHeaderDefault" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
	`</Relationships>`

const settingsXML = xmlHeader + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

func coreXML(title, lang string, created time.Time) string {
	ts := created.UTC().Format("2006-01-02T15:04:05Z")
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(title) + `</dc:title><dc:language>` + lang + `</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified>` +
		`</cp:coreProperties>`
}

// headerXML is the page header: the page number, centred, on every page
// but the first (whose header, header2.xml, is empty).
func headerXML(number bool) string {
	s := xmlHeader + `<w:hdr xmlns:w="` + nsW + `"><w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="0"/></w:pPr>`
	if number {
		rpr := `<w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:cs="` + font + `"/><w:sz w:val="` +
			strconv.Itoa(halfPoints(sizePageNumber)) + `"/></w:rPr>`
		s += `<w:r>` + rpr + `<w:fldChar w:fldCharType="begin"/></w:r>` +
			`<w:r>` + rpr + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
			`<w:r>` + rpr + `<w:fldChar w:fldCharType="separate"/></w:r>` +
			`<w:r>` + rpr + `<w:t>2</w:t></w:r>` +
			`<w:r>` + rpr + `<w:fldChar w:fldCharType="end"/></w:r>`
	}
	return s + `</w:p></w:hdr>`
}

// stylesXML holds the defaults (Times New Roman, 14 pt, the document's
// language) and the paragraph styles the body uses.
func stylesXML(lang string) string {
	body := strconv.Itoa(halfPoints(sizeBody))
	tbl := strconv.Itoa(halfPoints(sizeTable))
	unit := strconv.Itoa(halfPoints(sizeUnit))
	after := strconv.Itoa(int(spaceAfterPt * 20))
	line := strconv.Itoa(int(math.Round(lineSpacing * 240)))
	indent := strconv.Itoa(twips(firstIndent))
	heading := func(level int, name string, italic bool) string {
		rpr := `<w:b/><w:bCs/>`
		if italic {
			rpr += `<w:i/><w:iCs/>`
		}
		return `<w:style w:type="paragraph" w:styleId="Heading` + strconv.Itoa(level) + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Body"/><w:next w:val="Body"/><w:qFormat/>` +
			`<w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val="` + strconv.Itoa(level-1) + `"/></w:pPr><w:rPr>` + rpr + `</w:rPr></w:style>`
	}
	return xmlHeader + `<w:styles xmlns:w="` + nsW + `">` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` +
		`<w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:cs="` + font + `" w:eastAsia="` + font + `"/>` +
		`<w:color w:val="000000"/><w:sz w:val="` + body + `"/><w:szCs w:val="` + body + `"/>` +
		`<w:lang w:val="` + lang + `" w:eastAsia="` + lang + `" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:widowControl/><w:spacing w:before="0" w:after="` + after + `" w:line="` + line + `" w:lineRule="auto"/><w:ind w:firstLine="` + indent + `"/><w:jc w:val="both"/></w:pPr></w:style>` +
		heading(1, "heading 1", false) + heading(2, "heading 2", false) + heading(3, "heading 3", true) +
		`<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Unit"/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="` + after + `" w:after="` + after + `"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Unit"><w:name w:val="Table Unit"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr><w:keepNext/><w:jc w:val="right"/></w:pPr><w:rPr><w:i/><w:iCs/><w:sz w:val="` + unit + `"/><w:szCs w:val="` + unit + `"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:rPr><w:sz w:val="` + tbl + `"/><w:szCs w:val="` + tbl + `"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}
