package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addShortcuts binds the keyboard shortcuts: Ctrl+N new activity, Ctrl+S
// save the form, Ctrl+F search.
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	bind := func(key fyne.KeyName, fn func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { fn() })
	}
	bind(fyne.KeyN, func() {
		if u.screen != ScreenActivities {
			u.ShowScreen(ScreenActivities)
		}
		u.activities.newActivity()
	})
	bind(fyne.KeyS, func() {
		if u.screen == ScreenActivities {
			u.activities.save()
		}
	})
	bind(fyne.KeyF, func() {
		if u.screen != ScreenActivities {
			u.ShowScreen(ScreenActivities)
		}
		c.Focus(u.activities.search)
	})
}
