package importer_test

import (
	"encoding/csv"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// legacyTable maps each Vietnamese letter to its TCVN3 and VNI spellings
// as old files store them (Windows-1252 look-alikes), from the table the
// product decodes with — so the tests write files the way old software
// did, one letter at a time, independently of the decoder's code.
var legacyTable = sync.OnceValues(func() (map[rune][2]string, error) {
	f, err := os.Open(filepath.Join("..", "vn", "data", "vn-legacy-encodings.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	out := map[rune][2]string{}
	for _, r := range recs[1:] {
		u, _ := utf8.DecodeRuneInString(r[col["unicode_char"]])
		out[u] = [2]string{r[col["tcvn3_abc_as_cp1252"]], r[col["vni_win_as_cp1252"]]}
	}
	return out, nil
})

// legacy spells s in TCVN3 (enc 0) or VNI (enc 1). TCVN3 capitals with a
// tone have no byte of their own: they are written with the lower-case
// byte, to be shown in an upper-case (H) font.
func legacy(t *testing.T, enc int, s string) string {
	t.Helper()
	tab, err := legacyTable()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if e, ok := tab[r]; ok && e[enc] != "" {
			b.WriteString(e[enc])
			continue
		}
		if lower := []rune(strings.ToLower(string(r))); enc == 0 && len(lower) == 1 {
			if e, ok := tab[lower[0]]; ok && e[0] != "" {
				b.WriteString(e[0])
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// windows1258 encodes s the way Windows-1258 files do: base letters with
// their vowel marks precomposed, tones as separate combining marks.
func windows1258(t *testing.T, s string) []byte {
	t.Helper()
	tones := map[rune]bool{0x300: true, 0x301: true, 0x303: true, 0x309: true, 0x323: true}
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		var base, tone []rune
		for _, d := range norm.NFD.String(string(r)) {
			if tones[d] {
				tone = append(tone, d)
			} else {
				base = append(base, d)
			}
		}
		b.WriteString(norm.NFC.String(string(base)))
		b.WriteString(string(tone))
	}
	out, err := charmap.Windows1258.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		t.Fatalf("encode %q in Windows-1258: %v", s, err)
	}
	return out
}

// soffice converts a file with LibreOffice, headless, into dir, and
// returns the new file's path. Under CI=true a missing LibreOffice fails
// the test; elsewhere it skips.
func soffice(t *testing.T, src, to string, filter ...string) string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("LibreOffice (soffice) is required under CI=true: apt-get install libreoffice-calc-nogui")
		}
		t.Skip("LibreOffice (soffice) not installed")
	}
	dir := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless"}
	args = append(args, filter...)
	args = append(args, "--convert-to", to, "--outdir", dir, src)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice %v: %v\n%s", args, err, out)
	}
	ext := to
	if i := strings.IndexByte(ext, ':'); i >= 0 {
		ext = ext[:i]
	}
	name := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src)) + "." + ext
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("soffice wrote no %s: %s", name, out)
	}
	return path
}

// csvToXLSX writes a UTF-8 CSV and has LibreOffice turn it into XLSX,
// every column read as text (so that tax codes keep their leading zeros,
// as an officer's typed sheet does) except those listed as numeric.
func csvToXLSX(t *testing.T, rows [][]string, numeric ...int) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "danh-sach.csv")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	_ = w.WriteAll(rows)
	f.Close()
	// Column formats: 2 = text, 1 = standard.
	var cols []string
	for i := range rows[0] {
		format := "2"
		for _, n := range numeric {
			if n == i {
				format = "1"
			}
		}
		cols = append(cols, fmt.Sprintf("%d/%s", i+1, format))
	}
	return soffice(t, src, "xlsx", "--infilter=CSV:44,34,76,1,"+strings.Join(cols, "/"))
}

// fodsCell is one cell of a flat ODS sheet: text in a font, or a number.
type fodsCell struct {
	Text   string
	Font   string
	Number string
}

// fodsToXLSX writes a flat OpenDocument spreadsheet whose cells carry
// fonts (.VnTime, .VnTimeH ...) and has LibreOffice save it as XLSX.
func fodsToXLSX(t *testing.T, rows [][]fodsCell) string {
	t.Helper()
	fonts := map[string]string{}
	var styles, body strings.Builder
	for _, r := range rows {
		body.WriteString("<table:table-row>")
		for _, c := range r {
			if c.Number != "" {
				fmt.Fprintf(&body, `<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>`, c.Number, c.Number)
				continue
			}
			style := ""
			if c.Font != "" {
				name, ok := fonts[c.Font]
				if !ok {
					name = fmt.Sprintf("ce%d", len(fonts)+1)
					fonts[c.Font] = name
					fmt.Fprintf(&styles, `<style:style style:name="%s" style:family="table-cell"><style:text-properties style:font-name="%s" fo:font-family="%s"/></style:style>`,
						name, html.EscapeString(c.Font), html.EscapeString(c.Font))
				}
				style = fmt.Sprintf(` table:style-name="%s"`, name)
			}
			fmt.Fprintf(&body, `<table:table-cell%s office:value-type="string"><text:p>%s</text:p></table:table-cell>`, style, html.EscapeString(c.Text))
		}
		body.WriteString("</table:table-row>")
	}
	var faces strings.Builder
	for f := range fonts {
		fmt.Fprintf(&faces, `<style:font-face style:name="%s" svg:font-family="%s"/>`, html.EscapeString(f), html.EscapeString(f))
	}
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:font-face-decls>` + faces.String() + `</office:font-face-decls>
<office:automatic-styles>` + styles.String() + `</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="DN">` + body.String() + `</table:table></office:spreadsheet></office:body></office:document>`
	src := filepath.Join(t.TempDir(), "danh-sach-tcvn3.fods")
	if err := os.WriteFile(src, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return soffice(t, src, "xlsx")
}
