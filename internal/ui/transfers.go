package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// filesPanel is the Sync screen's part about files: how much of the queue
// has moved (files and bytes), pause and resume, and each file with its
// progress and, when it waits or failed, why.
type filesPanel struct {
	u       *UI
	summary *widget.Label
	bar     *widget.ProgressBar
	pause   *widget.Button
	list    *fyne.Container
	box     *fyne.Container
}

// maxListed is how many files the panel lists (the first of the queue).
const maxListed = 40

func newFilesPanel(u *UI) *filesPanel {
	p := &filesPanel{u: u, summary: kit.Wrapped(""), bar: widget.NewProgressBar(), list: container.NewVBox()}
	p.pause = widget.NewButtonWithIcon("", theme.MediaPauseIcon(), func() {
		paused := !u.svc.Transfers.Transfers().Paused
		u.background(func(ctx context.Context) error { u.svc.Transfers.SetPaused(paused); return nil }, nil)
	})
	p.box = container.NewVBox(widget.NewSeparator(), kit.Heading(i18n.T("files.title")), p.summary, p.bar,
		container.NewHBox(p.pause, layout.NewSpacer()), p.list)
	p.update(u.svc.Transfers.Transfers())
	env.RefreshTransfers(u)
	return p
}

// refreshTransfers has the file queue read again (off the UI goroutine):
// files named by records saved since the last pass join it.
func (u *UI) refreshTransfers() {
	if u.svc.Transfers != nil {
		u.background(func(ctx context.Context) error { return u.svc.Transfers.Refresh(ctx) }, nil)
	}
}

func (p *filesPanel) object() fyne.CanvasObject { return p.box }

// update shows the queue (on the UI goroutine).
func (p *filesPanel) update(st alliance.TransferStatus) {
	left, failed, done, total := st.Totals()
	switch {
	case left+failed == 0:
		p.summary.SetText(i18n.T("files.none"))
		p.bar.Hide()
	default:
		p.summary.SetText(i18n.Tf("files.summary", i18n.Args{"Files": i18n.N("files.count", left, nil),
			"Done": i18n.Bytes(done), "Total": i18n.Bytes(total)}))
		p.bar.Show()
		if total > 0 {
			p.bar.SetValue(float64(done) / float64(total))
		}
	}
	if st.Paused {
		p.pause.SetText(i18n.T("files.resume"))
		p.pause.SetIcon(theme.MediaPlayIcon())
		p.summary.SetText(p.summary.Text + " " + i18n.T("files.paused"))
	} else {
		p.pause.SetText(i18n.T("files.pause"))
		p.pause.SetIcon(theme.MediaPauseIcon())
	}
	p.list.Objects = nil
	for i, f := range st.Files {
		if i == maxListed {
			p.list.Add(widget.NewLabel(i18n.N("files.more", len(st.Files)-maxListed, nil)))
			break
		}
		p.list.Add(p.row(f))
	}
	p.list.Refresh()
}

// row is one file: which way, its name, where it stands and its progress.
func (p *filesPanel) row(f alliance.FileTransfer) fyne.CanvasObject {
	icon := theme.UploadIcon()
	if !f.Upload {
		icon = theme.DownloadIcon()
	}
	name := widget.NewLabelWithStyle(f.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	state := widget.NewLabel(kit.TransferText(f))
	state.Wrapping = fyne.TextWrapWord
	state.SizeName = theme.SizeNameCaptionText
	if f.State == alliance.TransferFailed {
		state.Importance = widget.DangerImportance
	}
	lines := container.NewVBox(name, state)
	if f.State == alliance.TransferActive || (f.State == alliance.TransferWaiting && f.Done > 0) {
		bar := widget.NewProgressBar()
		bar.SetValue(float64(f.Percent()) / 100)
		lines.Add(bar)
	}
	var right fyne.CanvasObject
	if f.State == alliance.TransferFailed {
		hash, up := f.Hash, f.Upload
		right = widget.NewButtonWithIcon(i18n.T("files.retry"), theme.ViewRefreshIcon(), func() {
			p.u.background(func(ctx context.Context) error { p.u.svc.Transfers.Retry(hash, up); return nil }, nil)
		})
	}
	return container.NewBorder(nil, nil, widget.NewIcon(icon), right, lines)
}

// onTransfers shows a change of the file queue wherever it is seen: the
// Sync screen, the open entry's files, and the pictures that were missing
// and have just arrived.
func (u *UI) onTransfers(st alliance.TransferStatus) {
	if u.status != nil {
		u.status.showFiles(st)
	}
	if u.screen == ScreenSync && u.syncScreen != nil && u.syncScreen.files != nil {
		u.syncScreen.files.update(st)
	}
	arrived := false
	for _, f := range st.Files {
		if !f.Upload && f.State == alliance.TransferDone && !u.received[f.Hash] {
			if u.received == nil {
				u.received = map[string]bool{}
			}
			u.received[f.Hash] = true
			arrived = true
		}
	}
	if u.contests != nil {
		u.contests.FilesChanged(arrived)
	}
}
