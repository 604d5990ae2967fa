package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ListPane is a screen's records in a list on the left (two lines a row:
// title and details), with the chosen record's view beside it or a hint.
// Choosing another row asks the screen first (a form may have changes).
type ListPane[T any] struct {
	Items     []T
	List      *widget.List
	listArea  *fyne.Container
	detail    *fyne.Container
	hint      string
	selecting bool
	Root      fyne.CanvasObject

	id           func(*T) string
	Current      func() string                   // the id in the detail pane, "" for none
	ConfirmLeave func(then func(ok bool))        // may the detail be left?
	Open         func(id string)                 // show the record with id
	rowText      func(*T) (title, detail string) // a row's two lines
}

func NewListPane[T any](top fyne.CanvasObject, offset float64, hint string, id func(*T) string, rowText func(*T) (string, string)) *ListPane[T] {
	p := &ListPane[T]{hint: hint, id: id, rowText: rowText}
	p.List = widget.NewList(
		func() int { return len(p.Items) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			sub.SizeName = theme.SizeNameCaptionText
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), title, sub)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			title, detail := p.rowText(&p.Items[i])
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(title)
			box.Objects[1].(*widget.Label).SetText(detail)
		})
	p.List.OnSelected = func(i widget.ListItemID) {
		if p.selecting {
			return
		}
		id := p.id(&p.Items[i])
		p.ConfirmLeave(func(ok bool) {
			if ok {
				p.Open(id)
			} else {
				p.SelectCurrent()
			}
		})
	}
	p.listArea = container.NewStack(p.List)
	p.detail = container.NewStack()
	p.ShowHint()
	split := container.NewHSplit(container.NewBorder(top, nil, nil, nil, p.listArea), p.detail)
	split.Offset = offset
	p.Root = split
	return p
}

// Set shows items, or empty (what the screen is for) when there are none.
func (p *ListPane[T]) Set(items []T, empty func() fyne.CanvasObject) {
	p.Items = items
	if len(items) == 0 {
		p.listArea.Objects = []fyne.CanvasObject{container.NewPadded(empty())}
	} else {
		p.listArea.Objects = []fyne.CanvasObject{p.List}
	}
	p.listArea.Refresh()
	p.List.Refresh()
	p.SelectCurrent()
}

// SelectCurrent selects the row of the record in the detail pane.
func (p *ListPane[T]) SelectCurrent() {
	p.selecting = true
	defer func() { p.selecting = false }()
	p.List.UnselectAll()
	cur := p.Current()
	if cur == "" {
		return
	}
	for i := range p.Items {
		if p.id(&p.Items[i]) == cur {
			p.List.Select(i)
		}
	}
}

// Show puts o in the detail pane.
func (p *ListPane[T]) Show(o fyne.CanvasObject) {
	p.detail.Objects = []fyne.CanvasObject{o}
	p.detail.Refresh()
	p.SelectCurrent()
}

// ShowHint empties the detail pane.
func (p *ListPane[T]) ShowHint() {
	p.detail.Objects = []fyne.CanvasObject{CentredText(nil, p.hint)}
	p.detail.Refresh()
}

// EmptyState is a list's empty state: what it is for, and the first action
// when there is one.
func EmptyState(title, body string, action *widget.Button) fyne.CanvasObject {
	items := []fyne.CanvasObject{Heading(title), Wrapped(body)}
	if action != nil {
		items = append(items, container.NewHBox(action))
	}
	return container.NewVBox(items...)
}
