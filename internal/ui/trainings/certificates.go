package trainings

import (
	"bytes"
	"context"
	"path/filepath"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/certpdf"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/osprint"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/history"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// certificatesTab issues a training's certificates and prints them: all
// at once or one, to one PDF or one per person, to the printer or the
// viewer; a revoked one is marked.
type certificatesTab struct {
	v        *trainingView
	langs    *widget.Select
	list     *fyne.Container
	progress *widget.ProgressBar
	status   *widget.Label
	cancel   *widget.Button
	stop     atomic.Bool
	box      fyne.CanvasObject
}

func newCertificatesTab(v *trainingView) *certificatesTab {
	c := &certificatesTab{v: v, list: container.NewVBox(), progress: widget.NewProgressBar(), status: kit.Wrapped("")}
	c.langs = widget.NewSelect(kit.LanguagePairLabels(), nil)
	c.langs.SetSelectedIndex(0)
	issue := widget.NewButtonWithIcon(i18n.T("certificates.issue_all"), theme.ConfirmIcon(), func() { c.issue(nil) })
	issue.Importance = widget.HighImportance
	saveOne := widget.NewButtonWithIcon(i18n.T("certificates.save_one"), theme.DocumentSaveIcon(), c.saveOne)
	saveEach := widget.NewButtonWithIcon(i18n.T("certificates.save_each"), theme.FolderIcon(), c.saveEach)
	printAll := widget.NewButtonWithIcon(i18n.T("certificates.print_all"), theme.DocumentPrintIcon(), func() { c.makePDF(c.valid(), c.printFile) })
	c.cancel = widget.NewButton(i18n.T("certificates.cancel"), func() { c.stop.Store(true) })
	c.progress.Hide()
	c.cancel.Hide()
	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(i18n.T("certificates.languages")), nil, c.langs),
		container.NewHBox(issue),
		kit.Flow(saveOne, saveEach, printAll),
		container.NewBorder(nil, nil, nil, c.cancel, c.progress),
		c.status,
		widget.NewSeparator(),
	)
	c.box = container.NewBorder(top, nil, nil, nil, container.NewVScroll(c.list))
	return c
}

func (c *certificatesTab) object() fyne.CanvasObject { return container.NewPadded(c.box) }

