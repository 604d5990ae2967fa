// Package connect is the form that connects a laptop to the secretariat's
// server with a one-time code: the Sync screen and Settings show it until
// the laptop is connected.
package connect

import (
	"context"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Form connects the laptop: server address, one-time code, name.
type Form struct {
	u       env.Env
	Server  *widget.Entry
	Code    *widget.Entry
	Name    *widget.Entry
	Message *widget.Label
	Connect *widget.Button
	box     fyne.CanvasObject
}

// NewForm returns the form; it connects through the Env's sync.
func NewForm(u env.Env) *Form {
	f := &Form{u: u, Server: widget.NewEntry(), Code: widget.NewEntry(), Name: widget.NewEntry()}
	f.Server.SetPlaceHolder(i18n.T("sync.server.placeholder"))
	f.Code.SetPlaceHolder(i18n.T("sync.code.placeholder"))
	host, _ := os.Hostname()
	f.Name.SetText(host)
	f.Code.OnSubmitted = func(string) { f.submit() }
	f.Message = kit.ErrorLabel()
	f.Connect = widget.NewButtonWithIcon(i18n.T("sync.connect"), theme.LoginIcon(), f.submit)
	f.Connect.Importance = widget.HighImportance
	if u.Services().Sync == nil {
		f.Connect.Disable()
	}
	label := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	f.box = container.NewVBox(
		kit.Heading(i18n.T("sync.connect.title")),
		kit.Wrapped(i18n.T("sync.connect.explain")),
		label("sync.server"), f.Server,
		label("sync.code"), f.Code,
		label("sync.device_name"), f.Name,
		f.Message,
		container.NewHBox(f.Connect),
	)
	return f
}

// Object is the form.
func (f *Form) Object() fyne.CanvasObject { return f.box }

func (f *Form) submit() { f.enrol(false) }

// enrol connects; plain http:// to a public address is done only after
// the user read why it is unsafe and chose it.
func (f *Form) enrol(insecure bool) {
	if f.u.Services().Sync == nil {
		return
	}
	server, code, name := f.Server.Text, f.Code.Text, f.Name.Text
	f.Connect.Disable()
	f.Connect.SetText(i18n.T("sync.connecting"))
	kit.SetError(f.Message, "")
	f.u.Background(func(ctx context.Context) error {
		return f.u.Services().Sync.Enroll(ctx, server, code, name, insecure)
	}, func(err error) {
		f.Connect.Enable()
		f.Connect.SetText(i18n.T("sync.connect"))
		if alliance.ErrorCode(err) == alliance.EINSECURE && !insecure {
			kit.Confirm(f.u.Window(), i18n.T("sync.insecure.title"), i18n.Error(err), i18n.T("sync.insecure.connect"), i18n.T("form.cancel"),
				func(ok bool) {
					if ok {
						f.enrol(true)
					}
				})
			return
		}
		if err != nil {
			f.Message.Importance = widget.DangerImportance
			kit.SetError(f.Message, i18n.Error(err))
			return
		}
		st := f.u.Services().Sync.Status()
		f.u.ReloadReference(func() {
			f.u.Rebuild()
			kit.ShowMessage(f.u.Window(), i18n.T("sync.title"), i18n.Tf("sync.connected", i18n.Args{"Server": st.Server, "Org": st.OrgName}))
		})
	})
}
