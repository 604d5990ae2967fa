package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/i18n"
)

// heading returns a large bold title.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// titleRow is a screen's title with its icon; the title takes the width
// left and wraps in it.
func titleRow(icon fyne.Resource, text string) fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewIcon(icon), nil, heading(text))
}

// wrapped returns a label whose text wraps at word boundaries.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// centredText is text in the middle of the space it is given, wrapping
// between words at that space's width (a wrapping label inside a Center
// container would get one letter's width), under icon when not nil.
func centredText(icon fyne.Resource, text string) fyne.CanvasObject {
	l := wrapped(text)
	l.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(layout.NewSpacer())
	if icon != nil {
		box.Add(container.NewCenter(widget.NewIcon(icon)))
	}
	box.Add(l)
	box.Add(layout.NewSpacer())
	return container.NewPadded(box)
}

// formField is a form's input under its bold label (with " *" when
// required) and over its error label, which goes into errs under name.
func formField(errs map[string]*widget.Label, name, text string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
	if required {
		text += " *"
	}
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	errs[name] = errorLabel()
	return container.New(&fieldLayout{}, l, input, errs[name])
}

// errorLabel returns the red message shown under a form field; hidden
// while empty.
func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// setError shows msg under a field, or hides the label when msg is "".
func setError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// fitDialog sizes d to want, or to the window less a margin where the
// window is smaller (a 1024×600 netbook), so that no dialog runs past the
// window's edges.
func fitDialog(d dialog.Dialog, w fyne.Window, want fyne.Size) {
	d.Resize(want.Min(w.Canvas().Size().SubtractWidthHeight(40, 40)))
}

// showMessage shows a dialog with a translated close button, wide enough
// for its text to read as sentences (a wrapping label alone is a few
// words wide), within the window.
func showMessage(w fyne.Window, title, msg string) {
	d := dialog.NewCustom(title, i18n.T("dialog.close"), wrapped(msg), w)
	fitDialog(d, w, fyne.NewSize(520, 0))
	d.Show()
}

// showFileDialog shows a file or folder dialog titled in the user's words
// ("Faylı yadda saxla", not Fyne's "Yadda saxla Fayl"), as large as fits
// in the window.
func showFileDialog(d *dialog.FileDialog, w fyne.Window, titleKey string) {
	d.SetTitleText(i18n.T(titleKey))
	fitDialog(d, w, fyne.NewSize(900, 600))
	d.Show()
	translateFilePlaces(w.Canvas())
}

// chooseFolder asks for a folder in a dialog titled by titleKey and hands
// its path to then; trouble opening it is shown, a cancel does nothing.
func (u *UI) chooseFolder(titleKey string, then func(path string)) {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if dir != nil {
			then(dir.Path())
		}
	}, u.win)
	showFileDialog(d, u.win, titleKey)
}

// translateFilePlaces makes the places of the file dialog on top of c
// ("Home", "Documents", "Computer"…) speak the app's language: Fyne 2.7
// shows their English names as they are, past its translation layer
// (dialog/file.go: favoriteItem.locName), so each row's label is passed
// through it (locales/fyne holds the names) as the list draws it.
// TestShowFileDialog_Places fails if Fyne lays the dialog out otherwise.
func translateFilePlaces(c fyne.Canvas) {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	list := filePlaces(pop.Content)
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

// filePlaces finds the list of places in a file dialog's content: the
// leading side of its split.
func filePlaces(o fyne.CanvasObject) *widget.List {
	switch x := o.(type) {
	case *container.Split:
		if l, ok := x.Leading.(*widget.List); ok {
			return l
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if l := filePlaces(c); l != nil {
				return l
			}
		}
	}
	return nil
}

// confirm asks a yes/no question with translated buttons.
func confirm(w fyne.Window, title, msg, yes, no string, then func(bool)) {
	d := dialog.NewCustomConfirm(title, yes, no, wrapped(msg), then, w)
	fitDialog(d, w, fyne.NewSize(480, 200))
	d.Show()
}
