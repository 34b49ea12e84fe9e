package document

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// WritePDF writes d as a PDF (A4, fonts embedded and subset) to w. Pages
// are laid out here, line by line with Times New Roman's metrics, so a
// page of the PDF holds about what the same page of the DOCX holds in
// Word; it is not a rendering of the DOCX.
func WritePDF(w io.Writer, d Doc) error {
	p, err := prepare(d)
	if err != nil {
		return err
	}
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	if err := addFonts(f, 0, bold, italic, bold|italic); err != nil {
		return err
	}
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(false, marginBottom)
	f.SetCompression(true)
	f.SetTitle(p.title, true)
	f.SetLang(map[string]string{"vi": "vi-VN", "en": "en-GB"}[p.lang])
	f.SetCreator("cnht", true)
	// The document's own date, not the clock: the same Doc gives the same
	// bytes.
	stamp := d.Date
	if stamp.IsZero() {
		stamp = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCatalogSort(true)
	f.SetHeaderFuncMode(func() {
		if n := f.PageNo(); n > 1 {
			f.SetFont(fontFamily, "", sizePageNumber)
			s := strconv.Itoa(n)
			f.Text(marginLeft+(textW-f.GetStringWidth(s))/2, 14, s)
		}
	}, false)

	pw := &pdfWriter{f: f}
	pw.newPage()
	pw.header(p)
	for _, b := range p.blocks {
		switch {
		case b.table != nil:
			pw.table(b.table)
		case b.heading > 0:
			// keep a heading with the two lines that follow it
			h := pw.paragraphHeight(b.runs, sizeBody, firstIndent)
			pw.ensure(h + 2*lineHeight(sizeBody, lineSpacing))
			pw.paragraph(b.runs, sizeBody, alignJustify, firstIndent, lineSpacing)
			pw.y += pt(spaceAfterPt)
		default:
			pw.paragraph(b.runs, sizeBody, alignJustify, firstIndent, lineSpacing)
			pw.y += pt(spaceAfterPt)
		}
	}
	pw.closing(p)
	if err := f.Error(); err != nil {
		return fmt.Errorf("document: pdf: %w", err)
	}
	return f.Output(w)
}

// pt converts points to millimetres.
func pt(v float64) float64 { return v * 25.4 / 72 }

// lineHeight is the height of a line of type of size points at mult
// times single spacing, in millimetres.
func lineHeight(size, mult float64) float64 { return pt(size * singleLine * mult) }

// textAlign is how the lines of a paragraph sit in their width.
type textAlign int

const (
	alignLeftText textAlign = iota
	alignCenterText
	alignRightText
	alignJustify // all lines but the last fill the width
)

func cellAlign(a Align) textAlign {
	switch a {
	case AlignCenter:
		return alignCenterText
	case AlignRight:
		return alignRightText
	}
	return alignLeftText
}

// pdfWriter draws on f; y is the top of the next line, in millimetres.
type pdfWriter struct {
	f *fpdf.Fpdf
	y float64
}

func (pw *pdfWriter) newPage() {
	pw.f.AddPage()
	pw.y = marginTop
}

// ensure starts a new page unless h millimetres fit above the bottom
// margin.
func (pw *pdfWriter) ensure(h float64) {
	if pw.y+h > pageH-marginBottom+0.01 && pw.y > marginTop+0.01 {
		pw.newPage()
	}
}

// piece is a stretch of a word in one style; word is what lies between
// spaces.
type piece struct {
	text string
	st   style
	w    float64
}

type word struct {
	pieces []piece
	w      float64
}

func (pw *pdfWriter) width(s string, st style, size float64) float64 {
	pw.f.SetFont(fontFamily, st.fpdf(), size)
	return pw.f.GetStringWidth(s)
}

// words splits runs into words, keeping each word's style changes.
func (pw *pdfWriter) words(runs []Run, size float64) []word {
	var out []word
	var cur word
	flush := func() {
		if len(cur.pieces) > 0 {
			out = append(out, cur)
		}
		cur = word{}
	}
	for _, r := range runs {
		st := styleOf(r.Bold, r.Italic)
		text := pdfSafe(r.Text)
		for i, part := range strings.Split(text, " ") {
			if i > 0 {
				flush()
			}
			if part == "" {
				continue
			}
			pc := piece{text: part, st: st, w: pw.width(part, st, size)}
			cur.pieces = append(cur.pieces, pc)
			cur.w += pc.w
		}
	}
	flush()
	return out
}

// split breaks a word too wide for max into parts that fit, rune by rune.
func (pw *pdfWriter) split(w word, max, size float64) []word {
	var out []word
	var cur word
	for _, pc := range w.pieces {
		for _, r := range pc.text {
			s := string(r)
			rw := pw.width(s, pc.st, size)
			if cur.w+rw > max && cur.w > 0 {
				out = append(out, cur)
				cur = word{}
			}
			if n := len(cur.pieces); n > 0 && cur.pieces[n-1].st == pc.st {
				cur.pieces[n-1].text += s
				cur.pieces[n-1].w += rw
			} else {
				cur.pieces = append(cur.pieces, piece{text: s, st: pc.st, w: rw})
			}
			cur.w += rw
		}
	}
	if len(cur.pieces) > 0 {
		out = append(out, cur)
	}
	return out
}

// wrap breaks words into lines: the first line first wide, the others
// rest wide; space is the width of a space.
func (pw *pdfWriter) wrap(ws []word, first, rest, space, size float64) [][]word {
	var out [][]word
	var cur []word
	used := 0.0
	max := first
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		need := w.w
		if len(cur) > 0 {
			need += space
		}
		if used+need <= max+0.001 {
			cur = append(cur, w)
			used += need
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur, used, max = nil, 0, rest
			i--
			continue
		}
		// a word wider than a whole line
		parts := pw.split(w, max, size)
		for _, p := range parts[:len(parts)-1] {
			out = append(out, []word{p})
			max = rest
		}
		last := parts[len(parts)-1]
		cur, used = []word{last}, last.w
	}
	if len(cur) > 0 || len(out) == 0 {
		out = append(out, cur)
	}
	return out
}

