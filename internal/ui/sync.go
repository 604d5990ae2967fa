package ui

import (
	"context"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// syncScreen shows the sync: before enrolment, how to connect (with the
// form); after, the state, what waits, a progress bar while moving, the
// last success, what the server set aside and the conflicts to review.
type syncScreen struct {
	u        *UI
	state    *widget.Label
	detail   *widget.Label
	progress *widget.ProgressBar
	moving   *widget.Label
	last     *widget.Label
	errMsg   *widget.Label
	pending  *widget.Label
	syncNow  *widget.Button
	lists    *fyne.Container
	// reconnect holds the form to connect again when the server found
	// this laptop to be a copy of another.
	reconnect *fyne.Container
	files     *filesPanel     // nil without transfers
	bundles   *bundlesPanel   // nil without sync by file
	laptops   *fyne.Container // the secretariat's: the laptops overdue
	enrol     *enrolForm      // before enrolment
	root      fyne.CanvasObject
}

func newSyncScreen(u *UI) *syncScreen {
	s := &syncScreen{u: u}
	title := kit.TitleRow(theme.ViewRefreshIcon(), i18n.T("sync.title"))
	if u.svc.Sync == nil || u.svc.Sync.Status().State == alliance.SyncNotEnrolled {
		s.enrol = newEnrolForm(u)
		s.root = container.NewVScroll(container.NewPadded(container.NewVBox(title, s.pendingLabel(), widget.NewSeparator(),
			s.enrol.object())))
		s.refreshPending()
		return s
	}
	s.state = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.state.Wrapping = fyne.TextWrapWord
	s.detail = kit.Wrapped("")
	s.progress = widget.NewProgressBar()
	s.moving = widget.NewLabel("")
	s.moving.SizeName = theme.SizeNameCaptionText
	s.moving.Wrapping = fyne.TextWrapWord
	s.last = widget.NewLabel("")
	s.errMsg = kit.ErrorLabel()
	s.syncNow = widget.NewButtonWithIcon(i18n.T("sync.now"), theme.ViewRefreshIcon(), func() { u.svc.Sync.SyncNow() })
	s.syncNow.Importance = widget.HighImportance
	s.lists = container.NewVBox()
	s.reconnect = container.NewVBox()
	st := u.svc.Sync.Status()
	org := kit.Wrapped(i18n.Tf("sync.org", i18n.Args{"Org": st.OrgName}))
	server := widget.NewLabel(i18n.Tf("sync.server_label", i18n.Args{"Server": st.Server}))
	server.SizeName = theme.SizeNameCaptionText
	info := container.NewVBox(org, server)
	if st.Secretariat {
		info.Add(kit.Wrapped(i18n.T("sync.secretariat")))
	}
	items := []fyne.CanvasObject{title, info, widget.NewSeparator(),
		s.state, s.detail, s.errMsg, s.reconnect, s.progress, s.moving, s.pendingLabel(), s.last,
		container.NewHBox(s.syncNow, layout.NewSpacer())}
	if u.svc.Bundles != nil { // right under the state: where there is no connection, the way to sync
		s.bundles = newBundlesPanel(u)
		items = append(items, s.bundles.object())
	}
	if u.svc.Transfers != nil {
		s.files = newFilesPanel(u)
		items = append(items, s.files.object())
	}
	if st.Secretariat {
		s.laptops = container.NewVBox()
		items = append(items, s.laptops)
	}
	s.root = container.NewVScroll(container.NewPadded(container.NewVBox(append(items, s.lists)...)))
	s.update(st)
	s.loadLists()
	return s
}

func (s *syncScreen) object() fyne.CanvasObject { return s.root }

func (s *syncScreen) pendingLabel() *widget.Label {
	s.pending = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return s.pending
}

// refreshPending shows the pending count.
func (s *syncScreen) refreshPending() { s.u.syncStatus(s.update) }

// update shows a status (on the UI goroutine).
func (s *syncScreen) update(st alliance.SyncStatus) {
	if st.Pending == 0 {
		s.pending.SetText(i18n.T("sync.nothing_pending"))
	} else {
		s.pending.SetText(i18n.N("sync.pending", st.Pending, nil))
	}
	if s.state == nil {
		return
	}
	s.state.SetText(i18n.T("sync.state." + string(st.State)))
	s.detail.Hide()
	if st.State == alliance.SyncOffline && !st.NextTry.IsZero() {
		s.detail.SetText(i18n.Tf("sync.next_try", i18n.Args{"Time": i18n.Time(st.NextTry)}))
		s.detail.Show()
	}
	key, _ := alliance.ErrorKey(st.Err)
	if st.Err != nil && (st.State == alliance.SyncError || (st.State == alliance.SyncOffline && key != "sync.error.offline")) {
		kit.SetError(s.errMsg, i18n.Error(st.Err))
	} else {
		kit.SetError(s.errMsg, "")
	}
	// A copy of another laptop connects again, right here: as a new laptop
	// it sends all it has not sent.
	if copied := alliance.ErrorCode(st.Err) == alliance.ECLONED; copied && len(s.reconnect.Objects) == 0 {
		s.reconnect.Add(newEnrolForm(s.u).object())
	} else if !copied && len(s.reconnect.Objects) > 0 {
		s.reconnect.RemoveAll()
	}
	if st.State == alliance.SyncSyncing {
		s.progress.Show()
		s.moving.Show()
		if st.Total > 0 {
			s.progress.SetValue(float64(st.Done) / float64(st.Total))
		}
		moving := i18n.Tf("sync.progress", i18n.Args{"Done": i18n.Number(st.Done), "Total": i18n.Number(st.Total),
			"Sent": i18n.Bytes(st.BytesSent), "Recv": i18n.Bytes(st.BytesRecv)})
		if st.Kept > 0 {
			moving += "\n" + i18n.N("sync.kept", st.Kept, nil)
		}
		s.moving.SetText(moving)
		s.syncNow.Disable()
	} else {
		s.progress.Hide()
		s.moving.Hide()
		s.syncNow.Enable()
	}
	if st.LastSuccess.IsZero() {
		s.last.SetText(i18n.T("sync.never"))
	} else {
		s.last.SetText(i18n.Tf("sync.last_success", i18n.Args{"Time": i18n.Time(st.LastSuccess)}))
	}
	s.root.Refresh() // shown and hidden parts change the heights
}

// loadLaptops asks the server which laptops have not synced for too long
// (the secretariat's laptop); offline, it shows nothing.
func (s *syncScreen) loadLaptops() {
	if s.laptops == nil {
		return
	}
	var laptops []alliance.Laptop
	var days int
	s.u.background(func(ctx context.Context) (err error) {
		laptops, days, err = s.u.svc.Sync.Laptops(ctx)
		return err
	}, func(err error) {
		s.laptops.RemoveAll()
		if err != nil || days <= 0 {
			return
		}
		orgs := map[string]string{}
		for _, o := range s.u.orgs {
			orgs[o.ID] = o.Name
		}
		s.laptops.Add(widget.NewSeparator())
		s.laptops.Add(kit.Heading(i18n.Tf("sync.overdue.title", i18n.Args{"Days": days})))
		n := 0
		for _, l := range laptops {
			if !l.Overdue {
				continue
			}
			n++
			when := i18n.T("sync.overdue.never")
			if !l.LastSync.IsZero() {
				when = i18n.Tf("sync.overdue.last", i18n.Args{"Date": i18n.Date(alliance.DateOf(l.LastSync.Local()))})
			}
			s.laptops.Add(reasonRow(l.Name+" — "+orgs[l.OrgID], when))
		}
		if n == 0 {
			s.laptops.Add(kit.Wrapped(i18n.Tf("sync.overdue.none", i18n.Args{"Days": days})))
		}
		s.root.Refresh()
	})
}

// loadLists reads what the server set aside and the conflicts to review.
func (s *syncScreen) loadLists() {
	if s.lists == nil {
		return
	}
	s.loadLaptops()
	var aside []alliance.SetAside
	var held []alliance.Held
	var conflicts []alliance.Conflict
	s.u.background(func(ctx context.Context) (err error) {
		if aside, err = s.u.svc.Sync.SetAside(ctx); err != nil {
			return err
		}
		if held, err = s.u.svc.Sync.Held(ctx); err != nil {
			return err
		}
		conflicts, err = s.u.svc.Sync.Conflicts(ctx)
		return err
	}, func(err error) {
		s.lists.RemoveAll()
		if err != nil {
			s.lists.Add(kit.Wrapped(i18n.Error(err)))
			return
		}
		if len(held) > 0 {
			s.section("sync.held")
			for _, h := range held {
				title := h.Title
				if title == "" {
					title = i18n.T("sync.held.record")
				}
				key := "sync.held." + h.Code
				if h.Code != "newer" && h.Code != "duplicate" {
					key = "sync.held.invalid"
				}
				s.lists.Add(reasonRow(title, i18n.T(key)))
			}
		}
		if len(conflicts) > 0 {
			s.section("sync.conflicts")
			for _, c := range conflicts {
				s.lists.Add(s.conflictRow(c))
			}
		}
		if len(aside) > 0 {
			s.section("sync.set_aside")
			for _, a := range aside {
				title := a.Title
				if title == "" {
					title = a.RecordID
				}
				key := "sync.error." + a.Code
				if _, ok := setAsideKeys[a.Code]; !ok {
					key = "sync.error.invalid"
				}
				text := i18n.T(key)
				if a.Code == alliance.EINVALID || a.Code == alliance.EFORBIDDEN || a.Code == alliance.ECONFLICT {
					text += " (" + a.Message + ")" // which rule: the server's words
				}
				s.lists.Add(reasonRow(title, text))
			}
		}
		s.lists.Refresh()
	})
}

// section starts a list on the screen: its title and what it means (the
// translation keys prefix+".title" and prefix+".explain").
func (s *syncScreen) section(prefix string) {
	s.lists.Add(widget.NewSeparator())
	s.lists.Add(kit.Heading(i18n.T(prefix + ".title")))
	s.lists.Add(kit.Wrapped(i18n.T(prefix + ".explain")))
}

// reasonRow is a record's title in bold with why, in small type, under it.
func reasonRow(title, why string) fyne.CanvasObject {
	reason := kit.Wrapped(why)
	reason.SizeName = theme.SizeNameCaptionText
	return container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), reason)
}

