// Package syncing is the Sync area: connecting the laptop to the
// secretariat's server, the state of the sync, conflicts to review and
// changes set aside, the laptops of the organisation, the file queue and
// the sync by file.
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
	"github.com/ngo-alliance/alliance/internal/ui/connect"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Screen shows the sync: before enrolment, how to connect (with the
// form); after, the state, what waits, a progress bar while moving, the
// last success, what the server set aside and the conflicts to review.
type Screen struct {
	u        env.Env
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
	enrol     *connect.Form   // before enrolment
	root      fyne.CanvasObject
}

// New returns the screen, its lists being read.
func New(u env.Env) *Screen {
	s := &Screen{u: u}
	title := kit.TitleRow(theme.ViewRefreshIcon(), i18n.T("sync.title"))
	if u.Services().Sync == nil || u.Services().Sync.Status().State == alliance.SyncNotEnrolled {
		s.enrol = connect.NewForm(u)
		s.root = container.NewVScroll(container.NewPadded(container.NewVBox(title, s.pendingLabel(), widget.NewSeparator(),
			s.enrol.Object())))
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
	s.syncNow = widget.NewButtonWithIcon(i18n.T("sync.now"), theme.ViewRefreshIcon(), func() { u.Services().Sync.SyncNow() })
	s.syncNow.Importance = widget.HighImportance
	s.lists = container.NewVBox()
	s.reconnect = container.NewVBox()
	st := u.Services().Sync.Status()
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
	if u.Services().Bundles != nil { // right under the state: where there is no connection, the way to sync
		s.bundles = newBundlesPanel(u)
		items = append(items, s.bundles.object())
	}
	if u.Services().Transfers != nil {
		s.files = newFilesPanel(u)
		items = append(items, s.files.object())
	}
	if st.Secretariat {
		s.laptops = container.NewVBox()
		items = append(items, s.laptops)
	}
	s.root = container.NewVScroll(container.NewPadded(container.NewVBox(append(items, s.lists)...)))
	s.Update(st)
	s.LoadLists()
	return s
}

// FilesChanged shows a change of the file queue.
func (s *Screen) FilesChanged(st alliance.TransferStatus) {
	if s.files != nil {
		s.files.update(st)
	}
}

// Object is the screen.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

func (s *Screen) pendingLabel() *widget.Label {
	s.pending = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return s.pending
}

// refreshPending shows the pending count.
func (s *Screen) refreshPending() { env.SyncStatus(s.u, s.Update) }

// Update shows a status (on the UI goroutine).
func (s *Screen) Update(st alliance.SyncStatus) {
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
		s.reconnect.Add(connect.NewForm(s.u).Object())
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
func (s *Screen) loadLaptops() {
	if s.laptops == nil {
		return
	}
	var laptops []alliance.Laptop
	var days int
	s.u.Background(func(ctx context.Context) (err error) {
		laptops, days, err = s.u.Services().Sync.Laptops(ctx)
		return err
	}, func(err error) {
		s.laptops.RemoveAll()
		if err != nil || days <= 0 {
			return
		}
		orgs := map[string]string{}
		for _, o := range s.u.Organisations() {
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

// LoadLists reads what the server set aside and the conflicts to review.
func (s *Screen) LoadLists() {
	if s.lists == nil {
		return
	}
	s.loadLaptops()
	var aside []alliance.SetAside
	var held []alliance.Held
	var conflicts []alliance.Conflict
	s.u.Background(func(ctx context.Context) (err error) {
		if aside, err = s.u.Services().Sync.SetAside(ctx); err != nil {
			return err
		}
		if held, err = s.u.Services().Sync.Held(ctx); err != nil {
			return err
		}
		conflicts, err = s.u.Services().Sync.Conflicts(ctx)
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
func (s *Screen) section(prefix string) {
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

func (s *Screen) conflictRow(c alliance.Conflict) fyne.CanvasObject {
	value := func(v string) string {
		if v == "" {
			return i18n.T("sync.empty_value")
		}
		return v
	}
	resolve := func(keepMine bool) {
		s.u.Background(func(ctx context.Context) error {
			return s.u.Services().Sync.ResolveConflict(ctx, c.ID, keepMine)
		}, func(err error) {
			if err != nil {
				s.u.ShowError(err)
			}
			s.LoadLists()
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