// layout wraps runs in width, the first line indented by indent.
func (pw *pdfWriter) layout(runs []Run, size, width, indent float64) ([][]word, float64) {
	space := pw.width(" ", 0, size)
	return pw.wrap(pw.words(runs, size), width-indent, width, space, size), space
}

func (pw *pdfWriter) paragraphHeight(runs []Run, size, indent float64) float64 {
	ls, _ := pw.layout(runs, size, textW, indent)
	return float64(len(ls)) * lineHeight(size, lineSpacing)
}

// drawLine draws one line with its top at top, in the box [x, x+width].
func (pw *pdfWriter) drawLine(ws []word, x, width, top, lh, size, space float64, align textAlign, last bool) {
	total := 0.0
	for _, w := range ws {
		total += w.w
	}
	gap := space
	switch {
	case align == alignJustify && !last && len(ws) > 1:
		gap = (width - total) / float64(len(ws)-1)
	case align == alignCenterText:
		x += (width - total - space*float64(max(len(ws)-1, 0))) / 2
	case align == alignRightText:
		x += width - total - space*float64(max(len(ws)-1, 0))
	}
	baseline := top + lh - pt(size*0.216)
	for _, w := range ws {
		cx := x
		for _, pc := range w.pieces {
			pw.f.SetFont(fontFamily, pc.st.fpdf(), size)
			pw.f.Text(cx, baseline, pc.text)
			cx += pc.w
		}
		x += w.w + gap
	}
}

// paragraph draws runs across the text width from pw.y, breaking pages
// between lines but leaving neither a first nor a last line alone (as
// Word's widow and orphan control does).
func (pw *pdfWriter) paragraph(runs []Run, size float64, align textAlign, indent, mult float64) {
	ls, space := pw.layout(runs, size, textW, indent)
	lh := lineHeight(size, mult)
	bottom := pageH - marginBottom + 0.01
	for i, l := range ls {
		switch n := len(ls); {
		case i == 0 && n >= 2:
			pw.ensure(2 * lh) // no first line alone at the foot of a page
		case i == n-2 && i >= 2 && pw.y+lh <= bottom && pw.y+2*lh > bottom:
			pw.newPage() // no last line alone at the head of a page
		default:
			pw.ensure(lh)
		}
		x, w := marginLeft, textW
		if i == 0 {
			x, w = x+indent, w-indent
		}
		pw.drawLine(l, x, w, pw.y, lh, size, space, align, i == len(ls)-1)
		pw.y += lh
	}
}

