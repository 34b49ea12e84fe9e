// Package apperr is cnht's one error type. The domain returns *Error with a
// code from a closed set and an i18n message key, never English text; the
// web and REST edges map codes to HTTP status and render the key in the
// user's language, each in one table.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
)

// Code classifies an error for the edges. The set is closed.
type Code string

// The codes, each mapped once to an HTTP status by web and rest.
const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Forbidden       Code = "forbidden"
	Unauthenticated Code = "unauthenticated"
	TooMany         Code = "too_many_requests"
	Internal        Code = "internal"
)

// FieldError names one invalid field and the rule it broke, as an i18n key
// with arguments.
type FieldError struct {
	Field string
	Key   string
	Args  map[string]any
}

// Error is the application error. Key is an i18n key; Args fill its
// placeholders. Fields lists every invalid field at once so that a form can
// show all of them; Field is the first of them.
type Error struct {
	Code   Code
	Key    string
	Args   map[string]any
	Fields []FieldError
	Err    error
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	if len(e.Fields) > 0 {
		s += fmt.Sprintf(" %v", e.Fields)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap gives the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// Field is the first invalid field, or "".
func (e *Error) Field() string {
	if len(e.Fields) == 0 {
		return ""
	}
	return e.Fields[0].Field
}

// New makes an error with a code and key.
func New(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// Errorf makes an error of the given code with a key and arguments given as
// alternating name, value pairs.
func Errorf(code Code, key string, kv ...any) *Error {
	return &Error{Code: code, Key: key, Args: pairs(kv)}
}

// Wrap marks err as internal; its text is logged, never shown.
func Wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return err
	}
	return &Error{Code: Internal, Key: "error.internal", Err: fmt.Errorf("%s: %w", what, err)}
}

// CodeOf reports the code of err: Internal for any error not an *Error.
func CodeOf(err error) Code {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return Internal
}

// HTTPStatus maps err's code to an HTTP status: the one table both the
// web pages and the JSON API answer with.
func HTTPStatus(err error) int {
	switch CodeOf(err) {
	case Invalid:
		return http.StatusUnprocessableEntity
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case Forbidden:
		return http.StatusForbidden
	case Unauthenticated:
		return http.StatusUnauthorized
	case TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// As returns err as *Error, turning foreign errors into Internal ones.
func As(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Validation collects field errors; Err returns nil when there are none.
type Validation struct{ fields []FieldError }

// Add records that field broke the rule named by key.
func (v *Validation) Add(field, key string, kv ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Key: key, Args: pairs(kv)})
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Drop forgets the problems of field with key (an import, for one,
// does not require what a form does).
func (v *Validation) Drop(field, key string) {
	v.fields = slices.DeleteFunc(v.fields, func(f FieldError) bool { return f.Field == field && f.Key == key })
}

// Err returns the Invalid error holding every field error, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "error.invalid", Fields: v.fields}
}

func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return m
}
