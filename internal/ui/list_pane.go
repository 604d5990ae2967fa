package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// listPane is a screen's records in a list on the left (two lines a row:
// title and details), with the chosen record's view beside it or a hint.
// Choosing another row asks the screen first (a form may have changes).
type listPane[T any] struct {
	items     []T
	list      *widget.List
	listArea  *fyne.Container
	detail    *fyne.Container
	hint      string
	selecting bool
	root      fyne.CanvasObject

	id           func(*T) string
	current      func() string                   // the id in the detail pane, "" for none
	confirmLeave func(then func(ok bool))        // may the detail be left?
	open         func(id string)                 // show the record with id
	rowText      func(*T) (title, detail string) // a row's two lines
}

func newListPane[T any](top fyne.CanvasObject, offset float64, hint string, id func(*T) string, rowText func(*T) (string, string)) *listPane[T] {
	p := &listPane[T]{hint: hint, id: id, rowText: rowText}
	p.list = widget.NewList(
		func() int { return len(p.items) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			sub.SizeName = theme.SizeNameCaptionText
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), title, sub)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			title, detail := p.rowText(&p.items[i])
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(title)
			box.Objects[1].(*widget.Label).SetText(detail)
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if p.selecting {
			return
		}
		id := p.id(&p.items[i])
		p.confirmLeave(func(ok bool) {
			if ok {
				p.open(id)
			} else {
				p.selectCurrent()
			}
		})
	}
	p.listArea = container.NewStack(p.list)
	p.detail = container.NewStack()
	p.showHint()
	split := container.NewHSplit(container.NewBorder(top, nil, nil, nil, p.listArea), p.detail)
	split.Offset = offset
	p.root = split
	return p
}

// set shows items, or empty (what the screen is for) when there are none.
func (p *listPane[T]) set(items []T, empty func() fyne.CanvasObject) {
	p.items = items
	if len(items) == 0 {
		p.listArea.Objects = []fyne.CanvasObject{container.NewPadded(empty())}
	} else {
		p.listArea.Objects = []fyne.CanvasObject{p.list}
	}
	p.listArea.Refresh()
	p.list.Refresh()
	p.selectCurrent()
}

// selectCurrent selects the row of the record in the detail pane.
func (p *listPane[T]) selectCurrent() {
	p.selecting = true
	defer func() { p.selecting = false }()
	p.list.UnselectAll()
	cur := p.current()
	if cur == "" {
		return
	}
	for i := range p.items {
		if p.id(&p.items[i]) == cur {
			p.list.Select(i)
		}
	}
}

// show puts o in the detail pane.
func (p *listPane[T]) show(o fyne.CanvasObject) {
	p.detail.Objects = []fyne.CanvasObject{o}
	p.detail.Refresh()
	p.selectCurrent()
}

// showHint empties the detail pane.
func (p *listPane[T]) showHint() {
	p.detail.Objects = []fyne.CanvasObject{centredText(nil, p.hint)}
	p.detail.Refresh()
}

// emptyState is a list's empty state: what it is for, and the first action
// when there is one.
func emptyState(title, body string, action *widget.Button) fyne.CanvasObject {
	items := []fyne.CanvasObject{heading(title), wrapped(body)}
	if action != nil {
		items = append(items, container.NewHBox(action))
	}
	return container.NewVBox(items...)
}