// block draws text in a column [x, x+width] from top, without page
// breaks, and returns the new top; the header and closing blocks use it.
func (pw *pdfWriter) block(runs []Run, x, width, top, size float64, align textAlign) (float64, float64) {
	ls, space := pw.layout(runs, size, width, 0)
	lh := lineHeight(size, 1)
	widest := 0.0
	for i, l := range ls {
		pw.drawLine(l, x, width, top, lh, size, space, align, i == len(ls)-1)
		top += lh
		lw := 0.0
		for j, w := range l {
			lw += w.w
			if j > 0 {
				lw += space
			}
		}
		widest = max(widest, lw)
	}
	return top, widest
}

func (pw *pdfWriter) rule(x, y, w float64) {
	pw.f.SetLineWidth(0.3)
	pw.f.Line(x, y, x+w, y)
}

// header draws the two header columns, the kind and the summary.
func (pw *pdfWriter) header(p *doc) {
	lx, rx := marginLeft, marginLeft+headerLeftW
	top := pw.y
	ly := top
	for i, s := range p.issuer {
		var lw float64
		ly, lw = pw.block([]Run{{Text: s, Bold: i == len(p.issuer)-1}}, lx, headerLeftW, ly, sizeIssuer, alignCenterText)
		if i == len(p.issuer)-1 {
			rw := lw * 0.4
			ly += 1.0
			pw.rule(lx+(headerLeftW-rw)/2, ly, rw)
			ly += 1.5
		}
	}
	ry, _ := pw.block([]Run{{Text: nationalName, Bold: true}}, rx, headerRightW, top, sizeNational, alignCenterText)
	var mw float64
	ry, mw = pw.block([]Run{{Text: motto, Bold: true}}, rx, headerRightW, ry, sizeMotto, alignCenterText)
	ry += 1.0
	pw.rule(rx+(headerRightW-mw)/2, ry, mw)
	ry += 1.5
	y := max(ly, ry) + pt(6)
	ly, ry = y, y
	if p.number != "" {
		ly, _ = pw.block([]Run{{Text: p.number}}, lx, headerLeftW, y, sizeNumber, alignCenterText)
	}
	if p.placeDate != "" {
		ry, _ = pw.block([]Run{{Text: p.placeDate, Italic: true}}, rx, headerRightW, y, sizePlaceDate, alignCenterText)
	}
	pw.y = max(ly, ry)
	if p.kind != "" {
		pw.y += pt(18)
		pw.y, _ = pw.block([]Run{{Text: p.kind, Bold: true}}, marginLeft, textW, pw.y, sizeKind, alignCenterText)
	} else {
		pw.y += pt(12)
	}
	if len(p.summary) > 0 {
		widest := 0.0
		for _, s := range p.summary {
			var w float64
			pw.y, w = pw.block([]Run{{Text: s, Bold: true}}, marginLeft, textW, pw.y, sizeKind, alignCenterText)
			widest = max(widest, w)
		}
		rw := widest * 0.4
		pw.y += 1.0
		pw.rule(marginLeft+(textW-rw)/2, pw.y, rw)
	}
	pw.y += pt(18)
}

