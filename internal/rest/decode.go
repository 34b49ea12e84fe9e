package rest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"cnht/internal/apperr"
)

// The message keys of the API's own input errors (the services' keys come
// with their errors); a test checks both languages have them.
const (
	keyUnknownField = "api.unknown_field"
	keyBadType      = "api.bad_type"
	keyDate         = "api.bad_date"
	keyNumber       = "api.bad_integer"
	keyRange        = "field.range"
	keyChoose       = "field.choose"
	keyRequired     = "field.required"
)

// Date is a calendar date: "YYYY-MM-DD" in JSON (RFC 3339 full-date), not
// a date-time, because issue, expiry and joining days are days, not
// instants. The zero Date is null.
type Date struct{ t time.Time }

// dateOf makes a Date of a service date (midnight UTC, or the zero time).
func dateOf(t time.Time) Date { return Date{t} }

// Time is the date as midnight UTC, or the zero time.
func (d Date) Time() time.Time { return d.t }

// MarshalJSON writes "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.t.Format(time.DateOnly) + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" strictly, or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := parseDate(s)
	if err != nil {
		return err
	}
	*d = Date{t}
	return nil
}

// parseDate reads "YYYY-MM-DD" as midnight UTC.
func parseDate(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, s)
}

// readObject reads a bounded request body that must be one JSON object.
func readObject(w http.ResponseWriter, r *http.Request) (json.RawMessage, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, apperr.New(apperr.Invalid, "api.body_too_large")
		}
		return nil, apperr.Errorf(apperr.Invalid, "api.bad_json", "detail", err.Error())
	}
	var probe any
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, apperr.Errorf(apperr.Invalid, "api.bad_json", "detail", err.Error())
	}
	if _, ok := probe.(map[string]any); !ok {
		return nil, apperr.Errorf(apperr.Invalid, "api.bad_json", "detail", "the body must be a JSON object")
	}
	return b, nil
}

// member is one name and value of a JSON object, in document order.
type member struct {
	name  string
	value json.RawMessage
}

// members splits a JSON object into its members in document order; ok is
// false when raw is not an object.
func members(raw json.RawMessage) (ms []member, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		ms = append(ms, member{name, v})
	}
	return ms, true
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// applyObject applies a JSON object to the struct dst points to with the
// semantics of a JSON merge patch (RFC 7396): a member replaces the field
// of its name, null resets the field to its zero value (not known, empty),
// an object merges into a nested struct, an array replaces a list. On a
// zero struct this is plain decoding. Members are taken one at a time, so
// that every unknown member and every value of the wrong type is reported
// at once, by its path ("contact.email", "customers[2].name"), in
// document order.
// decodeInto reads the request's JSON object onto dst (whose values stay
// where the body is silent: a patch) and reports false, having answered,
// when the body is not an object or holds values of the wrong type: the
// service is never called with half a body.
func (a *API) decodeInto(w http.ResponseWriter, r *http.Request, dst any) bool {
	raw, err := readObject(w, r)
	if err == nil {
		var v apperr.Validation
		applyObject(raw, dst, &v)
		err = v.Err()
	}
	if err != nil {
		a.fail(w, r, err)
		return false
	}
	return true
}

func applyObject(raw json.RawMessage, dst any, v *apperr.Validation) {
	applyStruct(raw, reflect.ValueOf(dst).Elem(), "", v)
}

func applyStruct(raw json.RawMessage, dst reflect.Value, prefix string, v *apperr.Validation) {
	ms, ok := members(raw)
	if !ok {
		v.Add(strings.TrimSuffix(prefix, "."), keyBadType)
		return
	}
	fields := jsonFields(dst.Type())
	for _, m := range ms {
		path := prefix + m.name
		idx, known := fields[m.name]
		if !known {
			v.Add(path, keyUnknownField)
			continue
		}
		f := dst.FieldByIndex(idx)
		if string(m.value) == "null" {
			f.SetZero()
			continue
		}
		switch {
		case isObject(f.Type()):
			applyStruct(m.value, f, path+".", v)
		case f.Kind() == reflect.Slice && isObject(f.Type().Elem()):
			applyList(m.value, f, path, v)
		default:
			nv := reflect.New(f.Type())
			if err := json.Unmarshal(m.value, nv.Interface()); err != nil {
				v.Add(path, typeKey(f.Type()))
				continue
			}
			f.Set(nv.Elem())
		}
	}
}

// applyList replaces a list of objects, decoding each element in turn.
func applyList(raw json.RawMessage, f reflect.Value, path string, v *apperr.Validation) {
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		v.Add(path, keyBadType)
		return
	}
	list := reflect.MakeSlice(f.Type(), len(elems), len(elems))
	for i, e := range elems {
		p := path + "[" + strconv.Itoa(i) + "]"
		if string(e) == "null" {
			v.Add(p, keyBadType)
			continue
		}
		applyStruct(e, list.Index(i), p+".", v)
	}
	f.Set(list)
}

// isObject reports whether t is decoded member by member: a struct that
// does not decode itself (as Date does).
func isObject(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshalerType)
}

// typeKey is the message for a value of the wrong type for t.
func typeKey(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[Date]():
		return keyDate
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return keyNumber
	}
	return keyBadType
}

// jsonFields maps the JSON names of a struct's fields, embedded structs'
// included, to their index.
func jsonFields(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Index
	}
	return out
}
