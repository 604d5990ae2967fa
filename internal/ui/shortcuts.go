package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addShortcuts binds the keyboard shortcuts: Ctrl+N new activity, Ctrl+S
// save the form, Ctrl+F search, Ctrl+L lock.
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	bind := func(key fyne.KeyName, fn func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
			if !u.lock.locked { // nothing reaches the app behind the sign-in
				u.touch()
				fn()
			}
		})
	}
	bind(fyne.KeyL, u.Lock)
	bind(fyne.KeyN, func() {
		if u.screen != ScreenActivities {
			u.ShowScreen(ScreenActivities)
		}
		u.activities.NewActivity()
	})
	bind(fyne.KeyS, func() {
		if u.screen == ScreenActivities {
			u.activities.Save()
		}
	})
	bind(fyne.KeyF, func() {
		if u.screen != ScreenActivities {
			u.ShowScreen(ScreenActivities)
		}
		u.activities.FocusSearch()
	})
}