// setAsideKeys are the codes a set-aside change can carry that have their
// own message.
var setAsideKeys = map[string]bool{alliance.EFORBIDDEN: true, alliance.ETOOLARGE: true, alliance.EINVALID: true,
	alliance.ECONFLICT: true}

func (s *syncScreen) conflictRow(c alliance.Conflict) fyne.CanvasObject {
	value := func(v string) string {
		if v == "" {
			return i18n.T("sync.empty_value")
		}
		return v
	}
	resolve := func(keepMine bool) {
		s.u.background(func(ctx context.Context) error {
			return s.u.svc.Sync.ResolveConflict(ctx, c.ID, keepMine)
		}, func(err error) {
			if err != nil {
				s.u.showError(err)
			}
			s.loadLists()
		})
	}
	mine := widget.NewButton(i18n.T("sync.keep_mine"), func() { resolve(true) })
	theirs := widget.NewButton(i18n.T("sync.keep_theirs"), func() { resolve(false) })
	what := widget.NewLabelWithStyle(i18n.Tf("sync.conflict.field", i18n.Args{"Record": c.Title, "Field": i18n.T("field." + c.Field)}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	what.Wrapping = fyne.TextWrapWord
	return container.NewVBox(what,
		kit.Wrapped(i18n.Tf("sync.conflict.mine", i18n.Args{"Value": value(c.Mine)})),
		kit.Wrapped(i18n.Tf("sync.conflict.theirs", i18n.Args{"Value": value(c.Theirs)})),
		kit.Flow(mine, theirs))
}

// enrolForm connects the laptop: server address, one-time code, name.
type enrolForm struct {
	u       *UI
	server  *widget.Entry
	code    *widget.Entry
	name    *widget.Entry
	message *widget.Label
	connect *widget.Button
	box     fyne.CanvasObject
}

func newEnrolForm(u *UI) *enrolForm {
	f := &enrolForm{u: u, server: widget.NewEntry(), code: widget.NewEntry(), name: widget.NewEntry()}
	f.server.SetPlaceHolder(i18n.T("sync.server.placeholder"))
	f.code.SetPlaceHolder(i18n.T("sync.code.placeholder"))
	host, _ := os.Hostname()
	f.name.SetText(host)
	f.code.OnSubmitted = func(string) { f.submit() }
	f.message = kit.ErrorLabel()
	f.connect = widget.NewButtonWithIcon(i18n.T("sync.connect"), theme.LoginIcon(), f.submit)
	f.connect.Importance = widget.HighImportance
	if u.svc.Sync == nil {
		f.connect.Disable()
	}
	label := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	f.box = container.NewVBox(
		kit.Heading(i18n.T("sync.connect.title")),
		kit.Wrapped(i18n.T("sync.connect.explain")),
		label("sync.server"), f.server,
		label("sync.code"), f.code,
		label("sync.device_name"), f.name,
		f.message,
		container.NewHBox(f.connect),
	)
	return f
}

func (f *enrolForm) object() fyne.CanvasObject { return f.box }

func (f *enrolForm) submit() { f.enrol(false) }

// enrol connects; plain http:// to a public address is done only after
// the user read why it is unsafe and chose it.
func (f *enrolForm) enrol(insecure bool) {
	if f.u.svc.Sync == nil {
		return
	}
	server, code, name := f.server.Text, f.code.Text, f.name.Text
	f.connect.Disable()
	f.connect.SetText(i18n.T("sync.connecting"))
	kit.SetError(f.message, "")
	f.u.background(func(ctx context.Context) error {
		return f.u.svc.Sync.Enroll(ctx, server, code, name, insecure)
	}, func(err error) {
		f.connect.Enable()
		f.connect.SetText(i18n.T("sync.connect"))
		if alliance.ErrorCode(err) == alliance.EINSECURE && !insecure {
			kit.Confirm(f.u.win, i18n.T("sync.insecure.title"), i18n.Error(err), i18n.T("sync.insecure.connect"), i18n.T("form.cancel"),
				func(ok bool) {
					if ok {
						f.enrol(true)
					}
				})
			return
		}
		if err != nil {
			f.message.Importance = widget.DangerImportance
			kit.SetError(f.message, i18n.Error(err))
			return
		}
		st := f.u.svc.Sync.Status()
		f.u.reloadReference(func() {
			f.u.rebuild()
			kit.ShowMessage(f.u.win, i18n.T("sync.title"), i18n.Tf("sync.connected", i18n.Args{"Server": st.Server, "Org": st.OrgName}))
		})
	})
}
