package library

import (
	"testing"

	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestScreenshots renders the Library over the demo data in every
// language at both sizes (make screenshots): a resource, and its form.
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		e := sh.OpenDemo(nil)
		s := New(e)
		e.ShowScreen(env.ScreenLibrary, s.Object())
		s.openFirst()
		sh.Shoot(e, "13g-library")
		s.editFirst()
		sh.Shoot(e, "13g2-library-form")
	})
}

// editFirst puts the first one listed in its form (the screenshots).
func (s *Screen) editFirst() {
	if len(s.pane.Items) > 0 {
		item := s.pane.Items[0]
		s.shown = item.ID
		s.edit(&item)
	}
}

// openFirst shows the first resource listed (the screenshots).
func (s *Screen) openFirst() {
	if len(s.pane.Items) > 0 {
		s.open(s.pane.Items[0].ID)
	}
}