// render shows the certificates.
func (c *certificatesTab) render() {
	c.list.RemoveAll()
	if len(c.v.certs) == 0 {
		c.list.Add(kit.Wrapped(i18n.T("certificates.empty")))
	}
	for i := range c.v.certs {
		cert := c.v.certs[i]
		name := widget.NewLabelWithStyle(cert.HolderName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		serial := widget.NewLabel(cert.Serial)
		serial.SizeName = theme.SizeNameCaptionText
		// The buttons keep their place on a narrow screen; a long name
		// is shortened instead.
		actions := container.NewHBox()
		if cert.Revoked {
			l := widget.NewLabel(i18n.T("certificates.revoked"))
			l.Importance = widget.DangerImportance
			actions.Add(l)
		} else {
			actions.Add(widget.NewButtonWithIcon(i18n.T("certificates.open"), theme.FileIcon(), func() {
				c.makePDF([]alliance.Certificate{cert}, c.openFile)
			}))
			actions.Add(widget.NewButtonWithIcon(i18n.T("certificates.print"), theme.DocumentPrintIcon(), func() {
				c.makePDF([]alliance.Certificate{cert}, c.printFile)
			}))
			revoke := widget.NewButtonWithIcon(i18n.T("certificates.revoke"), theme.CancelIcon(), func() { c.revoke(cert) })
			revoke.Importance = widget.LowImportance
			actions.Add(revoke)
		}
		if u := c.v.s.u; u.Services().History != nil {
			id := cert.ID
			h := widget.NewButtonWithIcon("", theme.HistoryIcon(), func() { history.Show(u, syncproto.EntityCertificate, id) })
			h.Importance = widget.LowImportance
			actions.Add(h)
		}
		c.list.Add(container.NewBorder(nil, nil, nil, container.NewCenter(actions), container.NewVBox(name, serial)))
	}
	c.list.Refresh()
}

// valid returns the certificates not revoked.
func (c *certificatesTab) valid() []alliance.Certificate {
	var out []alliance.Certificate
	for _, x := range c.v.certs {
		if !x.Revoked {
			out = append(out, x)
		}
	}
	return out
}

// issue gives certificates to all who completed (or to participantIDs).
func (c *certificatesTab) issue(participantIDs []string) {
	u := c.v.s.u
	pair := alliance.LanguagePairs[max(c.langs.SelectedIndex(), 0)]
	id := c.v.training.ID
	u.Background(func(ctx context.Context) error {
		_, err := u.Services().Certificates.Issue(ctx, id, participantIDs, pair)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		c.v.reload()
	})
}

func (c *certificatesTab) revoke(cert alliance.Certificate) {
	u := c.v.s.u
	reason := widget.NewEntry()
	reason.SetPlaceHolder(i18n.T("certificates.reason"))
	body := container.NewVBox(kit.Wrapped(i18n.Tf("confirm.revoke.body", i18n.Args{"Serial": cert.Serial, "Name": cert.HolderName})), reason)
	d := dialog.NewCustomConfirm(i18n.T("confirm.revoke.title"), i18n.T("confirm.revoke.yes"), i18n.T("confirm.revoke.no"), body, func(yes bool) {
		if !yes {
			return
		}
		why := reason.Text
		u.Background(func(ctx context.Context) error { return u.Services().Certificates.Revoke(ctx, cert.ID, why) }, func(err error) {
			if err != nil {
				u.ShowError(err)
				return
			}
			c.v.reload()
		})
	}, u.Window())
	kit.FitDialog(d, u.Window(), fyne.NewSize(520, 260))
	d.Show()
}

// makePDF prints certs to a PDF off the UI goroutine, with a progress bar
// and a way to cancel, then hands the PDF's bytes to done (off the UI
// goroutine too: done writes files, prints).
func (c *certificatesTab) makePDF(certs []alliance.Certificate, done func(ctx context.Context, pdf []byte, certs []alliance.Certificate) (string, error)) {
	if len(certs) == 0 {
		return
	}
	u := c.v.s.u
	c.stop.Store(false)
	c.progress.SetValue(0)
	c.progress.Show()
	c.cancel.Show()
	c.status.SetText("")
	verify := func(c *alliance.Certificate) string { return verifyURL(u, c) }
	var msg string
	u.Background(func(ctx context.Context) error {
		var buf bytes.Buffer
		err := certpdf.Write(&buf, certs, certpdf.Options{
			VerifyURL: verify,
			Cancelled: func() bool { return c.stop.Load() || ctx.Err() != nil },
			Progress: func(n, total int) {
				u.Post(func() {
					c.progress.SetValue(float64(n) / float64(total))
					c.status.SetText(i18n.Tf("certificates.rendering", i18n.Args{"Done": n, "Total": total}))
				})
			},
		})
		if err != nil {
			return err
		}
		msg, err = done(ctx, buf.Bytes(), certs)
		return err
	}, func(err error) {
		c.progress.Hide()
		c.cancel.Hide()
		switch {
		case err == certpdf.ErrCancelled:
			c.status.SetText("")
		case err != nil:
			c.status.SetText("")
			u.ShowError(err)
		default:
			c.status.SetText(msg)
		}
	})
}

// certFile writes a PDF into the data folder's certificates folder.
func (c *certificatesTab) certFile(pdf []byte, certs []alliance.Certificate) (string, error) {
	name := certs[0].Serial
	if len(certs) > 1 { // named for people, not by an id: the training and when it began
		from, _ := c.v.training.Period()
		name = c.v.training.Title + " " + from.DMY()
	}
	return env.CertificateFile(c.v.s.u, name, pdf)
}

func (c *certificatesTab) openFile(ctx context.Context, pdf []byte, certs []alliance.Certificate) (string, error) {
	path, err := c.certFile(pdf, certs)
	if err != nil {
		return "", err
	}
	return i18n.Tf("certificates.saved", i18n.Args{"Path": path}), kit.SavedAt(osprint.Open(ctx, path), path)
}

func (c *certificatesTab) printFile(ctx context.Context, pdf []byte, certs []alliance.Certificate) (string, error) {
	path, err := c.certFile(pdf, certs)
	if err != nil {
		return "", err
	}
	return i18n.T("certificates.sent"), kit.SavedAt(osprint.Print(ctx, path), path)
}

// saveOne asks where to save one PDF with every valid certificate.
func (c *certificatesTab) saveOne() {
	u := c.v.s.u
	certs := c.valid()
	if len(certs) == 0 {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if w == nil {
			return
		}
		c.makePDF(certs, func(_ context.Context, pdf []byte, _ []alliance.Certificate) (string, error) {
			defer w.Close()
			if _, err := w.Write(pdf); err != nil {
				return "", alliance.OSError(err, filepath.Dir(w.URI().Path()))
			}
			return i18n.Tf("certificates.saved", i18n.Args{"Path": w.URI().Path()}), nil
		})
	}, u.Window())
	d.SetFileName(kit.SafeFileName(c.v.training.Title) + ".pdf")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	kit.ShowFileDialog(d, u.Window(), "file.save_title")
}

