package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// formErrors shows what is wrong with a form: a banner on top, and each
// broken rule under its field, in the user's language.
type formErrors struct {
	banner  *widget.Label
	fields  map[string]*widget.Label
	refresh func() // relayout after heights change (the form's scroll)
}

func newFormErrors() *formErrors {
	return &formErrors{banner: errorLabel(), fields: map[string]*widget.Label{}, refresh: func() {}}
}

// field lays out an input under its label, with its error line.
func (e *formErrors) field(name, text string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
	return formField(e.fields, name, text, required, input)
}

// show puts each message under its field (several joined), and the
// banner when there is any.
func (e *formErrors) show(errs []alliance.FieldError) {
	for _, l := range e.fields {
		setError(l, "")
	}
	if len(errs) == 0 {
		setError(e.banner, "")
		e.refresh()
		return
	}
	setError(e.banner, i18n.T("error.form_invalid"))
	msgs := map[string][]string{}
	var unplaced []string
	for _, f := range errs {
		msg := i18n.Tf(f.Key, f.Args)
		if _, ok := e.fields[f.Field]; ok {
			msgs[f.Field] = append(msgs[f.Field], msg)
		} else {
			unplaced = append(unplaced, msg)
		}
	}
	for field, m := range msgs {
		setError(e.fields[field], strings.Join(m, "\n"))
	}
	if len(unplaced) > 0 {
		setError(e.banner, i18n.T("error.form_invalid")+"\n"+strings.Join(unplaced, "\n"))
	}
	e.refresh()
}

// showErr shows a store's answer: its field errors, or its message.
func (e *formErrors) showErr(err error) {
	if fields := alliance.ErrorFields(err); len(fields) > 0 {
		e.show(fields)
		return
	}
	e.show(nil)
	setError(e.banner, i18n.Error(err))
	e.refresh()
}
