package ui

import (
	"github.com/ngo-alliance/alliance/internal/alliance"
)

// RestartWith is the program to start once the window has closed: a new
// (or the previous) version put in place from Settings ("": none).
func (u *UI) RestartWith() string { return u.restartWith }

// onUpdate shows a new update status: in Settings, and as a link under
// the sync status when a version is ready.
func (u *UI) onUpdate(st alliance.UpdateStatus) {
	if u.screen == ScreenSettings && u.settings != nil {
		u.settings.UpdateChanged(st)
	}
	if u.status != nil {
		u.status.showUpdate(st)
	}
}
