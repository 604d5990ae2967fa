package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// ColumnsLayout lays objects out in rows of len(widths) cells, each column
// as wide as its width, each row as high as its tallest cell.
type ColumnsLayout struct {
	widths []float32
}

// NewColumnsLayout returns a layout of columns as wide as widths (which
// the caller may change before the next layout).
func NewColumnsLayout(widths []float32) *ColumnsLayout { return &ColumnsLayout{widths: widths} }

func (l *ColumnsLayout) rows(objs []fyne.CanvasObject) [][]fyne.CanvasObject {
	var out [][]fyne.CanvasObject
	if len(l.widths) == 0 {
		return nil
	}
	for i := 0; i < len(objs); i += len(l.widths) {
		out = append(out, objs[i:min(i+len(l.widths), len(objs))])
	}
	return out
}

func (l *ColumnsLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	y := float32(0)
	for _, row := range l.rows(objs) {
		h := float32(0)
		for _, o := range row {
			h = max(h, o.MinSize().Height)
		}
		x := float32(0)
		for i, o := range row {
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(l.widths[i], h))
			x += l.widths[i] + theme.Padding()
		}
		y += h
	}
}

func (l *ColumnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, x := range l.widths {
		w += x + theme.Padding()
	}
	h := float32(0)
	for _, row := range l.rows(objs) {
		rh := float32(0)
		for _, o := range row {
			rh = max(rh, o.MinSize().Height)
		}
		h += rh
	}
	return fyne.NewSize(w, h)
}
