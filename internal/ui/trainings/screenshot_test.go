package trainings

import (
	"fmt"
	"testing"

	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestScreenshots renders the Trainings screen over the demo data in every
// language at both sizes (make screenshots): the list, an older training's
// four tabs (it has certificates) and a participant's form.
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		e := sh.OpenDemo(nil)
		s := New(e)
		e.ShowScreen(env.ScreenTrainings, s.Object())
		s.Reload()
		sh.Shoot(e, "11-trainings")
		s.pane.List.Select(len(s.pane.Items) - 1)
		e.Wait()
		for i, tab := range []string{"details", "participants", "attendance", "certificates"} {
			s.view.tabs.SelectIndex(i)
			sh.Shoot(e, fmt.Sprintf("2%d-training-%s", i, tab))
		}
		v := s.view
		v.roster.edit(&v.participants[0])
		sh.Shoot(e, "21b-participant-edit")
		uitest.TapDialogButton(sh.T, e.Window(), i18n.T("form.cancel"))
	})
}
