package reports

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestScreenshots renders Reports over the demo data in every language at
// both sizes (make screenshots): the dashboard, its charts, its exports.
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		e := sh.OpenDemo(nil)
		s := New(e)
		e.ShowScreen(env.ScreenReports, s.Object())
		sh.Shoot(e, "13-reports")
		s.setPreset(AllTime)
		s.scroll().ScrollToOffset(fyne.NewPos(0, 470))
		sh.Shoot(e, "13-reports-charts")
		s.scroll().ScrollToBottom()
		sh.Shoot(e, "13-reports-exports")
	})
}
