package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
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
	shown   func() // after messages are shown or cleared (the status bar)
	// scroll, when set, is scrolled to the first message shown.
	scroll *container.Scroll
}

func newFormErrors() *formErrors {
	return &formErrors{banner: errorLabel(), fields: map[string]*widget.Label{}, refresh: func() {}, shown: func() {}}
}

// field lays out an input under its label, with its error line.
func (e *formErrors) field(name, text string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
	return formField(e.fields, name, text, required, input)
}

// show puts each message under its field (several joined), and the
// banner when there is any.
func (e *formErrors) show(errs []alliance.FieldError) {
	defer e.shown()
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
	if e.scroll != nil {
		var first fyne.CanvasObject = e.banner
		if len(unplaced) == 0 {
			first = e.topmost(msgs)
		}
		reveal(e.scroll, first)
	}
}

// topmost is the highest of the fields' message labels shown.
func (e *formErrors) topmost(msgs map[string][]string) fyne.CanvasObject {
	var best fyne.CanvasObject = e.banner
	bestY := float32(-1)
	d := fyne.CurrentApp().Driver()
	for field := range msgs {
		l := e.fields[field]
		if y := d.AbsolutePositionForObject(l).Y; bestY < 0 || y < bestY {
			best, bestY = l, y
		}
	}
	return best
}

// reveal scrolls s so that o (inside it) is in view, with the line above
// it (its field's label) too.
func reveal(s *container.Scroll, o fyne.CanvasObject) {
	if s == nil || o == nil || s.Content == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(s.Content).Y
	view := s.Offset.Y
	if y >= view && y+o.Size().Height <= view+s.Size().Height {
		return // in view already
	}
	s.ScrollToOffset(fyne.NewPos(0, max(0, y-3*theme.Padding()-theme.TextSize()*2)))
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
