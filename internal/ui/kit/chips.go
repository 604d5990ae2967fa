package kit

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/i18n"
)

// ChipSelect is a multi-select: the chosen items show as chips (tap or
// Space on a chip removes it) and a drop-down adds the others.
type ChipSelect struct {
	codes  []string
	label  func(code string) string
	chosen []string
	chips  *fyne.Container
	Add    *widget.Select
	box    fyne.CanvasObject
	// OnChanged is called after an item is added or removed.
	OnChanged func()
	// OnResized is called when the chips may need another height.
	OnResized func()
}

func NewChipSelect(codes []string, label func(string) string) *ChipSelect {
	c := &ChipSelect{codes: codes, label: label}
	c.chips = container.New(layout.NewRowWrapLayout())
	c.Add = widget.NewSelect(nil, nil)
	c.Add.PlaceHolder = i18n.T("form.add")
	c.box = container.NewVBox(c.chips, c.Add)
	c.render()
	return c
}

func (c *ChipSelect) Object() fyne.CanvasObject { return c.box }

// Chosen returns the chosen codes in the order of codes.
func (c *ChipSelect) Chosen() []string {
	var out []string
	for _, code := range c.codes {
		for _, x := range c.chosen {
			if x == code {
				out = append(out, code)
			}
		}
	}
	return out
}

// SetChosen replaces the chosen codes.
func (c *ChipSelect) SetChosen(codes []string) {
	c.chosen = append([]string(nil), codes...)
	c.render()
}

// Keep adds to the codes offered those of chosen that are not among them
// (a link to a record this laptop does not hold), so that they stay
// chosen instead of being dropped.
func (c *ChipSelect) Keep(chosen []string) {
	for _, x := range chosen {
		if !slices.Contains(c.codes, x) {
			c.codes = append(c.codes, x)
		}
	}
}

// Toggle adds code when it is not chosen and removes it when it is.
func (c *ChipSelect) Toggle(code string) {
	for i, x := range c.chosen {
		if x == code {
			c.chosen = append(c.chosen[:i], c.chosen[i+1:]...)
			c.render()
			c.changed()
			return
		}
	}
	c.chosen = append(c.chosen, code)
	c.render()
	c.changed()
}

func (c *ChipSelect) available() []string {
	var out []string
	for _, code := range c.codes {
		taken := false
		for _, x := range c.chosen {
			taken = taken || x == code
		}
		if !taken {
			out = append(out, code)
		}
	}
	return out
}

func (c *ChipSelect) render() {
	var objs []fyne.CanvasObject
	for _, code := range c.Chosen() {
		code := code
		chip := widget.NewButtonWithIcon(c.label(code), theme.CancelIcon(), func() { c.Toggle(code) })
		chip.IconPlacement = widget.ButtonIconTrailingText
		chip.Importance = widget.MediumImportance
		objs = append(objs, chip)
	}
	if len(objs) == 0 {
		none := widget.NewLabel(i18n.T("form.none_chosen"))
		none.Importance = widget.LowImportance
		objs = append(objs, none)
	}
	c.chips.Layout = layout.NewRowWrapLayout() // forget the old rows' size
	c.chips.Objects = objs
	c.chips.Refresh()
	if c.OnResized != nil {
		c.OnResized()
	}

	var labels []string
	for _, code := range c.available() {
		labels = append(labels, c.label(code))
	}
	c.Add.OnChanged, c.Add.Options = nil, labels
	c.Add.ClearSelected()
	c.Add.OnChanged = func(string) {
		i := c.Add.SelectedIndex()
		if i < 0 {
			return
		}
		c.chosen = append(c.chosen, c.available()[i])
		c.render()
		c.changed()
	}
	if len(labels) == 0 {
		c.Add.Disable()
	} else {
		c.Add.Enable()
	}
}

func (c *ChipSelect) changed() {
	if c.OnChanged != nil {
		c.OnChanged()
	}
}
