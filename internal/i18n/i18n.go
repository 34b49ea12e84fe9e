// Package i18n holds cnht's messages in Vietnamese (the default) and
// English, in vi.json and en.json, which must have the same keys (a test
// checks, and another checks that every key the code and templates use
// exists). A Printer renders messages, numbers, money and dates the way its
// language writes them.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/vn"
	"golang.org/x/text/unicode/norm"
)

//go:embed vi.json en.json
var files embed.FS

// Langs lists the supported languages, the default first.
var Langs = []string{"vi", "en"}

// Bundle holds every message of every language.
type Bundle struct {
	msgs map[string]map[string]string
}

// Load parses the embedded message files.
func Load() (*Bundle, error) {
	b := &Bundle{msgs: map[string]map[string]string{}}
	for _, l := range Langs {
		raw, err := files.ReadFile(l + ".json")
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s.json: %w", l, err)
		}
		for k, v := range m {
			m[k] = norm.NFC.String(v)
		}
		b.msgs[l] = m
	}
	return b, nil
}

// Keys returns the sorted keys of a language.
func (b *Bundle) Keys(lang string) []string {
	var ks []string
	for k := range b.msgs[lang] {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Has reports whether lang has the key.
func (b *Bundle) Has(lang, key string) bool {
	_, ok := b.msgs[lang][key]
	return ok
}

// Match returns a supported language for a tag such as "en-US", or "vi".
func Match(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	for _, l := range Langs {
		if tag == l || strings.HasPrefix(tag, l+"-") {
			return l
		}
	}
	return "vi"
}

// Printer renders messages in one language.
type Printer struct {
	Lang string
	b    *Bundle
}

// Printer returns a printer for lang (Vietnamese when unknown).
func (b *Bundle) Printer(lang string) *Printer {
	if _, ok := b.msgs[lang]; !ok {
		lang = "vi"
	}
	return &Printer{Lang: lang, b: b}
}

// T renders the message key with {name} placeholders filled from args
// given as name, value pairs. A missing key shows itself, bracketed, so it
// is seen and fixed rather than hidden.
func (p *Printer) T(key string, args ...any) string {
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		k, _ := args[i].(string)
		m[k] = args[i+1]
	}
	return p.TMap(key, m)
}

// TMap is T with the arguments in a map.
func (p *Printer) TMap(key string, args map[string]any) string {
	s, ok := p.b.msgs[p.Lang][key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	var r []string
	for k, v := range args {
		r = append(r, "{"+k+"}", p.value(v))
	}
	return strings.NewReplacer(r...).Replace(s)
}

func (p *Printer) value(v any) string {
	switch x := v.(type) {
	case int:
		return p.Int(int64(x))
	case int64:
		return p.Int(x)
	case time.Time:
		return p.Date(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// Int formats a count: 1.234.567 in Vietnamese, 1,234,567 in English.
// Years, tax codes and IDs must not go through it.
func (p *Printer) Int(n int64) string {
	s := vn.FormatInt(n)
	if p.Lang == "en" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// Money formats an amount of đồng: "1.234.567 đồng" / "1,234,567 VND".
func (p *Printer) Money(n int64) string {
	if p.Lang == "en" {
		return p.Int(n) + " VND"
	}
	return vn.FormatVND(n)
}

// Date formats a calendar date as dd/mm/yyyy in both languages (the
// programme's documents use it); the zero time is "".
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return vn.FormatDate(t)
}

// DateTime formats an instant in Vietnam's time zone as dd/mm/yyyy hh:mm.
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vnZone).Format("02/01/2006 15:04")
}

// vnZone is Indochina Time. A fixed zone: Vietnam has no daylight saving,
// and the binary must not depend on the machine's zone database.
var vnZone = time.FixedZone("ICT", 7*3600)

// Error renders an application error's message.
func (p *Printer) Error(err error) string {
	e := apperr.As(err)
	return p.TMap(e.Key, e.Args)
}

// FieldErrors renders every field error of err, by field.
func (p *Printer) FieldErrors(err error) map[string]string {
	out := map[string]string{}
	e := apperr.As(err)
	for _, f := range e.Fields {
		if _, dup := out[f.Field]; !dup {
			out[f.Field] = p.TMap(f.Key, f.Args)
		}
	}
	return out
}

// Msg renders s when it is a message key, and shows it as it is otherwise
// (a stored error may be a key or a plain text from outside cnht).
func (p *Printer) Msg(s string) string {
	if _, ok := p.b.msgs[p.Lang][s]; ok {
		return p.T(s)
	}
	return s
}
