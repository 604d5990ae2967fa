package kit

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// FormErrors shows what is wrong with a form: a banner on top, and each
// broken rule under its field, in the user's language.
type FormErrors struct {
	Banner  *widget.Label
	Fields  map[string]*widget.Label
	Refresh func() // relayout after heights change (the form's scroll)
	Shown   func() // after messages are shown or cleared (the status bar)
	// Scroll, when set, is scrolled to the first message shown.
	Scroll *container.Scroll
}

func NewFormErrors() *FormErrors {
	return &FormErrors{Banner: ErrorLabel(), Fields: map[string]*widget.Label{}, Refresh: func() {}, Shown: func() {}}
}

// Field lays out an input under its label, with its error line.
func (e *FormErrors) Field(name, text string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
	return FormField(e.Fields, name, text, required, input)
}

// Show puts each message under its field (several joined), and the
// banner when there is any.
func (e *FormErrors) Show(errs []alliance.FieldError) {
	defer e.Shown()
	for _, l := range e.Fields {
		SetError(l, "")
	}
	if len(errs) == 0 {
		SetError(e.Banner, "")
		e.Refresh()
		return
	}
	SetError(e.Banner, i18n.T("error.form_invalid"))
	msgs := map[string][]string{}
	var unplaced []string
	for _, f := range errs {
		msg := i18n.Tf(f.Key, f.Args)
		if _, ok := e.Fields[f.Field]; ok {
			msgs[f.Field] = append(msgs[f.Field], msg)
		} else {
			unplaced = append(unplaced, msg)
		}
	}
	for field, m := range msgs {
		SetError(e.Fields[field], strings.Join(m, "\n"))
	}
	if len(unplaced) > 0 {
		SetError(e.Banner, i18n.T("error.form_invalid")+"\n"+strings.Join(unplaced, "\n"))
	}
	e.Refresh()
	if e.Scroll != nil {
		var first fyne.CanvasObject = e.Banner
		if len(unplaced) == 0 {
			first = e.topmost(msgs)
		}
		Reveal(e.Scroll, first)
	}
}

// topmost is the highest of the fields' message labels shown.
func (e *FormErrors) topmost(msgs map[string][]string) fyne.CanvasObject {
	var best fyne.CanvasObject = e.Banner
	bestY := float32(-1)
	d := fyne.CurrentApp().Driver()
	for field := range msgs {
		l := e.Fields[field]
		if y := d.AbsolutePositionForObject(l).Y; bestY < 0 || y < bestY {
			best, bestY = l, y
		}
	}
	return best
}

// Reveal scrolls s so that o (inside it) is in view, with the line above
// it (its field's label) too.
func Reveal(s *container.Scroll, o fyne.CanvasObject) {
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

// ShowErr shows a store's answer: its field errors, or its message.
func (e *FormErrors) ShowErr(err error) {
	if fields := alliance.ErrorFields(err); len(fields) > 0 {
		e.Show(fields)
		return
	}
	e.Show(nil)
	SetError(e.Banner, i18n.Error(err))
	e.Refresh()
}
