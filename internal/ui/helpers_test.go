package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// walk calls fn for o and everything inside it, widgets' parts included.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject) bool) bool {
	if o == nil {
		return false
	}
	if fn(o) {
		return true
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if walk(c, fn) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if walk(c, fn) {
				return true
			}
		}
	}
	return false
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walk(o, func(c fyne.CanvasObject) bool {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			found = b
			return true
		}
		return false
	})
	return found
}

func findLabel(o fyne.CanvasObject, text string) *widget.Label {
	var found *widget.Label
	walk(o, func(c fyne.CanvasObject) bool {
		if l, ok := c.(*widget.Label); ok && l.Text == text {
			found = l
			return true
		}
		return false
	})
	return found
}

func findSelect(o fyne.CanvasObject, selected string) *widget.Select {
	var found *widget.Select
	walk(o, func(c fyne.CanvasObject) bool {
		if s, ok := c.(*widget.Select); ok && s.Selected == selected {
			found = s
			return true
		}
		return false
	})
	return found
}

// tapDialogButton taps the button labelled text on the dialog on top.
func tapDialogButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to tap %q on", text)
	}
	b := findButton(top, text)
	if b == nil {
		t.Fatalf("no button %q on the dialog", text)
	}
	test.Tap(b)
}

// fyneText is Fyne's own translation of one of its widget texts.
func fyneText(s string) string { return lang.L(s) }

// dialogOf returns the dialog on top of the window.
func dialogOf(t *testing.T, w fyne.Window) fyne.CanvasObject {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	return top
}
