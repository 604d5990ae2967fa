package uitest

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Walk calls fn for o and everything inside it, widgets' parts included,
// until fn returns true (then Walk does too).
func Walk(o fyne.CanvasObject, fn func(fyne.CanvasObject) bool) bool {
	if o == nil {
		return false
	}
	if fn(o) {
		return true
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if Walk(c, fn) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if Walk(c, fn) {
				return true
			}
		}
	}
	return false
}

// find returns the first T in o for which match is true.
func find[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) T {
	var found T
	Walk(o, func(c fyne.CanvasObject) bool {
		if x, ok := c.(T); ok && match(x) {
			found = x
			return true
		}
		return false
	})
	return found
}

// FindButton is the visible button labelled text in o (nil: none).
func FindButton(o fyne.CanvasObject, text string) *widget.Button {
	return find(o, func(b *widget.Button) bool { return b.Text == text && b.Visible() })
}

// FindLabel is the label reading text in o (nil: none).
func FindLabel(o fyne.CanvasObject, text string) *widget.Label {
	return find(o, func(l *widget.Label) bool { return l.Text == text })
}

// FindSelect is the select showing selected in o (nil: none).
func FindSelect(o fyne.CanvasObject, selected string) *widget.Select {
	return find(o, func(s *widget.Select) bool { return s.Selected == selected })
}

// DialogOf returns the dialog on top of w.
func DialogOf(t testing.TB, w fyne.Window) fyne.CanvasObject {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	return top
}

// TapDialogButton taps the button labelled text on the dialog on top of w.
func TapDialogButton(t testing.TB, w fyne.Window, text string) {
	t.Helper()
	b := FindButton(DialogOf(t, w), text)
	if b == nil {
		t.Fatalf("no button %q on the dialog", text)
	}
	test.Tap(b)
}

// LabelsIn is the text of every label and entry under o, a line each.
func LabelsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	Walk(o, func(c fyne.CanvasObject) bool {
		switch x := c.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Entry:
			b.WriteString(x.Text + "\n")
		}
		return false
	})
	return b.String()
}

// LabelTexts are the labels' texts.
func LabelTexts(ls []*widget.Label) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Text)
	}
	return out
}

// FindAll returns the objects of type T under o, in order.
func FindAll[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	Walk(o, func(c fyne.CanvasObject) bool {
		if x, ok := c.(T); ok {
			out = append(out, x)
		}
		return false
	})
	return out
}
