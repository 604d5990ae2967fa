package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/i18n"
)

// statusBar is the sync state shown under the navigation on every screen:
// the connection and how many saved changes wait to be sent.
type statusBar struct {
	u       *UI
	icon    *widget.Icon
	state   *widget.Label
	pending *widget.Label
	box     fyne.CanvasObject
}

func newStatusBar(u *UI) *statusBar {
	s := &statusBar{u: u, icon: widget.NewIcon(theme.NewDisabledResource(theme.ViewRefreshIcon()))}
	s.state = widget.NewLabel(i18n.T("status.offline"))
	s.state.Wrapping = fyne.TextWrapWord
	s.pending = widget.NewLabel("")
	s.pending.Wrapping = fyne.TextWrapWord
	s.pending.SizeName = theme.SizeNameCaptionText
	btn := widget.NewButton("", func() { u.ShowScreen(ScreenSync) })
	btn.Importance = widget.LowImportance
	content := container.NewBorder(nil, nil, s.icon, nil, container.NewVBox(s.state, s.pending))
	s.box = container.NewStack(btn, container.NewPadded(content))
	return s
}

func (s *statusBar) object() fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(), s.box)
}

// refresh reads the outbox off the UI goroutine and shows the count. It
// may be called from any goroutine.
func (s *statusBar) refresh() {
	if s == nil {
		return
	}
	var n int
	s.u.background(func(ctx context.Context) (err error) {
		n, err = s.u.svc.Outbox.PendingChanges(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.pending.SetText(i18n.Error(err))
		} else if n == 0 {
			s.pending.SetText(i18n.T("status.saved_locally"))
		} else {
			s.pending.SetText(i18n.N("status.pending", n, nil))
		}
	})
}
