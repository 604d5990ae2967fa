package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// Layouts that give a narrow pane fewer columns, or more rows, instead of
// widening the window: on a 1024×600 screen, in Russian, a row of four
// inputs or buttons is wider than the pane that holds it. Their minimum
// width is their widest child's; their minimum height follows the width
// they were last given (as a wrapping label's does), and Fyne lays the
// parent out again when it changes.

// FitColumnsLayout is a grid of at most max equal columns, fewer when the
// width cannot hold every cell at its minimum width.
type FitColumnsLayout struct {
	max  int
	cols int // at the last layout; max before the first
}

// Columns returns a grid of objects in at most max columns.
func Columns(max int, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&FitColumnsLayout{max: max, cols: max}, objects...)
}

func (l *FitColumnsLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	cell := Widest(objects)
	rows := RowHeights(objects, l.cols)
	h := float32(0)
	for i, r := range rows {
		if i > 0 {
			h += theme.Padding()
		}
		h += r
	}
	return fyne.NewSize(cell, h)
}

func (l *FitColumnsLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	cell := Widest(objects)
	cols := l.max
	for cols > 1 && float32(cols)*cell+float32(cols-1)*pad > size.Width {
		cols--
	}
	l.cols = cols
	w := (size.Width - float32(cols-1)*pad) / float32(cols)
	rows := RowHeights(objects, cols)
	i, y := 0, float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		row, col := i/cols, i%cols
		if col == 0 && row > 0 {
			y += rows[row-1] + pad
		}
		o.Move(fyne.NewPos(float32(col)*(w+pad), y))
		o.Resize(fyne.NewSize(w, rows[row]))
		i++
	}
}

// Widest is the largest minimum width of the visible objects.
func Widest(objects []fyne.CanvasObject) float32 {
	w := float32(0)
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	return w
}

// RowHeights are the heights of the rows the visible objects make in cols
// columns: each its tallest cell's.
func RowHeights(objects []fyne.CanvasObject, cols int) []float32 {
	var rows []float32
	i := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		if i%cols == 0 {
			rows = append(rows, 0)
		}
		rows[len(rows)-1] = max(rows[len(rows)-1], o.MinSize().Height)
		i++
	}
	return rows
}

// FlowLayout places objects at their minimum width from left to right and
// starts a new line when one does not fit, as words wrap. As in an HBox, a
// layout.Spacer sends what follows it on its line to the right end (a
// form's Delete, away from Save).
type FlowLayout struct {
	width float32 // at the last layout; 0 before the first: one line
}

// Flow returns objects in lines that wrap: a row of buttons that needs no
// more width than its widest button.
func Flow(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&FlowLayout{}, objects...)
}

// IsSpacer tells a layout.Spacer (or any object that only takes the room
// left).
func IsSpacer(o fyne.CanvasObject) bool {
	s, ok := o.(layout.SpacerObject)
	return ok && s.ExpandHorizontal()
}

// lines splits the visible objects into lines no wider than width (0: no
// limit), each with its height.
func (l *FlowLayout) lines(objects []fyne.CanvasObject, width float32) (lines [][]fyne.CanvasObject, heights []float32) {
	pad := theme.Padding()
	x := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if IsSpacer(o) {
			m.Width = 0
		}
		if len(lines) == 0 || (width > 0 && x+pad+m.Width > width) {
			lines = append(lines, nil)
			heights = append(heights, 0)
			x = -pad
		}
		n := len(lines) - 1
		lines[n] = append(lines[n], o)
		heights[n] = max(heights[n], m.Height)
		if !IsSpacer(o) {
			x += pad + m.Width
		}
	}
	return lines, heights
}

func (l *FlowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	_, heights := l.lines(objects, l.width)
	h := float32(0)
	for i, r := range heights {
		if i > 0 {
			h += theme.Padding()
		}
		h += r
	}
	return fyne.NewSize(Widest(objects), h)
}

func (l *FlowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	pad := theme.Padding()
	lines, heights := l.lines(objects, size.Width)
	y := float32(0)
	for n, line := range lines {
		// What follows a spacer ends at the right edge.
		right := float32(0)
		spacer := -1
		for i, o := range line {
			if spacer >= 0 {
				right += pad + o.MinSize().Width
			} else if IsSpacer(o) {
				spacer = i
				right = -pad
			}
		}
		x := float32(0)
		for i, o := range line {
			if i == spacer {
				o.Move(fyne.NewPos(x, y))
				o.Resize(fyne.NewSize(max(0, size.Width-right-x), heights[n]))
				x = size.Width - right
				continue
			}
			w := o.MinSize().Width
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, heights[n]))
			x += w + pad
		}
		y += heights[n] + pad
	}
}

// MaxWidthLayout gives its object the width it is given up to max, at
// the left (or centred), and the height it needs: a form that would read
// badly wider.
type MaxWidthLayout struct {
	max    float32
	centre bool
}

// MaxWidth lays o out no wider than max.
func MaxWidth(max float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(MaxWidthLayout{max: max}, o)
}

// CentredWidth lays o out no wider than max, in the middle: unlike
// container.NewCenter, it gives o that width, so its wrapping texts wrap
// at it instead of at their narrowest.
func CentredWidth(max float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(MaxWidthLayout{max: max, centre: true}, o)
}

func (l MaxWidthLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}

func (l MaxWidthLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		w := min(size.Width, max(l.max, o.MinSize().Width))
		x := float32(0)
		if l.centre {
			x = (size.Width - w) / 2
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}
