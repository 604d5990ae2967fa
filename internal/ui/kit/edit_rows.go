package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// EditRows is a list of rows of text inputs that the user adds to and
// removes from (age groups, rubric criteria, jury members). The first
// column takes the width left; the others are narrow (numbers).
type EditRows struct {
	placeholders []string
	narrow       float32
	Range        bool // two narrow numbers with a dash between: "7 – 10"
	ids          []string
	Rows         [][]*widget.Entry
	Removes      []*widget.Button // each row's delete button
	box          *fyne.Container
	Add          *widget.Button
	disabled     bool
}

func NewEditRows(addLabel string, narrow float32, placeholders ...string) *EditRows {
	r := &EditRows{placeholders: placeholders, narrow: narrow, box: container.NewVBox()}
	r.Add = widget.NewButtonWithIcon(addLabel, theme.ContentAddIcon(), func() {
		r.Append("")
		r.focusLast()
	})
	return r
}

func (r *EditRows) Object() fyne.CanvasObject {
	return container.NewVBox(r.box, container.NewHBox(r.Add))
}

// Append adds a row with id (empty: a new row, which gets its id now, so
// that it keeps it however often the form is read) and values.
func (r *EditRows) Append(id string, values ...string) {
	if id == "" {
		id = alliance.NewID()
	}
	entries := make([]*widget.Entry, len(r.placeholders))
	cells := make([]fyne.CanvasObject, 0, len(entries))
	for i := range entries {
		e := widget.NewEntry()
		e.SetPlaceHolder(r.placeholders[i])
		if i < len(values) {
			e.SetText(values[i])
		}
		if r.disabled {
			e.Disable()
		}
		entries[i] = e
		if i > 0 {
			cells = append(cells, container.NewGridWrap(fyne.NewSize(r.narrow, e.MinSize().Height), e))
		}
	}
	r.ids = append(r.ids, id)
	r.Rows = append(r.Rows, entries)
	var row *fyne.Container
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { r.remove(row) })
	if r.disabled {
		remove.Hide()
	}
	r.Removes = append(r.Removes, remove)
	if r.Range {
		first := container.NewGridWrap(fyne.NewSize(r.narrow, entries[0].MinSize().Height), entries[0])
		row = container.NewHBox(append([]fyne.CanvasObject{first, widget.NewLabel("–")}, append(cells, remove)...)...)
	} else {
		row = container.NewBorder(nil, nil, nil, container.NewHBox(append(cells, remove)...), entries[0])
	}
	r.box.Add(row)
}

func (r *EditRows) remove(row *fyne.Container) {
	for i, o := range r.box.Objects {
		if o == row {
			r.box.Objects = append(r.box.Objects[:i], r.box.Objects[i+1:]...)
			r.ids = append(r.ids[:i], r.ids[i+1:]...)
			r.Rows = append(r.Rows[:i], r.Rows[i+1:]...)
			r.Removes = append(r.Removes[:i], r.Removes[i+1:]...)
			r.box.Refresh()
			return
		}
	}
}

func (r *EditRows) focusLast() {
	if len(r.Rows) == 0 {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.box); c != nil {
		c.Focus(r.Rows[len(r.Rows)-1][0])
	}
}

// Values returns each row's id and texts.
func (r *EditRows) Values() (ids []string, texts [][]string) {
	for i, row := range r.Rows {
		vals := make([]string, len(row))
		for j, e := range row {
			vals[j] = e.Text
		}
		ids = append(ids, r.ids[i])
		texts = append(texts, vals)
	}
	return ids, texts
}

// Disable makes the rows read-only (a member's view of a contest): the
// rows there already as well as those added after.
func (r *EditRows) Disable() {
	r.disabled = true
	r.Add.Hide()
	for i, row := range r.Rows {
		for _, e := range row {
			e.Disable()
		}
		r.Removes[i].Hide()
	}
}
