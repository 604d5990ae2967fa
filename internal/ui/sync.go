package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/i18n"
)

// syncScreen tells the truth about the sync before enrolment exists: the
// laptop is not connected, and this many saved changes wait to be sent.
type syncScreen struct {
	u       *UI
	pending *widget.Label
	root    fyne.CanvasObject
}

func newSyncScreen(u *UI) *syncScreen {
	s := &syncScreen{u: u, pending: widget.NewLabel("")}
	s.pending.TextStyle.Bold = true
	state := widget.NewLabelWithStyle(i18n.T("sync.not_connected"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	state.Wrapping = fyne.TextWrapWord
	s.root = container.NewPadded(container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.ViewRefreshIcon()), heading(i18n.T("sync.title"))),
		container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, state),
		wrapped(i18n.T("sync.explain")),
		widget.NewSeparator(),
		s.pending,
	))
	var n int
	u.background(func(ctx context.Context) (err error) {
		n, err = u.svc.Outbox.PendingChanges(ctx)
		return err
	}, func(err error) {
		switch {
		case err != nil:
			s.pending.SetText(i18n.Error(err))
		case n == 0:
			s.pending.SetText(i18n.T("sync.nothing_pending"))
		default:
			s.pending.SetText(i18n.N("sync.pending", n, nil))
		}
	})
	return s
}

func (s *syncScreen) object() fyne.CanvasObject { return s.root }
