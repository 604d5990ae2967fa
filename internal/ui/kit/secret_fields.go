package kit

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// FormError is an error's words, a form's broken rules one per line.
func FormError(err error) string {
	var e *alliance.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		out := ""
		for i, f := range e.Fields {
			if i > 0 {
				out += "\n"
			}
			out += i18n.Tf(f.Key, f.Args)
		}
		return out
	}
	return i18n.Error(err)
}

// SecretFields are a new PIN or passphrase, typed twice: how one signs in
// (a 6-digit PIN or a passphrase) and the secret.
type SecretFields struct {
	Kind           *widget.RadioGroup
	Secret, Repeat *widget.Entry
}

// NewSecretFields returns empty fields, kind chosen.
func NewSecretFields(kind alliance.SecretKind) *SecretFields {
	f := &SecretFields{Secret: widget.NewPasswordEntry(), Repeat: widget.NewPasswordEntry()}
	f.Kind = widget.NewRadioGroup([]string{i18n.T("profile.kind.pin"), i18n.T("profile.kind.passphrase")}, nil)
	f.Kind.Horizontal = true
	f.Kind.SetSelected(i18n.T("profile.kind.pin"))
	if kind == alliance.SecretPassphrase {
		f.Kind.SetSelected(i18n.T("profile.kind.passphrase"))
	}
	return f
}

// Add puts the fields, each under its label, in box.
func (f *SecretFields) Add(box *fyne.Container, label func(key string) *widget.Label) {
	for _, o := range []fyne.CanvasObject{label("profile.kind"), f.Kind, label("profile.secret"), f.Secret, label("profile.repeat"), f.Repeat} {
		box.Add(o)
	}
}

// Value is the kind chosen and the secret, or the message saying the two
// typed differ ("" when they agree).
func (f *SecretFields) Value() (alliance.SecretKind, string, string) {
	kind := alliance.SecretPIN
	if f.Kind.Selected == i18n.T("profile.kind.passphrase") {
		kind = alliance.SecretPassphrase
	}
	if f.Secret.Text != f.Repeat.Text {
		return kind, "", i18n.T("validation.secret_mismatch")
	}
	return kind, f.Secret.Text, ""
}
