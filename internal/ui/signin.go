package ui

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// DefaultLockAfter is how long the app may go unused before it locks.
const DefaultLockAfter = 10 * time.Minute

// lockState is the app lock: while locked, the window shows only the
// sign-in screen; the app's content (an open form with it) and its
// dialogs wait, as they were, for the next sign-in.
type lockState struct {
	locked     bool
	main       fyne.CanvasObject   // the app's content, kept while locked
	overlays   []fyne.CanvasObject // dialogs open when it locked
	lastActive time.Time
	after      time.Duration // 0: never by itself
	last       string        // who was signed in when it locked
	stopTicker func()
	signIn     *signInScreen       // the screen shown while locked
	first      *firstProfileScreen // or this one, on a laptop without people
}

// touch notes that the app is in use: the idle time starts again.
func (u *UI) touch() { u.lock.lastActive = u.now() }

// Locked tells whether the window shows only the sign-in screen.
func (u *UI) Locked() bool { return u.lock.locked }

// setContent shows the app's content, unless the app is locked (then it
// waits for the sign-in).
func (u *UI) setContent(c fyne.CanvasObject) {
	u.lock.main = c
	if !u.lock.locked {
		u.win.SetContent(c)
	}
}

// Lock shows the sign-in screen in place of the app (Ctrl+L, the idle
// time, and at start); who was signed in is signed out.
func (u *UI) Lock() {
	if u.svc.Profiles == nil || u.lock.locked {
		return
	}
	if p := u.svc.Profiles.Current(); p != nil {
		u.lock.last = p.ID
	}
	if u.contests != nil {
		u.contests.BeforeLock() // marks saved as the judge who gave them
	}
	u.svc.Profiles.SignOut()
	u.signedIn = nil
	u.lock.locked = true
	c := u.win.Canvas()
	u.lock.overlays = nil
	for _, o := range c.Overlays().List() {
		u.lock.overlays = append(u.lock.overlays, o)
	}
	for _, o := range u.lock.overlays {
		c.Overlays().Remove(o)
	}
	var profiles []alliance.Profile
	u.background(func(ctx context.Context) (err error) {
		profiles, err = u.svc.Profiles.Profiles(ctx)
		return err
	}, func(err error) {
		if !u.lock.locked {
			return
		}
		if err != nil {
			u.win.SetContent(container.NewCenter(kit.Wrapped(i18n.Error(err))))
			return
		}
		if len(profiles) == 0 {
			u.lock.first = newFirstProfileScreen(u)
			u.win.SetContent(u.lock.first.object())
			u.lock.first.root.Refresh() // laid out once, its wrapping rows know their width
			return
		}
		u.lock.signIn = newSignInScreen(u, profiles)
		u.win.SetContent(u.lock.signIn.object())
		u.lock.signIn.root.Refresh()
	})
}

// unlock shows the app again, as it was, to the person signed in.
func (u *UI) unlock(p *alliance.Profile) {
	u.signedIn = p
	u.staffName = p.Name // what they record is recorded by them
	u.lock.locked = false
	u.lock.signIn, u.lock.first = nil, nil
	u.touch()
	if u.lock.main != nil {
		u.win.SetContent(u.lock.main)
	}
	for _, o := range u.lock.overlays {
		u.win.Canvas().Overlays().Add(o)
	}
	u.lock.overlays = nil
	if u.screen == ScreenSettings {
		u.showScreen(ScreenSettings) // its people part depends on who
	}
	if u.contests != nil {
		u.contests.AfterUnlock() // judged as the one signed in now
	}
}

// checkIdle locks the app when it has not been used for its lock time.
func (u *UI) checkIdle() {
	if u.svc.Profiles != nil && !u.lock.locked && u.lock.after > 0 && u.now().Sub(u.lock.lastActive) >= u.lock.after {
		u.Lock()
	}
}

// startIdleClock looks at the idle time twice a minute (not in tests,
// which call checkIdle with their own clock).
func (u *UI) startIdleClock() {
	if u.jobs.Queued() || u.svc.Profiles == nil || u.lock.stopTicker != nil {
		return
	}
	t := time.NewTicker(20 * time.Second)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				u.post(u.checkIdle)
			case <-done:
				return
			}
		}
	}()
	u.lock.stopTicker = func() { t.Stop(); close(done) }
}

// lockAfterSetting reads the lock time from its setting.
func lockAfterSetting(v string) time.Duration {
	if v == "" {
		return DefaultLockAfter
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return DefaultLockAfter
	}
	return time.Duration(n) * time.Minute
}

// signInScreen asks who is working, and their PIN or passphrase.
type signInScreen struct {
	u        *UI
	profiles []alliance.Profile
	chosen   int
	people   *fyne.Container
	name     *widget.Label
	secret   *widget.Entry
	signIn   *widget.Button
	message  *widget.Label
	root     fyne.CanvasObject
}

func newSignInScreen(u *UI, profiles []alliance.Profile) *signInScreen {
	s := &signInScreen{u: u, chosen: -1}
	for _, p := range profiles {
		if !p.Disabled {
			s.profiles = append(s.profiles, p)
		}
	}
	s.people = kit.Flow()
	s.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.secret = widget.NewPasswordEntry()
	s.secret.OnSubmitted = func(string) { s.submit() }
	s.signIn = widget.NewButtonWithIcon(i18n.T("signin.button"), theme.LoginIcon(), s.submit)
	s.signIn.Importance = widget.HighImportance
	s.message = kit.Wrapped("")
	s.message.Importance = widget.DangerImportance
	s.message.Hide()
	form := container.NewVBox(
		kit.Heading(i18n.T("app.name")),
		kit.Wrapped(i18n.T("signin.who")),
		s.people,
		widget.NewSeparator(),
		s.name, s.secret, container.NewHBox(s.signIn), s.message,
		container.NewHBox(s.forgot()),
		widget.NewSeparator(), languageSelect(u),
	)
	s.root = container.NewVScroll(container.NewPadded(kit.CentredWidth(420, form)))
	chosen := 0
	for i, p := range s.profiles {
		if p.ID == u.lock.last {
			chosen = i
		}
	}
	s.choose(chosen)
	return s
}

