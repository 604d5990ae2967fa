package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestStatusBar_Overdue: a laptop that has not synced, online or by file,
// for longer than the server's reminder says so in the status bar; the
// server may turn the reminder off.
func TestStatusBar_Overdue(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	fake := &uitest.Sync{Now: alliance.SyncStatus{State: alliance.SyncOffline, Server: "https://alliance.example.az", OrgName: "Quba QHT",
		LastSuccess: now.Add(-20 * 24 * time.Hour)}}
	u := openTestUIWith(t, t.TempDir(), func(db *sqlite.DB, svc *Services) { svc.Sync = fake })
	u.now = func() time.Time { return now }
	u.status.show(fake.Now)
	if got := u.status.detail.Text; got != i18n.N("status.overdue", 20, nil) || u.status.detail.Importance != widget.WarningImportance {
		t.Fatalf("20 days without a sync: %q", got)
	}
	fake.Now.LastSuccess = now.Add(-3 * 24 * time.Hour)
	u.status.show(fake.Now)
	if got := u.status.detail.Text; got == i18n.N("status.overdue", 3, nil) {
		t.Fatalf("3 days: %q", got)
	}
	fake.Now.LastSuccess, fake.Now.RemindDays = now.Add(-90*24*time.Hour), -1
	u.status.show(fake.Now)
	if got := u.status.detail.Text; got == i18n.N("status.overdue", 90, nil) {
		t.Fatal("reminded though the server turned reminders off")
	}
}
