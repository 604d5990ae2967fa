package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// FieldLayout stacks a form field's label, input and error message. In a
// row of fields the labels take the height of the row's tallest (one
// that wraps to two lines in Russian), so that the inputs line up.
type FieldLayout struct {
	labelH float32 // set by the row; 0 alone
}

// height is the height the i-th part takes.
func (l *FieldLayout) height(i int, o fyne.CanvasObject) float32 {
	h := o.MinSize().Height
	if i == 0 {
		h = max(h, l.labelH)
	}
	return h
}

func (l *FieldLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objects {
		if o.Visible() {
			s.Width = max(s.Width, o.MinSize().Width)
			s.Height += l.height(i, o)
		}
	}
	return s
}

func (l *FieldLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		o.Resize(fyne.NewSize(size.Width, o.Size().Height)) // a wrapping text's height follows its width
		h := l.height(i, o)
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

// FieldRowLayout places form fields side by side in equal columns, their
// inputs on one line.
type FieldRowLayout struct{}

// FieldRow lays form fields (or other objects) side by side.
func FieldRow(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(FieldRowLayout{}, objects...)
}

// Pair lays two form fields side by side, half the width each.
func Pair(a, b fyne.CanvasObject) fyne.CanvasObject { return FieldRow(a, b) }

func (FieldRowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		m := o.MinSize()
		s = s.Max(m)
	}
	n := float32(len(objects))
	return fyne.NewSize(n*s.Width+(n-1)*theme.Padding(), s.Height)
}

func (FieldRowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	n := float32(len(objects))
	w := (size.Width - (n-1)*pad) / n
	labelH := float32(0)
	var fields []*FieldLayout
	for _, o := range objects {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) == 0 {
			continue
		}
		if fl, ok := c.Layout.(*FieldLayout); ok {
			label := c.Objects[0]
			label.Resize(fyne.NewSize(w, label.Size().Height))
			labelH = max(labelH, label.MinSize().Height)
			fields = append(fields, fl)
		}
	}
	for _, fl := range fields {
		fl.labelH = labelH
	}
	for i, o := range objects {
		o.Move(fyne.NewPos(float32(i)*(w+pad), 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}
