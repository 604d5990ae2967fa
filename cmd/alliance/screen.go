package main

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"

	"github.com/ngo-alliance/alliance/internal/ui"
)

// fitScreen sizes the window for the primary monitor's work area once the
// driver runs (GLFW answers only then, on the main thread): a window made
// for 1366×768 would open past the edges of a 1024×600 netbook.
func fitScreen(a fyne.App, u *ui.UI) {
	a.Lifecycle().SetOnStarted(func() {
		if m := glfw.GetPrimaryMonitor(); m != nil {
			_, _, width, height := m.GetWorkarea()
			u.FitScreen(width, height)
		}
	})
}
