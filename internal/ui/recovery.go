package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// forgot is the sign-in screen's way out of a forgotten PIN.
func (s *signInScreen) forgot() fyne.CanvasObject {
	b := widget.NewButtonWithIcon(i18n.T("recovery.forgot"), theme.HelpIcon(), func() {
		if s.chosen >= 0 && s.chosen < len(s.profiles) {
			showRecovery(s.u, s.profiles[s.chosen], func(p *alliance.Profile) { s.u.unlock(p) })
		}
	})
	b.Importance = widget.LowImportance
	return b
}

// showRecovery explains what to do when p forgot their PIN: a coordinator
// sets a new one; when no coordinator can sign in, the laptop's recovery
// request goes to the secretariat, whose code opens the data again and
// gives p a new secret. signed runs once p is signed in with it.
func showRecovery(u *UI, p alliance.Profile, signed func(*alliance.Profile)) {
	label := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	request := widget.NewMultiLineEntry()
	request.Wrapping = fyne.TextWrapBreak
	request.SetMinRowsVisible(4)
	request.Disable()
	copyReq := widget.NewButtonWithIcon(i18n.T("recovery.copy"), theme.ContentCopyIcon(), func() {
		u.win.Clipboard().SetContent(request.Text)
	})
	saveReq := widget.NewButtonWithIcon(i18n.T("recovery.save"), theme.DocumentSaveIcon(), nil)
	code := widget.NewEntry()
	code.SetPlaceHolder(i18n.T("recovery.code_example"))
	secret := kit.NewSecretFields(p.Kind)
	message := kit.Wrapped("")
	message.Importance = widget.DangerImportance
	message.Hide()
	say := func(text string) {
		message.SetText(text)
		message.Show()
	}
	form := container.NewVBox(
		kit.Wrapped(i18n.Tf("recovery.intro", i18n.Args{"Name": p.Name})),
		label("recovery.request"), request, container.NewHBox(copyReq, saveReq),
		label("recovery.code"), code,
	)
	secret.Add(form, label)
	form.Add(message)

	var req string
	u.background(func(ctx context.Context) (err error) {
		req, err = u.svc.Profiles.RecoveryRequest(ctx)
		return err
	}, func(err error) {
		if err != nil {
			request.SetText(i18n.Error(err))
			copyReq.Disable()
			saveReq.Disable()
			return
		}
		request.SetText(req)
	})
	saveReq.OnTapped = func() {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			_, werr := w.Write([]byte(request.Text))
			if cerr := w.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				say(i18n.Error(alliance.OSError(werr, w.URI().Path())))
			}
		}, u.win)
		d.SetFileName("alliance-recovery-request.txt")
		kit.ShowFileDialog(d, u.win, "file.save_title")
	}

	var d dialog.Dialog
	openData := widget.NewButtonWithIcon(i18n.T("recovery.open"), theme.ConfirmIcon(), nil)
	openData.Importance = widget.HighImportance
	openData.OnTapped = func() {
		kind, newSecret, mismatch := secret.Value()
		if mismatch != "" {
			say(mismatch)
			return
		}
		c := code.Text
		openData.Disable()
		var who *alliance.Profile
		u.background(func(ctx context.Context) (err error) {
			if err = u.svc.Profiles.Recover(ctx, c, p.ID, kind, newSecret); err != nil {
				return err
			}
			who, err = u.svc.Profiles.SignIn(ctx, p.ID, newSecret)
			return err
		}, func(err error) {
			openData.Enable()
			if err != nil {
				say(kit.FormError(err))
				return
			}
			d.Hide()
			signed(who)
		})
	}
	cancel := widget.NewButton(i18n.T("form.cancel"), func() { d.Hide() })
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, openData), nil, nil, container.NewVScroll(form))
	d = dialog.NewCustomWithoutButtons(i18n.T("recovery.title"), content, u.win)
	kit.FitDialog(d, u.win, fyne.NewSize(560, 560))
	d.Show()
}
