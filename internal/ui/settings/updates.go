package settings

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// updatesSection is the Settings part about new versions: what is on its
// way or ready, Install and restart, and the way back. A version is only
// installed when the user asks, never while a form holds changes.
type updatesSection struct {
	u        Shell
	text     *widget.Label
	progress *widget.ProgressBar
	install  *widget.Button
	back     *widget.Button
	message  *widget.Label
	box      *fyne.Container
}

func newUpdatesSection(u Shell) *updatesSection {
	s := &updatesSection{u: u, text: kit.Wrapped(""), progress: widget.NewProgressBar(), message: kit.Wrapped("")}
	s.install = widget.NewButtonWithIcon("", theme.DownloadIcon(), s.confirmInstall)
	s.install.Importance = widget.HighImportance
	s.back = widget.NewButtonWithIcon("", theme.HistoryIcon(), s.confirmGoBack)
	s.message.Importance = widget.DangerImportance
	s.box = container.NewVBox(s.text, s.progress, kit.Flow(s.install, s.back), s.message)
	s.show(u.Services().Updates.Status())
	return s
}

func (s *updatesSection) object() fyne.CanvasObject { return s.box }

// show puts a status on screen.
func (s *updatesSection) show(st alliance.UpdateStatus) {
	s.progress.Hide()
	s.install.Hide()
	args := i18n.Args{"Version": st.Version, "Current": st.Current}
	text := i18n.Tf("update.none", args)
	switch st.State {
	case alliance.UpdateDownloading:
		text = i18n.Tf("update.downloading", i18n.Args{"Version": st.Version, "Size": i18n.Bytes(st.Size)})
		if st.Size > 0 {
			s.progress.SetValue(float64(st.Done) / float64(st.Size))
		}
		s.progress.Show()
	case alliance.UpdateReady:
		text = i18n.Tf("update.ready", args)
		s.install.SetText(i18n.Tf("update.install", args))
		s.install.Show()
	case alliance.UpdateRefused:
		text = i18n.Tf("update.refused", i18n.Args{"Version": st.Version, "Reason": i18n.Error(st.Err)})
	}
	if st.Updated != "" {
		key := "update.updated"
		if st.Back {
			key = "update.went_back"
		}
		text = i18n.Tf(key, i18n.Args{"From": st.Updated, "Current": st.Current}) + "\n" + text
	}
	s.text.SetText(text)
	s.back.Hide()
	if st.Previous != "" {
		s.back.SetText(i18n.Tf("update.go_back", i18n.Args{"Version": st.Previous}))
		s.back.Show()
	}
}

// confirmInstall asks before the app closes to update itself.
func (s *updatesSection) confirmInstall() {
	s.confirmRestart(i18n.Tf("update.confirm", i18n.Args{"Version": s.u.Services().Updates.Status().Version}), s.u.Services().Updates.Install)
}

// confirmGoBack asks before the app closes to put the previous version
// back.
func (s *updatesSection) confirmGoBack() {
	s.confirmRestart(i18n.Tf("update.confirm_back", i18n.Args{"Version": s.u.Services().Updates.Status().Previous}), s.u.Services().Updates.GoBack)
}

// confirmRestart asks msg, then runs work; a form holding changes must be
// saved or closed first.
func (s *updatesSection) confirmRestart(msg string, work func(ctx context.Context) (string, error)) {
	if s.u.Unsaved() {
		s.say(i18n.T("update.form_open"))
		return
	}
	kit.Confirm(s.u.Window(), i18n.T("update.title"), msg, i18n.T("update.restart"), i18n.T("form.cancel"), func(ok bool) {
		if ok {
			s.run(work)
		}
	})
}

// run installs (or goes back) off the UI goroutine; then the app closes
// and main starts the program put in place.
func (s *updatesSection) run(work func(ctx context.Context) (string, error)) {
	if s.u.Unsaved() { // a change made while the dialog was open
		s.say(i18n.T("update.form_open"))
		return
	}
	s.install.Disable()
	s.back.Disable()
	s.message.Hide()
	var program string
	s.u.Background(func(ctx context.Context) (err error) {
		program, err = work(ctx)
		return err
	}, func(err error) {
		s.install.Enable()
		s.back.Enable()
		if err != nil {
			s.say(i18n.Error(err))
			return
		}
		s.u.Quit(program)
	})
}

func (s *updatesSection) say(text string) {
	s.message.SetText(text)
	s.message.Show()
}
