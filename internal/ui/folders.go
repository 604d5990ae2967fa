package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

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
	kit.ShowFileDialog(d, u.win, titleKey)
}
