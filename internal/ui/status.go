package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
)

// statusBar is the sync state under the navigation, on every screen:
// offline / syncing n % / up to date / needs attention, and how many
// saved changes wait. Tapping it opens the Sync screen.
type statusBar struct {
	u       *UI
	icon    *widget.Icon
	state   *widget.Label
	detail  *widget.Label
	files   *widget.Label     // files on their way, when there are
	update  *widget.Hyperlink // a new version ready: to Settings
	box     fyne.CanvasObject
	parent  *fyne.Container // laid out again when the bar's height changes
	pending int
	last    alliance.SyncStatus // the status shown, shown again by recheck
	unsaved bool                // whether it says a form holds changes
}

func newStatusBar(u *UI) *statusBar {
	s := &statusBar{u: u, icon: widget.NewIcon(theme.ViewRefreshIcon())}
	s.state = widget.NewLabel("")
	s.state.Wrapping = fyne.TextWrapWord
	s.state.TextStyle.Bold = true
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	s.detail.SizeName = theme.SizeNameCaptionText
	s.files = widget.NewLabel("")
	s.files.Wrapping = fyne.TextWrapWord
	s.files.SizeName = theme.SizeNameCaptionText
	s.files.Hide()
	s.update = widget.NewHyperlink("", nil)
	s.update.Wrapping = fyne.TextWrapWord
	s.update.SizeName = theme.SizeNameCaptionText
	s.update.OnTapped = func() { u.ShowScreen(ScreenSettings) }
	s.update.Hide()
	btn := widget.NewButton("", func() { u.ShowScreen(ScreenSync) })
	btn.Importance = widget.LowImportance
	content := container.NewBorder(nil, nil, s.icon, nil, container.NewVBox(s.state, s.detail, s.files))
	// As wide as the longest word it may show in this language: a narrow
	// window (the navigation is a sixth of it) breaks no word in two.
	wide := canvas.NewRectangle(color.Transparent)
	wide.SetMinSize(fyne.NewSize(env.StatusWidth(), 0))
	s.box = container.NewStack(btn, wide, container.NewPadded(content))
	return s
}

func (s *statusBar) object() fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(), s.box, s.update)
}

// showUpdate offers a version that is ready, under the sync status.
func (s *statusBar) showUpdate(st alliance.UpdateStatus) {
	was := s.box.MinSize().Height + s.update.MinSize().Height
	if st.State == alliance.UpdateReady {
		s.update.SetText(i18n.Tf("status.update_ready", i18n.Args{"Version": st.Version}))
		s.update.Show()
	} else {
		s.update.Hide()
	}
	if s.parent != nil && s.box.MinSize().Height+s.update.MinSize().Height != was {
		s.parent.Refresh()
	}
}

// refresh reads the pending count off the UI goroutine, then shows the
// state; call it on the UI goroutine.
func (s *statusBar) refresh() {
	if s == nil {
		return
	}
	env.SyncStatus(s.u, s.show)
}

// recheck shows the last status again, after a form's changes were made,
// saved or dropped: "all saved" is not said while a form holds changes.
func (s *statusBar) recheck() {
	if s != nil {
		s.u.touch() // a form changed: someone is at work
	}
	if s != nil && s.u.unsavedForm() != s.unsaved {
		s.show(s.last) // only when it flips: not a redraw a keystroke
	}
}

// show puts a status on screen.
func (s *statusBar) show(st alliance.SyncStatus) {
	s.last, s.unsaved = st, s.u.unsavedForm()
	defer s.relayout(s.box.MinSize().Height)
	res := theme.ViewRefreshIcon()
	switch st.State {
	case alliance.SyncNotEnrolled:
		s.state.SetText(i18n.T("status.not_enrolled"))
		res = theme.NewDisabledResource(res)
	case alliance.SyncOffline:
		s.state.SetText(i18n.T("status.offline"))
		res = theme.NewDisabledResource(res)
	case alliance.SyncSyncing:
		s.state.SetText(i18n.Tf("status.syncing", i18n.Args{"Percent": percent(st)}))
		res = theme.NewPrimaryThemedResource(res)
	case alliance.SyncUpToDate:
		s.state.SetText(i18n.T("status.up_to_date"))
		res = theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case alliance.SyncError:
		s.state.SetText(i18n.T("status.error"))
		res = theme.NewErrorThemedResource(theme.WarningIcon())
	}
	s.icon.SetResource(res)
	s.detail.Importance = widget.MediumImportance
	switch {
	case st.Overdue(s.u.now()) && st.State != alliance.SyncSyncing:
		// Weeks without a sync: the way by file is on the Sync screen.
		days := int(s.u.now().Sub(st.LastSuccess).Hours() / 24)
		s.detail.SetText(i18n.N("status.overdue", days, nil))
		s.detail.Importance = widget.WarningImportance
	case st.Pending > 0:
		s.detail.SetText(i18n.N("status.pending", st.Pending, nil))
	case s.unsaved:
		s.detail.SetText(i18n.T("status.unsaved"))
	case st.State == alliance.SyncUpToDate && !st.LastSuccess.IsZero():
		s.detail.SetText(i18n.Tf("status.last", i18n.Args{"Time": i18n.Time(st.LastSuccess)}))
	default:
		s.detail.SetText(i18n.T("status.saved_locally"))
	}
}

// showFiles says how many files are on their way and how far they are.
func (s *statusBar) showFiles(st alliance.TransferStatus) {
	left, _, done, total := st.Totals()
	defer s.relayout(s.box.MinSize().Height)
	if left == 0 {
		s.files.Hide()
		return
	}
	pct := 0
	if total > 0 {
		pct = int(done * 100 / total)
	}
	s.files.SetText(i18n.Tf("status.files", i18n.Args{"Files": i18n.N("files.count", left, nil), "Percent": pct}))
	s.files.Show()
}

// relayout lays the navigation out again when the bar's height changed
// from was (a text took another line, the files line came or went).
func (s *statusBar) relayout(was float32) {
	if s.parent != nil && s.box.MinSize().Height != was {
		s.parent.Refresh()
	}
}

func percent(st alliance.SyncStatus) int {
	if st.Total <= 0 {
		return 0
	}
	return min(100, st.Done*100/st.Total)
}
