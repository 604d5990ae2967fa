package ui

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// fakeUpdates is an UpdateService whose status the test sets.
type fakeUpdates struct {
	mu        sync.Mutex
	st        alliance.UpdateStatus
	listeners []func(alliance.UpdateStatus)
	installs  int
	backs     int
	err       error
}

func (f *fakeUpdates) Status() alliance.UpdateStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st
}

func (f *fakeUpdates) OnStatus(fn func(alliance.UpdateStatus)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listeners = append(f.listeners, fn)
}

func (f *fakeUpdates) set(st alliance.UpdateStatus) {
	f.mu.Lock()
	f.st = st
	fns := f.listeners
	f.mu.Unlock()
	for _, fn := range fns {
		fn(st)
	}
}

func (f *fakeUpdates) Install(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.installs++
	if f.err != nil {
		return "", f.err
	}
	return "/opt/alliance/alliance", nil
}

func (f *fakeUpdates) GoBack(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.backs++
	return "/opt/alliance/alliance", nil
}

// TestSettingsScreen_Update: a version on its way shows its progress; a
// ready one is offered under the sync status and installed from Settings
// only when no form holds changes, and then the app restarts with the
// program put in place; a refused one says why.
func TestSettingsScreen_Update(t *testing.T) {
	fake := &fakeUpdates{st: alliance.UpdateStatus{Current: "1.2.0", Platform: "linux-amd64"}}
	u := openTestUIWith(t, t.TempDir(), func(_ *sqlite.DB, svc *Services) { svc.Updates = fake })
	u.ShowScreen(ScreenSettings)
	u.Wait()
	s := u.settings.updates
	if s == nil || s.install.Visible() || s.back.Visible() || !strings.Contains(s.text.Text, "1.2.0") {
		t.Fatalf("no update: %q, install shown %v", s.text.Text, s.install.Visible())
	}

	fake.set(alliance.UpdateStatus{Current: "1.2.0", Version: "1.3.0", State: alliance.UpdateDownloading, Size: 9 << 20, Done: 3 << 20})
	u.Wait()
	if !s.progress.Visible() || s.progress.Value < 0.3 || s.progress.Value > 0.35 || s.install.Visible() || u.status.update.Visible() {
		t.Fatalf("downloading: progress %v shown %v, install %v", s.progress.Value, s.progress.Visible(), s.install.Visible())
	}

	fake.set(alliance.UpdateStatus{Current: "1.2.0", Version: "1.3.0", State: alliance.UpdateReady, Size: 9 << 20, Done: 9 << 20})
	u.Wait()
	if !s.install.Visible() || !strings.Contains(s.install.Text, "1.3.0") || !u.status.update.Visible() {
		t.Fatalf("ready: install %v %q, status link %v", s.install.Visible(), s.install.Text, u.status.update.Visible())
	}

	// A form holding changes: the update waits, and says why.
	u.ShowScreen(ScreenActivities)
	u.Wait()
	title := newActivityTitle(t, u)
	title.SetText("Yarımçıq fəaliyyət")
	u.status.update.OnTapped() // the link leads to Settings, asking first about the form
	tapDialogButton(t, u.win, i18n.T("confirm.discard.keep"))
	if u.screen != ScreenActivities {
		t.Fatalf("left the form for %s", u.screen)
	}
	s.confirmInstall()
	u.Wait()
	if fake.installs != 0 || !s.message.Visible() || s.message.Text != i18n.T("update.form_open") {
		t.Fatalf("with a form holding changes: %d installs, message %q", fake.installs, s.message.Text)
	}

	// The form saved: Install and restart.
	title.SetText("")
	s.confirmInstall()
	tapDialogButton(t, u.win, i18n.T("update.restart"))
	u.Wait()
	if fake.installs != 1 || u.RestartWith() != "/opt/alliance/alliance" {
		t.Fatalf("after Install: %d installs, restart with %q", fake.installs, u.RestartWith())
	}
}

// TestSettingsScreen_UpdateRefused: a refused version says why, in the
// user's language; the way back is offered when a previous version is
// kept, and after a start the update is said once.
func TestSettingsScreen_UpdateRefused(t *testing.T) {
	fake := &fakeUpdates{st: alliance.UpdateStatus{Current: "1.3.0", Updated: "1.2.0", Previous: "1.2.0",
		Version: "1.4.0", State: alliance.UpdateRefused,
		Err: alliance.Keyed(alliance.EINVALID, "error.update_not_signed", nil, "not signed")}}
	u := openTestUIWith(t, t.TempDir(), func(_ *sqlite.DB, svc *Services) { svc.Updates = fake })
	u.ShowScreen(ScreenSettings)
	u.Wait()
	s := u.settings.updates
	want := []string{i18n.Tf("update.updated", i18n.Args{"From": "1.2.0", "Current": "1.3.0"}), i18n.T("error.update_not_signed")}
	for _, w := range want {
		if !strings.Contains(s.text.Text, w) {
			t.Fatalf("refused: %q lacks %q", s.text.Text, w)
		}
	}
	if s.install.Visible() || !s.back.Visible() || !strings.Contains(s.back.Text, "1.2.0") {
		t.Fatalf("install shown %v, back %v %q", s.install.Visible(), s.back.Visible(), s.back.Text)
	}
	s.confirmGoBack()
	tapDialogButton(t, u.win, i18n.T("update.restart"))
	u.Wait()
	if fake.backs != 1 || u.RestartWith() == "" {
		t.Fatalf("after Go back: %d, restart with %q", fake.backs, u.RestartWith())
	}
}
