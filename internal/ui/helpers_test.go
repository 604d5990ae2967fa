package ui

import (
	"fyne.io/fyne/v2/lang"

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
