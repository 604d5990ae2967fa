// Package alliance holds the domain of the Alliance product: the records staff
// keep (organisations, regions, activities), their validation rules, the
// service interfaces the store implements and the error codes every layer
// shares. It depends on the standard library and uuid only.
package alliance

import (
	"errors"
	"fmt"
)

// Error codes. They are few on purpose: code decides what to do from the
// code, users read the translated message behind Key.
const (
	ECONFLICT     = "conflict"     // the record changed meanwhile
	EINTERNAL     = "internal"     // a bug or an unexpected failure
	EINVALID      = "invalid"      // the input breaks a rule; Fields says which
	ENOTFOUND     = "not_found"    // no such record
	ELOCKED       = "locked"       // the data folder is in use by another instance
	EINCOMPATIBLE = "incompatible" // data written by a newer version
	EDISKFULL     = "disk_full"    // nothing more can be written
	EUNAVAILABLE  = "unavailable"  // a file or service cannot be reached now

	EUNAUTHORIZED = "unauthorized" // no valid device token
	EREVOKED      = "revoked"      // the device was revoked by the secretariat
	EFORBIDDEN    = "forbidden"    // a write outside the device's organisation
	ETOOLARGE     = "too_large"    // a request body over the limit
	EPROTOCOL     = "protocol"     // an unknown protocol version or a malformed request
	EEXPIRED      = "expired"      // an enrolment code used or too old
	ELIMITED      = "rate_limited" // too many attempts from one address: wait and try again
	ESEQUENCE     = "sequence_gap" // a push that does not continue the device's sequence
	ECLONED       = "cloned"       // a device's sequence reused with other content: a copied or restored laptop
	EINSECURE     = "insecure"     // plain HTTP to a public address, not confirmed by the user
)

// Args are the named values a translated message is filled with.
type Args = map[string]any

// Error is an error users can be shown. Message is English for logs and the
// command line; Key and Args select the translated text in the UI.
type Error struct {
	Code    string
	Key     string
	Args    Args
	Message string
	Fields  []FieldError
}

// FieldError is one broken rule on one form field.
type FieldError struct {
	Field string // the field name, as in Activity's Field* constants
	Key   string // translation key of the message, e.g. "validation.required"
	Args  Args
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("alliance error: code=%s message=%s", e.Code, e.Message)
	}
	return fmt.Sprintf("alliance error: code=%s message=%s fields=%v", e.Code, e.Message, e.Fields)
}

// Errorf returns an *Error with the code and an English message. The
// translation key defaults to "error.<code>".
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Key: "error." + code, Message: fmt.Sprintf(format, args...)}
}

// Keyed returns an *Error whose translated text is Key filled with args.
func Keyed(code, key string, args Args, format string, fargs ...any) *Error {
	return &Error{Code: code, Key: key, Args: args, Message: fmt.Sprintf(format, fargs...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorFields returns the field errors of err, if it is a validation error.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// ErrorKey returns the translation key and arguments of err: the *Error's own
// key, or "error.internal" for anything else.
func ErrorKey(err error) (string, Args) {
	var e *Error
	if errors.As(err, &e) && e.Key != "" {
		return e.Key, e.Args
	}
	return "error.internal", nil
}

// ErrorMessage returns the English message of err for logs and the CLI.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
