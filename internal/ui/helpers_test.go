package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// The finders of package uitest, by their old names here.
var (
	walk            = uitest.Walk
	findButton      = uitest.FindButton
	findLabel       = uitest.FindLabel
	findSelect      = uitest.FindSelect
	tapDialogButton = uitest.TapDialogButton
	dialogOf        = uitest.DialogOf
)

// fyneText is Fyne's own translation of one of its widget texts.
func fyneText(s string) string { return lang.L(s) }

// labelsIn is uitest.LabelsIn.
var labelsIn = uitest.LabelsIn

// newActivityTitle opens a new activity's form (as Ctrl+N does) and
// returns its title field: the one after the kind, where the form puts the
// keyboard.
func newActivityTitle(t *testing.T, u *testUI) *widget.Entry {
	t.Helper()
	u.activities.NewActivity()
	u.Wait()
	c := u.win.Canvas()
	c.FocusNext()
	e, ok := c.Focused().(*widget.Entry)
	if !ok {
		t.Fatalf("after the kind the keyboard is in a %T, not the title", c.Focused())
	}
	return e
}
