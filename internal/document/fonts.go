package document

import (
	"embed"
	"fmt"

	"github.com/go-pdf/fpdf"
)

// fontFiles are Liberation Serif, metric-compatible with Times New Roman
// (see fonts/README.md). Embedded, read only.
//
//go:embed fonts/LiberationSerif-Regular.ttf fonts/LiberationSerif-Bold.ttf fonts/LiberationSerif-Italic.ttf fonts/LiberationSerif-BoldItalic.ttf
var fontFiles embed.FS

// fontFamily is the family name the PDF writer registers the fonts under.
const fontFamily = "LiberationSerif"

// style is a run's font style: bold and italic bits.
type style uint8

const (
	bold style = 1 << iota
	italic
)

func styleOf(b, i bool) style {
	var s style
	if b {
		s |= bold
	}
	if i {
		s |= italic
	}
	return s
}

// fpdf is the style as fpdf's style string.
func (s style) fpdf() string {
	return [...]string{"", "B", "I", "BI"}[s&3]
}

func (s style) file() string {
	return [...]string{"Regular", "Bold", "Italic", "BoldItalic"}[s&3]
}

// addFonts registers the styles wanted on f.
func addFonts(f *fpdf.Fpdf, styles ...style) error {
	for _, s := range styles {
		b, err := fontFiles.ReadFile("fonts/LiberationSerif-" + s.file() + ".ttf")
		if err != nil {
			return fmt.Errorf("document: font: %w", err)
		}
		f.AddUTF8FontFromBytes(fontFamily, s.fpdf(), b)
	}
	return f.Error()
}

// measurer gives text widths in millimetres with Times New Roman's
// metrics, for the DOCX writer's rules (which must be as long as a line
// of text). It is an fpdf document that is never written.
type measurer struct {
	f *fpdf.Fpdf
}

func newMeasurer(styles ...style) (*measurer, error) {
	f := fpdf.New("P", "mm", "A4", "")
	if err := addFonts(f, styles...); err != nil {
		return nil, err
	}
	return &measurer{f: f}, nil
}

// width is the width of s in style st at size points, in millimetres.
func (m *measurer) width(s string, st style, size float64) float64 {
	m.f.SetFont(fontFamily, st.fpdf(), size)
	return m.f.GetStringWidth(pdfSafe(s))
}

// pdfSafe replaces what fpdf cannot take: it maps only the Basic
// Multilingual Plane (a rune beyond it would index past its width table),
// so other runes become U+FFFD.
func pdfSafe(s string) string {
	for _, r := range s {
		if r > 0xFFFF {
			b := make([]rune, 0, len(s))
			for _, r := range s {
				if r > 0xFFFF {
					r = 0xFFFD
				}
				b = append(b, r)
			}
			return string(b)
		}
	}
	return s
}
