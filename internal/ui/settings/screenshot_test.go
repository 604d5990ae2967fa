package settings

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/container"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestScreenshots renders Settings in every language at both sizes (make
// screenshots): a version ready beside the one that replaced another, and
// a backup just written (the shell's shoot Settings as first shown, and
// its people).
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		e := sh.OpenDemo(func(_ *sqlite.DB, svc *env.Services) {
			svc.Updates = uitest.NewUpdates(alliance.UpdateStatus{Current: "1.3.0", Previous: "1.2.0", Updated: "1.2.0",
				Version: "1.4.0", State: alliance.UpdateReady, Size: 9 << 20, Done: 9 << 20})
		})
		shell := &testShell{Env: e}
		s := New(shell)
		e.ShowScreen(env.ScreenSettings, s.Object())
		s.startBackup(filepath.Join(sh.T.TempDir(), "Alliance-2026-11-30-0915"))
		e.Wait()
		s.root.(*container.Scroll).ScrollToBottom()
		sh.Shoot(e, "10b-settings-backup")
	})
}