// table draws t, repeating its header row on every page it runs onto.
func (pw *pdfWriter) table(t *ptable) {
	lh := lineHeight(sizeTable, 1)
	cw := make([]float64, len(t.widths))
	for i, w := range t.widths {
		cw[i] = w * textW
	}
	type row struct {
		cells [][][]word
		space float64
		lines int
		bold  bool
		align []textAlign
	}
	mk := func(texts []string, aligns []textAlign, b bool) row {
		r := row{bold: b, align: aligns}
		for i, s := range texts {
			ls, space := pw.layout([]Run{{Text: s, Bold: b}}, sizeTable, cw[i]-2*cellPadX, 0)
			r.cells = append(r.cells, ls)
			r.space = space
			r.lines = max(r.lines, len(ls))
		}
		return r
	}
	heights := func(r row) float64 { return float64(r.lines)*lh + 2*cellPadY }
	centre := make([]textAlign, len(cw))
	for i := range centre {
		centre[i] = alignCenterText
	}
	head := mk(t.header, centre, true)
	// draw draws lines [from, to) of r's cells as one row of height h.
	draw := func(r row, from, to int) {
		h := float64(to-from)*lh + 2*cellPadY
		x := marginLeft
		pw.f.SetLineWidth(0.2)
		for i, ls := range r.cells {
			pw.f.Rect(x, pw.y, cw[i], h, "D")
			part := ls[min(from, len(ls)):min(to, len(ls))]
			// centre the cell's lines vertically
			top := pw.y + cellPadY + (float64(to-from-len(part))*lh)/2
			for j, l := range part {
				pw.drawLine(l, x+cellPadX, cw[i]-2*cellPadX, top+float64(j)*lh, lh, sizeTable, r.space, r.align[i], true)
			}
			x += cw[i]
		}
		pw.y += h
	}
	var rows []row
	for _, cells := range t.rows {
		texts := make([]string, len(cells))
		aligns := make([]textAlign, len(cells))
		for i, c := range cells {
			texts[i], aligns[i] = c.text, cellAlign(c.align)
		}
		rows = append(rows, mk(texts, aligns, false))
	}

	// caption, unit, header and the first row stay together
	pre := 0.0
	if t.caption != "" {
		pre += lineHeight(sizeBody, 1) * 1.2
	}
	if t.unit != "" {
		pre += lineHeight(sizeUnit, 1)
	}
	first := 0.0
	if len(rows) > 0 {
		first = heights(rows[0])
	}
	pw.ensure(pre + heights(head) + first)
	if t.caption != "" {
		pw.y, _ = pw.block([]Run{{Text: t.caption, Bold: true}}, marginLeft, textW, pw.y, sizeBody, alignCenterText)
		pw.y += lineHeight(sizeBody, 1) * 0.2
	}
	if t.unit != "" {
		pw.y, _ = pw.block([]Run{{Text: t.unit, Italic: true}}, marginLeft, textW, pw.y, sizeUnit, alignRightText)
	}
	bottom := pageH - marginBottom
	draw(head, 0, head.lines)
	for _, r := range rows {
		h := heights(r)
		if pw.y+h > bottom+0.01 {
			full := bottom - marginTop - heights(head)
			if h <= full {
				pw.newPage()
				draw(head, 0, head.lines)
			}
		}
		// a row taller than a page is split between lines
		for from := 0; from < r.lines; {
			n := int((bottom - pw.y - 2*cellPadY) / lh)
			if n < 1 {
				pw.newPage()
				draw(head, 0, head.lines)
				continue
			}
			to := min(r.lines, from+n)
			draw(r, from, to)
			from = to
		}
	}
	pw.y += pt(spaceAfterPt) * 2
}

// closing draws recipients (left) and signature (right) side by side,
// kept together on one page.
func (pw *pdfWriter) closing(p *doc) {
	if len(p.recipients) == 0 && p.sig == (Signature{}) {
		return
	}
	lhSig := lineHeight(sizeKind, 1)
	sigLines := 0
	for _, s := range []string{p.sig.Authority, p.sig.Title, p.sig.Name} {
		if s != "" {
			ls, _ := pw.layout([]Run{{Text: s, Bold: true}}, sizeKind, signatureW, 0)
			sigLines += len(ls)
		}
	}
	sigH := float64(sigLines) * lhSig
	if p.sig.Name != "" {
		sigH += float64(signatureGapLines) * lhSig
	}
	recH := 0.0
	if len(p.recipients) > 0 {
		recH = lineHeight(sizeRecipientsLabel, 1)
		for _, s := range p.recipients {
			ls, _ := pw.layout([]Run{{Text: s}}, sizeRecipients, recipientsW, 0)
			recH += float64(len(ls)) * lineHeight(sizeRecipients, 1)
		}
	}
	pw.y += pt(6)
	pw.ensure(max(sigH, recH))
	top := pw.y
	ly := top
	if len(p.recipients) > 0 {
		ly, _ = pw.block([]Run{{Text: p.recipientsLabel, Bold: true, Italic: true}}, marginLeft, recipientsW, ly, sizeRecipientsLabel, alignLeftText)
		for _, s := range p.recipients {
			ly, _ = pw.block([]Run{{Text: s}}, marginLeft, recipientsW, ly, sizeRecipients, alignLeftText)
		}
	}
	rx := marginLeft + recipientsW
	ry := top
	for _, s := range []string{p.sig.Authority, p.sig.Title} {
		if s != "" {
			ry, _ = pw.block([]Run{{Text: s, Bold: true}}, rx, signatureW, ry, sizeKind, alignCenterText)
		}
	}
	if p.sig.Name != "" {
		ry += float64(signatureGapLines) * lhSig
		ry, _ = pw.block([]Run{{Text: p.sig.Name, Bold: true}}, rx, signatureW, ry, sizeKind, alignCenterText)
	}
	pw.y = max(ly, ry)
}
