package kit

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

// DateEntry is a date field typed as dd.mm.yyyy (the local habit) or picked
// from a calendar whose month and weekday names are in the app's language.
// Fyne's own DateEntry formats by system region and prints English month
// names, so the app has its own.
type DateEntry struct {
	Entry  *widget.Entry
	Button *widget.Button
	Popup  *widget.PopUp
	box    fyne.CanvasObject
	// OnChanged is called after the text changes, typed or picked.
	OnChanged func()
}

func NewDateEntry(placeholder string) *DateEntry {
	d := &DateEntry{Entry: widget.NewEntry()}
	d.Entry.SetPlaceHolder(placeholder)
	d.Entry.OnChanged = func(string) {
		if d.OnChanged != nil {
			d.OnChanged()
		}
	}
	d.Button = widget.NewButtonWithIcon("", theme.CalendarIcon(), d.showCalendar)
	d.box = container.NewBorder(nil, nil, nil, d.Button, d.Entry)
	return d
}

func (d *DateEntry) Object() fyne.CanvasObject { return d.box }

// Disable makes the date read-only.
func (d *DateEntry) Disable() {
	d.Entry.Disable()
	d.Button.Disable()
}

// Text returns what is typed.
func (d *DateEntry) Text() string { return d.Entry.Text }

// SetText replaces what is typed.
func (d *DateEntry) SetText(s string) { d.Entry.SetText(s) }

// Date parses the text: the zero date and ok for an empty field, ok false
// when the text is not a date.
func (d *DateEntry) Date() (alliance.Date, bool) {
	if d.Entry.Text == "" {
		return alliance.Date{}, true
	}
	v, err := alliance.ParseDMY(d.Entry.Text)
	return v, err == nil
}

// SetDate shows v as dd.mm.yyyy ("" for the zero date).
func (d *DateEntry) SetDate(v alliance.Date) { d.Entry.SetText(v.DMY()) }

func (d *DateEntry) showCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(d.box)
	if c == nil {
		return
	}
	month, ok := d.Date()
	if !ok || month.IsZero() {
		month = alliance.Today()
	}
	cal := NewCalendar(month, func(v alliance.Date) {
		d.SetDate(v)
		if d.Popup != nil {
			d.Popup.Hide()
		}
		c.Focus(d.Entry)
	})
	d.Popup = widget.NewPopUp(cal.Object(), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(d.box)
	d.Popup.ShowAtPosition(pos.Add(fyne.NewPos(0, d.box.Size().Height)))
}

// Calendar is a month grid with translated names; Monday starts the week.
type Calendar struct {
	Shown  alliance.Date // any day of the month shown
	picked func(alliance.Date)
	title  *widget.Label
	grid   *fyne.Container
	box    fyne.CanvasObject
}

func NewCalendar(month alliance.Date, picked func(alliance.Date)) *Calendar {
	c := &Calendar{Shown: alliance.NewDate(month.Year, month.Month, 1), picked: picked}
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

func (c *Calendar) Object() fyne.CanvasObject { return c.box }

func (c *Calendar) move(months int) {
	c.Shown = alliance.NewDate(c.Shown.Year, c.Shown.Month+time.Month(months), 1)
	c.render()
}

func (c *Calendar) render() {
	c.title.SetText(i18n.Month(c.Shown.Month) + " " + strconv.Itoa(c.Shown.Year))
	var cells []fyne.CanvasObject
	for i := 0; i < 7; i++ {
		day := time.Weekday((i + 1) % 7) // Monday first
		cells = append(cells, widget.NewLabelWithStyle(i18n.WeekdayShort(day), fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	first := c.Shown.Time()
	offset := (int(first.Weekday()) + 6) % 7
	for i := 0; i < offset; i++ {
		cells = append(cells, layout.NewSpacer())
	}
	today := alliance.Today()
	for d := c.Shown; d.Month == c.Shown.Month; d = d.AddDays(1) {
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
