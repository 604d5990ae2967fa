package kit

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// Heading returns a large bold title.
func Heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// TitleRow is a screen's title with its icon; the title takes the width
// left and wraps in it.
func TitleRow(icon fyne.Resource, text string) fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewIcon(icon), nil, Heading(text))
}

// Wrapped returns a label whose text wraps at word boundaries.
func Wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// CentredText is text in the middle of the space it is given, wrapping
// between words at that space's width (a wrapping label inside a Center
// container would get one letter's width), under icon when not nil.
func CentredText(icon fyne.Resource, text string) fyne.CanvasObject {
	l := Wrapped(text)
	l.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(layout.NewSpacer())
	if icon != nil {
		box.Add(container.NewCenter(widget.NewIcon(icon)))
	}
	box.Add(l)
	box.Add(layout.NewSpacer())
	return container.NewPadded(box)
}

// FormField is a form's input under its bold label (with " *" when
// required) and over its error label, which goes into errs under name.
func FormField(errs map[string]*widget.Label, name, text string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
	if required {
		text += " *"
	}
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	errs[name] = ErrorLabel()
	return container.New(&FieldLayout{}, l, input, errs[name])
}

// ErrorLabel returns the red message shown under a form field; hidden
// while empty.
func ErrorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// SetError shows msg under a field, or hides the label when msg is "".
func SetError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// FitDialog sizes d to want, or to the window less a margin where the
// window is smaller (a 1024×600 netbook), so that no dialog runs past the
// window's edges.
func FitDialog(d dialog.Dialog, w fyne.Window, want fyne.Size) {
	d.Resize(want.Min(w.Canvas().Size().SubtractWidthHeight(40, 40)))
}

// ShowMessage shows a dialog with a translated close button, wide enough
// for its text to read as sentences (a wrapping label alone is a few
// words wide), within the window.
func ShowMessage(w fyne.Window, title, msg string) {
	d := dialog.NewCustom(title, i18n.T("dialog.close"), Wrapped(msg), w)
	FitDialog(d, w, fyne.NewSize(520, 0))
	d.Show()
}

// ShowFileDialog shows a file or folder dialog titled in the user's words
// ("Faylı yadda saxla", not Fyne's "Yadda saxla Fayl"), as large as fits
// in the window.
func ShowFileDialog(d *dialog.FileDialog, w fyne.Window, titleKey string) {
	d.SetTitleText(i18n.T(titleKey))
	FitDialog(d, w, fyne.NewSize(900, 600))
	d.Show()
	TranslateFilePlaces(w.Canvas())
}

// TranslateFilePlaces makes the places of the file dialog on top of c
// ("Home", "Documents", "Computer"…) speak the app's language: Fyne 2.7
// shows their English names as they are, past its translation layer
// (dialog/file.go: favoriteItem.locName), so each row's label is passed
// through it (locales/fyne holds the names) as the list draws it.
// TestShowFileDialog_Places fails if Fyne lays the dialog out otherwise.
func TranslateFilePlaces(c fyne.Canvas) {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	list := FilePlaces(pop.Content)
	if list == nil {
		return
	}
	update := list.UpdateItem
	list.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
		update(id, item)
		if row, ok := item.(*fyne.Container); ok && len(row.Objects) > 1 {
			if l, ok := row.Objects[1].(*widget.Label); ok {
				l.SetText(lang.L(l.Text))
			}
		}
	}
	list.Refresh()
}

// FilePlaces finds the list of places in a file dialog's content: the
// leading side of its split.
func FilePlaces(o fyne.CanvasObject) *widget.List {
	switch x := o.(type) {
	case *container.Split:
		if l, ok := x.Leading.(*widget.List); ok {
			return l
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if l := FilePlaces(c); l != nil {
				return l
			}
		}
	}
	return nil
}

// Confirm asks a yes/no question with translated buttons.
func Confirm(w fyne.Window, title, msg, yes, no string, then func(bool)) {
	d := dialog.NewCustomConfirm(title, yes, no, Wrapped(msg), then, w)
	FitDialog(d, w, fyne.NewSize(480, 200))
	d.Show()
}

// SelectIndex selects option i of sel, or clears it when i < 0.
func SelectIndex(sel *widget.Select, i int) {
	if i < 0 {
		sel.ClearSelected()
		return
	}
	sel.SetSelectedIndex(i)
}

// SavedAt says, with a failure to open or print a PDF, where the PDF is:
// the work is done, only the last step failed.
func SavedAt(err error, path string) error {
	if err == nil {
		return nil
	}
	return alliance.Keyed(alliance.ErrorCode(err), "print.error.saved_at", alliance.Args{"Reason": i18n.Error(err), "Path": path},
		"%v; the PDF is %s", err, path)
}

// ParseHours reads "4", "2,5" or "2.5".
func ParseHours(s string) (float64, error) {
	return strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
}
