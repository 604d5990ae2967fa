package alliance

import (
	"strings"
	"unicode/utf8"
)

// validator collects field errors while a record is checked.
type validator struct {
	fields []FieldError
}

func (v *validator) add(field, key string, args Args) {
	v.fields = append(v.fields, FieldError{Field: field, Key: key, Args: args})
}

func (v *validator) required(field, s string) {
	if strings.TrimSpace(s) == "" {
		v.add(field, "validation.required", nil)
	}
}

func (v *validator) maxLen(field, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		v.add(field, "validation.too_long", Args{"Max": max, "Count": n})
	}
}

// err returns nil when nothing was added, else one EINVALID error.
func (v *validator) err(what string) error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{
		Code:    EINVALID,
		Key:     "error.form_invalid",
		Message: what + ": " + describeFields(v.fields),
		Fields:  v.fields,
	}
}

func describeFields(fs []FieldError) string {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Field + " " + strings.TrimPrefix(f.Key, "validation."))
	}
	return b.String()
}

func contains[T comparable](list []T, x T) bool {
	for _, y := range list {
		if x == y {
			return true
		}
	}
	return false
}

func hasDuplicates[T comparable](list []T) bool {
	seen := make(map[T]bool, len(list))
	for _, x := range list {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}

// Invalid returns the EINVALID error of a form with the given broken rules.
func Invalid(what string, fields ...FieldError) error {
	v := validator{fields: fields}
	return v.err(what)
}
