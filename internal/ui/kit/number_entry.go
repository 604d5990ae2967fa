package kit

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// NumberEntry is a count field with − and + steppers; the Up and Down
// keys step it too.
type NumberEntry struct {
	widget.Entry
	box      fyne.CanvasObject
	steppers []*widget.Button
	// OnChanged is called after the text changes, typed or stepped.
	OnChanged func()
}

// NewNumberEntry returns an empty count field; Object is what to lay out.
func NewNumberEntry() *NumberEntry {
	n := &NumberEntry{}
	n.ExtendBaseWidget(n)
	n.Entry.OnChanged = func(string) {
		if n.OnChanged != nil {
			n.OnChanged()
		}
	}
	minus := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { n.step(-1) })
	plus := widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() { n.step(1) })
	n.box = container.NewBorder(nil, nil, minus, plus, n)
	n.steppers = []*widget.Button{minus, plus}
	return n
}

// SetEnabled makes the count editable or read-only, steppers included.
func (n *NumberEntry) SetEnabled(on bool) {
	if on {
		n.Enable()
	} else {
		n.Disable()
	}
	for _, b := range n.steppers {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// Object is the field with its steppers.
func (n *NumberEntry) Object() fyne.CanvasObject { return n.box }

// TypedKey steps the value on Up and Down; other keys edit the text.
func (n *NumberEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyUp:
		n.step(1)
	case fyne.KeyDown:
		n.step(-1)
	default:
		n.Entry.TypedKey(k)
	}
}

// Value parses the text: 0 and ok for an empty field, ok false when the
// text is not a whole number.
func (n *NumberEntry) Value() (int, bool) {
	s := strings.TrimSpace(n.Text)
	if s == "" {
		return 0, true
	}
	v, err := strconv.Atoi(s)
	return v, err == nil
}

// SetValue shows v; 0 shows as an empty field.
func (n *NumberEntry) SetValue(v int) {
	if v == 0 {
		n.SetText("")
		return
	}
	n.SetText(strconv.Itoa(v))
}

func (n *NumberEntry) step(by int) {
	v, ok := n.Value()
	if !ok {
		return
	}
	n.SetValue(max(v+by, 0))
}
