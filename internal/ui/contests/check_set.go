package contests

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// checkSet chooses several of a few options (a contest's categories) with
// one check each, in as many columns as the form's width holds: a
// horizontal widget.CheckGroup is one row as wide as all its options and
// would widen the window on a small screen.
type checkSet struct {
	checks []*widget.Check
	box    *fyne.Container
}

func newCheckSet(labels []string) *checkSet {
	s := &checkSet{}
	var objects []fyne.CanvasObject
	for _, l := range labels {
		c := widget.NewCheck(l, nil)
		s.checks = append(s.checks, c)
		objects = append(objects, c)
	}
	s.box = kit.Columns(len(labels), objects...)
	return s
}

func (s *checkSet) object() fyne.CanvasObject { return s.box }

// Selected are the labels of the checked options, in their order.
func (s *checkSet) Selected() []string {
	var out []string
	for _, c := range s.checks {
		if c.Checked {
			out = append(out, c.Text)
		}
	}
	return out
}

// SetSelected checks the options with these labels and no other.
func (s *checkSet) SetSelected(labels []string) {
	for _, c := range s.checks {
		c.SetChecked(slices.Contains(labels, c.Text))
	}
}

func (s *checkSet) Disable() {
	for _, c := range s.checks {
		c.Disable()
	}
}

func (s *checkSet) Enable() {
	for _, c := range s.checks {
		c.Enable()
	}
}

func (s *checkSet) Disabled() bool { return len(s.checks) > 0 && s.checks[0].Disabled() }
