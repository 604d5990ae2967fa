package settings

import (
	"context"
	"strconv"

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

// lockChoices are the idle times Settings offers, in minutes (0: never).
var lockChoices = []int{5, 10, 15, 30, 60, 0}

// peopleSection is the Settings part about the laptop's people: who is
// signed in, the others (a coordinator adds them, resets a forgotten PIN,
// stops one from signing in), one's own PIN, the lock and its idle time.
type peopleSection struct {
	u       Shell
	list    *fyne.Container
	sealing *widget.Label // the children's data sealed, and whether the secretariat can recover it
	box     *fyne.Container
	resized func() // the screen lays out again (may be nil)
}

func newPeopleSection(u Shell) *peopleSection {
	s := &peopleSection{u: u, list: container.NewVBox()}
	me := u.SignedIn()
	var buttons []fyne.CanvasObject
	if me != nil && me.Role == alliance.RoleCoordinator {
		add := widget.NewButtonWithIcon(i18n.T("people.add"), theme.ContentAddIcon(), func() { s.secretDialog(nil, true) })
		buttons = append(buttons, add)
	}
	if me != nil {
		buttons = append(buttons, widget.NewButtonWithIcon(i18n.T("people.change_mine"), theme.AccountIcon(), func() { s.secretDialog(me, false) }))
	}
	buttons = append(buttons, widget.NewButtonWithIcon(i18n.T("people.lock"), theme.LogoutIcon(), u.Lock))

	labels := make([]string, len(lockChoices))
	selected := ""
	for i, m := range lockChoices {
		labels[i] = i18n.Tf("people.lock_after_minutes", i18n.Args{"N": m})
		if m == 0 {
			labels[i] = i18n.T("people.lock_never")
		}
		if int(u.LockAfter().Minutes()) == m {
			selected = labels[i]
		}
	}
	after := widget.NewSelect(labels, nil)
	after.SetSelected(selected)
	after.OnChanged = func(string) {
		m := lockChoices[after.SelectedIndex()]
		u.SetLockAfter(m)
		u.Background(func(ctx context.Context) error {
			return u.Services().Settings.SetSetting(ctx, alliance.SettingLockAfter, strconv.Itoa(m))
		}, nil)
	}
	who := i18n.T("people.nobody")
	if me != nil {
		who = i18n.Tf("people.signed_in", i18n.Args{"Name": me.Name, "Role": i18n.T("role." + string(me.Role))})
	}
	s.sealing = kit.Wrapped("")
	s.box = container.NewVBox(kit.Wrapped(who), s.list, kit.Flow(buttons...), s.sealing,
		widget.NewLabelWithStyle(i18n.T("people.lock_after"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), after)
	s.reload()
	return s
}

func (s *peopleSection) object() fyne.CanvasObject { return s.box }

// reload lists the people again.
func (s *peopleSection) reload() {
	var ps []alliance.Profile
	recoverable := false
	s.u.Background(func(ctx context.Context) (err error) {
		if ps, err = s.u.Services().Profiles.Profiles(ctx); err != nil {
			return err
		}
		_, rerr := s.u.Services().Profiles.RecoveryRequest(ctx)
		recoverable = rerr == nil
		return nil
	}, func(err error) {
		if recoverable {
			s.sealing.SetText(i18n.T("people.sealed_recoverable"))
		} else {
			s.sealing.SetText(i18n.T("people.sealed_no_recovery"))
		}
		s.list.RemoveAll()
		if err != nil {
			s.list.Add(kit.Wrapped(i18n.Error(err)))
			return
		}
		me := s.u.SignedIn()
		for _, p := range ps {
			text := i18n.Tf("people.row", i18n.Args{"Name": p.Name, "Role": i18n.T("role." + string(p.Role))})
			if p.Disabled {
				text += " — " + i18n.T("people.disabled")
			}
			var row fyne.CanvasObject = container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil, kit.Wrapped(text))
			if me != nil && me.Role == alliance.RoleCoordinator && p.ID != me.ID {
				p := p
				reset := widget.NewButton(i18n.T("people.reset"), func() { s.secretDialog(&p, false) })
				reset.Importance = widget.LowImportance
				key := "people.disable"
				if p.Disabled {
					key = "people.enable"
				}
				toggle := widget.NewButton(i18n.T(key), func() { s.setDisabled(p.ID, !p.Disabled) })
				toggle.Importance = widget.LowImportance
				row = container.NewBorder(nil, nil, nil, container.NewHBox(reset, toggle), row)
			}
			s.list.Add(row)
		}
		if s.resized != nil {
			s.resized() // the rows change the section's height
		}
	})
}

func (s *peopleSection) setDisabled(id string, disabled bool) {
	s.u.Background(func(ctx context.Context) error {
		return s.u.Services().Profiles.SetDisabled(ctx, id, disabled)
	}, func(err error) {
		if err != nil {
			s.u.ShowError(err)
		}
		s.reload()
	})
}

// secretDialog adds a person (add), changes one's own secret (p is the one
// signed in: the old secret is asked), or resets another's (a coordinator).
func (s *peopleSection) secretDialog(p *alliance.Profile, add bool) {
	u := s.u
	own := p != nil && u.SignedIn() != nil && p.ID == u.SignedIn().ID
	name := widget.NewEntry()
	roles := []alliance.ProfileRole{alliance.RoleStaff, alliance.RoleCoordinator}
	if u.Secretariat() {
		roles = append(roles, alliance.RoleJudge)
	}
	roleLabels := make([]string, len(roles))
	for i, r := range roles {
		roleLabels[i] = i18n.T("role." + string(r))
	}
	role := widget.NewSelect(roleLabels, nil)
	role.SetSelectedIndex(0)
	// A judge is one of a contest's jury: their profile takes the jury
	// member's id, the same on every laptop, and judges as them.
	var jurors []alliance.Juror
	juror := widget.NewSelect(nil, nil)
	jurorLabel := widget.NewLabelWithStyle(i18n.T("profile.juror"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	juror.Hide()
	jurorLabel.Hide()
	role.OnChanged = func(string) {
		if roles[max(role.SelectedIndex(), 0)] != alliance.RoleJudge {
			juror.Hide()
			jurorLabel.Hide()
			return
		}
		var contests []alliance.Contest
		var people []alliance.Profile
		u.Background(func(ctx context.Context) (err error) {
			if contests, err = u.Services().Contests.FindContests(ctx); err != nil {
				return err
			}
			people, err = u.Services().Profiles.Profiles(ctx)
			return err
		}, func(err error) {
			if err != nil {
				u.ShowError(err)
				return
			}
			has := map[string]bool{}
			for _, p := range people {
				has[p.ID] = true
			}
			jurors = nil
			var labels []string
			for _, c := range contests {
				for _, m := range c.Jury {
					if !has[m.ID] {
						has[m.ID] = true
						jurors = append(jurors, m)
						labels = append(labels, m.Name+" — "+c.Title)
					}
				}
			}
			juror.Options = labels
			juror.ClearSelected()
			juror.PlaceHolder = i18n.T("profile.juror_choose")
			if len(labels) == 0 {
				juror.PlaceHolder = i18n.T("profile.juror_none")
			}
			juror.OnChanged = func(string) {
				if i := juror.SelectedIndex(); i >= 0 && name.Text == "" {
					name.SetText(jurors[i].Name)
				}
			}
			juror.Refresh()
			jurorLabel.Show()
			juror.Show()
		})
	}
	old := widget.NewPasswordEntry()
	kind := alliance.SecretPIN
	if p != nil {
		kind = p.Kind
	}
	secret := kit.NewSecretFields(kind)
	message := kit.Wrapped("")
	message.Importance = widget.DangerImportance
	message.Hide()
	label := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	form := container.NewVBox()
	title := i18n.T("people.add")
	switch {
	case add:
		form.Add(label("profile.name"))
		form.Add(name)
		form.Add(label("profile.role"))
		form.Add(role)
		form.Add(jurorLabel)
		form.Add(juror)
	case own:
		title = i18n.T("people.change_mine")
		form.Add(label("profile.old_secret"))
		form.Add(old)
	default:
		title = i18n.Tf("people.reset_title", i18n.Args{"Name": p.Name})
	}
	secret.Add(form, label)
	form.Add(message)
	var d dialog.Dialog
	save := widget.NewButtonWithIcon(i18n.T("form.save"), theme.ConfirmIcon(), nil)
	save.Importance = widget.HighImportance
	save.OnTapped = func() {
		k, newSecret, mismatch := secret.Value()
		if mismatch != "" {
			message.SetText(mismatch)
			message.Show()
			return
		}
		oldSecret := old.Text
		np := &alliance.Profile{Name: name.Text, Role: roles[max(role.SelectedIndex(), 0)], Kind: k}
		if i := juror.SelectedIndex(); np.Role == alliance.RoleJudge && i >= 0 && i < len(jurors) {
			np.ID = jurors[i].ID
		}
		save.Disable()
		u.Background(func(ctx context.Context) error {
			if add {
				if np.Role == alliance.RoleJudge && np.ID == "" {
					return alliance.Invalid("profile", alliance.FieldError{Field: alliance.FieldProfileRole, Key: "validation.juror_required"})
				}
				return u.Services().Profiles.CreateProfile(ctx, np, newSecret)
			}
			return u.Services().Profiles.ChangeSecret(ctx, p.ID, oldSecret, k, newSecret)
		}, func(err error) {
			save.Enable()
			if err != nil {
				message.SetText(kit.FormError(err))
				message.Show()
				return
			}
			d.Hide()
			s.reload()
		})
	}
	cancel := widget.NewButton(i18n.T("form.cancel"), func() { d.Hide() })
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, save), nil, nil, container.NewVScroll(form))
	d = dialog.NewCustomWithoutButtons(title, content, u.Window())
	kit.FitDialog(d, u.Window(), fyne.NewSize(480, 520))
	d.Show()
}
