package directory

import (
	"testing"

	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestScreenshots renders the Directory over the demo data in every
// language at both sizes (make screenshots): the laptop's own profile, and
// its form.
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		e := sh.OpenDemo(nil)
		s := New(e)
		e.ShowScreen(env.ScreenDirectory, s.Object())
		s.openOwn(false)
		sh.Shoot(e, "13d-directory")
		s.openOwn(true)
		sh.Shoot(e, "13e-directory-edit")
	})
}

// openOwn shows this laptop's organisation and, with edit, its form.
func (s *Screen) openOwn(edit bool) {
	o := s.find(s.e.OrgID())
	if o == nil {
		return
	}
	s.open(o.ID)
	if edit && s.canEdit(o) {
		s.edit(o)
	}
}