func (s *signInScreen) object() fyne.CanvasObject { return s.root }

// choose makes the i-th person the one signing in.
func (s *signInScreen) choose(i int) {
	s.chosen = i
	s.people.RemoveAll()
	for j, p := range s.profiles {
		b := widget.NewButtonWithIcon(p.Name, theme.AccountIcon(), func() { s.choose(j) })
		if j == i {
			b.Importance = widget.HighImportance
		}
		s.people.Add(b)
	}
	if i < 0 || i >= len(s.profiles) {
		return
	}
	p := s.profiles[i]
	prompt := "signin.pin"
	if p.Kind == alliance.SecretPassphrase {
		prompt = "signin.passphrase"
	}
	s.name.SetText(i18n.Tf(prompt, i18n.Args{"Name": p.Name}))
	s.secret.SetText("")
	s.message.Hide()
	s.u.win.Canvas().Focus(s.secret)
	if s.root != nil {
		s.root.Refresh()
	}
}

// submit checks the secret off the UI goroutine.
func (s *signInScreen) submit() {
	if s.chosen < 0 || s.chosen >= len(s.profiles) || s.secret.Text == "" {
		return
	}
	id, secret := s.profiles[s.chosen].ID, s.secret.Text
	s.signIn.Disable()
	var p *alliance.Profile
	s.u.background(func(ctx context.Context) (err error) {
		p, err = s.u.svc.Profiles.SignIn(ctx, id, secret)
		return err
	}, func(err error) {
		s.signIn.Enable()
		s.secret.SetText("")
		if err != nil {
			s.message.SetText(i18n.Error(err))
			s.message.Show()
			s.root.Refresh()
			s.u.win.Canvas().Focus(s.secret)
			return
		}
		s.u.unlock(p)
	})
}

// firstProfileScreen makes the laptop's first profile, its coordinator's.
type firstProfileScreen struct {
	u       *UI
	name    *widget.Entry
	secret  *kit.SecretFields
	create  *widget.Button
	message *widget.Label
	root    fyne.CanvasObject
}

func newFirstProfileScreen(u *UI) *firstProfileScreen {
	s := &firstProfileScreen{u: u}
	s.name = widget.NewEntry()
	s.name.SetText(u.staffName)
	s.secret = kit.NewSecretFields(alliance.SecretPIN)
	s.secret.Repeat.OnSubmitted = func(string) { s.submit() }
	s.create = widget.NewButtonWithIcon(i18n.T("signin.create"), theme.ConfirmIcon(), s.submit)
	s.create.Importance = widget.HighImportance
	s.message = kit.Wrapped("")
	s.message.Importance = widget.DangerImportance
	s.message.Hide()
	label := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	form := container.NewVBox(kit.Heading(i18n.T("signin.welcome")), kit.Wrapped(i18n.T("signin.welcome_text")), label("profile.name"), s.name)
	s.secret.Add(form, label)
	for _, o := range []fyne.CanvasObject{container.NewHBox(s.create), s.message, widget.NewSeparator(), languageSelect(u)} {
		form.Add(o)
	}
	s.root = container.NewVScroll(container.NewPadded(kit.CentredWidth(480, form)))
	return s
}

func (s *firstProfileScreen) object() fyne.CanvasObject { return s.root }

func (s *firstProfileScreen) submit() {
	kind, secret, mismatch := s.secret.Value()
	if mismatch != "" {
		s.say(mismatch)
		return
	}
	p := &alliance.Profile{Name: s.name.Text, Role: alliance.RoleCoordinator, Kind: kind}
	s.create.Disable()
	var signed *alliance.Profile
	s.u.background(func(ctx context.Context) (err error) {
		if err = s.u.svc.Profiles.CreateProfile(ctx, p, secret); err != nil {
			return err
		}
		signed, err = s.u.svc.Profiles.SignIn(ctx, p.ID, secret)
		return err
	}, func(err error) {
		s.create.Enable()
		if err != nil {
			s.say(kit.FormError(err))
			return
		}
		s.u.unlock(signed)
	})
}

func (s *firstProfileScreen) say(text string) {
	s.message.SetText(text)
	s.message.Show()
	s.root.Refresh()
}

// languageSelect switches the app's language from the sign-in screens.
func languageSelect(u *UI) fyne.CanvasObject {
	var names []string
	for _, l := range i18n.Languages {
		names = append(names, i18n.T("lang."+l))
	}
	sel := widget.NewSelect(names, nil)
	for i, l := range i18n.Languages {
		if l == i18n.Language() {
			sel.SetSelectedIndex(i)
		}
	}
	sel.OnChanged = func(string) {
		code := i18n.Languages[sel.SelectedIndex()]
		u.post(func() { u.SetLanguage(code) }) // not while the select is still being drawn
	}
	return container.NewBorder(nil, nil, widget.NewIcon(theme.SettingsIcon()), nil, sel)
}
