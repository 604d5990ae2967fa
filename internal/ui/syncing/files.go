package syncing

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
	u       env.Env
	summary *widget.Label
	bar     *widget.ProgressBar
	pause   *widget.Button
	list    *fyne.Container
	box     *fyne.Container
}

// maxListed is how many files the panel lists (the first of the queue).
const maxListed = 40

func newFilesPanel(u env.Env) *filesPanel {
	p := &filesPanel{u: u, summary: kit.Wrapped(""), bar: widget.NewProgressBar(), list: container.NewVBox()}
	p.pause = widget.NewButtonWithIcon("", theme.MediaPauseIcon(), func() {
		paused := !u.Services().Transfers.Transfers().Paused
		u.Background(func(ctx context.Context) error { u.Services().Transfers.SetPaused(paused); return nil }, nil)
	})
	p.box = container.NewVBox(widget.NewSeparator(), kit.Heading(i18n.T("files.title")), p.summary, p.bar,
		container.NewHBox(p.pause, layout.NewSpacer()), p.list)
	p.update(u.Services().Transfers.Transfers())
	env.RefreshTransfers(u)
	return p
}

func (p *filesPanel) object() fyne.CanvasObject { return p.box }

// Update shows the queue (on the UI goroutine).
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
			p.u.Background(func(ctx context.Context) error { p.u.Services().Transfers.Retry(hash, up); return nil }, nil)
		})
	}
	return container.NewBorder(nil, nil, widget.NewIcon(icon), right, lines)
}
