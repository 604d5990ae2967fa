package ui

import (
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestStatusBar_UpdateLink: a version ready is offered under the sync
// status; the link leads to Settings, asking first about a form holding
// changes (Settings' own tests install it).
func TestStatusBar_UpdateLink(t *testing.T) {
	fake := uitest.NewUpdates(alliance.UpdateStatus{Current: "1.2.0", Platform: "linux-amd64"})
	u := openTestUIWith(t, t.TempDir(), func(_ *sqlite.DB, svc *Services) { svc.Updates = fake })
	if u.status.update.Visible() {
		t.Fatal("a link with no update")
	}
	fake.Set(alliance.UpdateStatus{Current: "1.2.0", Version: "1.3.0", State: alliance.UpdateDownloading, Size: 9 << 20, Done: 3 << 20})
	u.Wait()
	if u.status.update.Visible() {
		t.Fatal("a link while the version downloads")
	}
	fake.Set(alliance.UpdateStatus{Current: "1.2.0", Version: "1.3.0", State: alliance.UpdateReady, Size: 9 << 20, Done: 9 << 20})
	u.Wait()
	if !u.status.update.Visible() || !strings.Contains(u.status.update.Text, "1.3.0") {
		t.Fatalf("ready: status link %v %q", u.status.update.Visible(), u.status.update.Text)
	}
	title := newActivityTitle(t, u)
	title.SetText("Yarımçıq fəaliyyət")
	u.status.update.OnTapped()
	tapDialogButton(t, u.win, i18n.T("confirm.discard.keep"))
	if u.screen != ScreenActivities {
		t.Fatalf("left the form for %s", u.screen)
	}
	title.SetText("")
	u.status.update.OnTapped()
	u.Wait()
	if u.screen != ScreenSettings {
		t.Fatalf("the link led to %s", u.screen)
	}
}
