package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// dateEntry is a date field typed as dd.mm.yyyy (the local habit) or picked
// from a calendar whose month and weekday names are in the app's language.
// Fyne's own DateEntry formats by system region and prints English month
// names, so the app has its own.
type dateEntry struct {
	entry  *widget.Entry
	button *widget.Button
	popup  *widget.PopUp
	box    fyne.CanvasObject
	// OnChanged is called after the text changes, typed or picked.
	OnChanged func()
}

func newDateEntry(placeholder string) *dateEntry {
	d := &dateEntry{entry: widget.NewEntry()}
	d.entry.SetPlaceHolder(placeholder)
	d.entry.OnChanged = func(string) {
		if d.OnChanged != nil {
			d.OnChanged()
		}
	}
	d.button = widget.NewButtonWithIcon("", theme.CalendarIcon(), d.showCalendar)
	d.box = container.NewBorder(nil, nil, nil, d.button, d.entry)
	return d
}

func (d *dateEntry) object() fyne.CanvasObject { return d.box }

// disable makes the date read-only.
func (d *dateEntry) disable() {
	d.entry.Disable()
	d.button.Disable()
}

// Text returns what is typed.
func (d *dateEntry) Text() string { return d.entry.Text }

// SetText replaces what is typed.
func (d *dateEntry) SetText(s string) { d.entry.SetText(s) }

// Date parses the text: the zero date and ok for an empty field, ok false
// when the text is not a date.
func (d *dateEntry) Date() (alliance.Date, bool) {
	if d.entry.Text == "" {
		return alliance.Date{}, true
	}
	v, err := alliance.ParseDMY(d.entry.Text)
	return v, err == nil
}

// SetDate shows v as dd.mm.yyyy ("" for the zero date).
func (d *dateEntry) SetDate(v alliance.Date) { d.entry.SetText(v.DMY()) }

func (d *dateEntry) showCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(d.box)
	if c == nil {
		return
	}
	month, ok := d.Date()
	if !ok || month.IsZero() {
		month = alliance.Today()
	}
	cal := newCalendar(month, func(v alliance.Date) {
		d.SetDate(v)
		if d.popup != nil {
			d.popup.Hide()
		}
		c.Focus(d.entry)
	})
	d.popup = widget.NewPopUp(cal.object(), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(d.box)
	d.popup.ShowAtPosition(pos.Add(fyne.NewPos(0, d.box.Size().Height)))
}

// calendar is a month grid with translated names; Monday starts the week.
type calendar struct {
	shown  alliance.Date // any day of the month shown
	picked func(alliance.Date)
	title  *widget.Label
	grid   *fyne.Container
	box    fyne.CanvasObject
}

func newCalendar(month alliance.Date, picked func(alliance.Date)) *calendar {
	c := &calendar{shown: alliance.NewDate(month.Year, month.Month, 1), picked: picked}
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.move(-1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.move(1) })
	today := widget.NewButton(i18n.T("date.today"), func() { picked(alliance.Today()) })
	c.grid = container.NewGridWithColumns(7)
	c.box = container.NewVBox(container.NewBorder(nil, nil, prev, next, c.title), c.grid,
		container.NewHBox(layout.NewSpacer(), today))
	c.render()
	return c
}

func (c *calendar) object() fyne.CanvasObject { return c.box }

func (c *calendar) move(months int) {
	c.shown = alliance.NewDate(c.shown.Year, c.shown.Month+time.Month(months), 1)
	c.render()
}

func (c *calendar) render() {
	c.title.SetText(i18n.Month(c.shown.Month) + " " + strconv.Itoa(c.shown.Year))
	var cells []fyne.CanvasObject
	for i := 0; i < 7; i++ {
		day := time.Weekday((i + 1) % 7) // Monday first
		cells = append(cells, widget.NewLabelWithStyle(i18n.WeekdayShort(day), fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	first := c.shown.Time()
	offset := (int(first.Weekday()) + 6) % 7
	for i := 0; i < offset; i++ {
		cells = append(cells, layout.NewSpacer())
	}
	today := alliance.Today()
	for d := c.shown; d.Month == c.shown.Month; d = d.AddDays(1) {
		day := d
		b := widget.NewButton(strconv.Itoa(d.Day), func() { c.picked(day) })
		if day == today {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		cells = append(cells, b)
	}
	c.grid.Objects = cells
	c.grid.Refresh()
}