// saveEach asks for a folder and writes one PDF per person into it.
func (c *certificatesTab) saveEach() {
	u := c.v.s.u
	certs := c.valid()
	if len(certs) == 0 {
		return
	}
	env.ChooseFolder(u, "file.folder_title", func(dir string) { c.renderEach(certs, dir) })
}

// renderEach writes one PDF per certificate into dir.
func (c *certificatesTab) renderEach(certs []alliance.Certificate, dir string) {
	u := c.v.s.u
	c.stop.Store(false)
	c.progress.SetValue(0)
	c.progress.Show()
	c.cancel.Show()
	verify := func(c *alliance.Certificate) string { return verifyURL(u, c) }
	u.Background(func(ctx context.Context) error {
		for i := range certs {
			if c.stop.Load() || ctx.Err() != nil {
				return certpdf.ErrCancelled
			}
			var buf bytes.Buffer
			if err := certpdf.Write(&buf, certs[i:i+1], certpdf.Options{VerifyURL: verify}); err != nil {
				return err
			}
			path := filepath.Join(dir, kit.SafeFileName(certs[i].Serial+" "+certs[i].HolderName)+".pdf")
			if err := safefile.WriteBytes(path, buf.Bytes()); err != nil {
				return err
			}
			n := i + 1
			u.Post(func() {
				c.progress.SetValue(float64(n) / float64(len(certs)))
				c.status.SetText(i18n.Tf("certificates.rendering", i18n.Args{"Done": n, "Total": len(certs)}))
			})
		}
		return nil
	}, func(err error) {
		c.progress.Hide()
		c.cancel.Hide()
		if err != nil && err != certpdf.ErrCancelled {
			u.ShowError(err)
			return
		}
		if err == nil {
			c.status.SetText(i18n.Tf("certificates.saved", i18n.Args{"Path": dir}))
		}
	})
}

// verifyURL is the check address a certificate's QR code opens: on the
// secretariat's server; none before the laptop is connected to one.
func verifyURL(u env.Env, c *alliance.Certificate) string {
	sync := u.Services().Sync
	if sync == nil {
		return ""
	}
	server := sync.Status().Server
	if server == "" {
		return ""
	}
	return syncproto.VerifyURL(server, c.Serial, c.Code)
}
