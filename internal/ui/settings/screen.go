// Package settings is the Settings area: the language, the laptop's name
// and organisation, the connection, the people who sign in, backups and
// restore, and updates.
package settings

import (
	"context"
	"path/filepath"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/backup"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/connect"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Screen holds the laptop's preferences: language (applied at
// once), the staff member's name and organisation, and where the data is.
type Screen struct {
	u        Shell
	language *widget.Select
	name     *widget.Entry
	org      *widget.Select
	message  *widget.Label
	root     fyne.CanvasObject

	backupBtn      *widget.Button
	restoreBtn     *widget.Button
	backupProgress *widget.ProgressBar
	backupMessage  *widget.Label
	updates        *updatesSection // nil without updates
	people         *peopleSection  // nil without profiles
}

// Shell is what Settings asks of the app around it, beyond what every
// screen is given.
type Shell interface {
	env.Env
	// SetLanguage switches the app to code and makes every screen anew.
	SetLanguage(code string)
	// Lock signs the person out and shows the sign-in.
	Lock()
	// LockAfter is how long the app may go unused before it locks (0:
	// never); SetLockAfter changes it to minutes.
	LockAfter() time.Duration
	SetLockAfter(minutes int)
	// Unsaved tells whether a form somewhere holds changes not saved.
	Unsaved() bool
	// SetLaptop tells the app the staff name and organisation saved.
	SetLaptop(staffName, orgID string)
	// Quit closes the app; program ("" none) is started after it (an
	// update put in place).
	Quit(program string)
}

// New returns the screen.
func New(u Shell) *Screen {
	s := &Screen{u: u}
	var langs []string
	for _, l := range i18n.Languages {
		langs = append(langs, i18n.T("lang."+l))
	}
	s.language = widget.NewSelect(langs, nil)
	s.language.SetSelectedIndex(slices.Index(i18n.Languages, i18n.Language()))
	s.language.OnChanged = func(string) {
		u.SetLanguage(i18n.Languages[s.language.SelectedIndex()])
	}

	s.name = widget.NewEntry()
	s.name.SetText(u.StaffName())
	s.name.OnSubmitted = func(string) { s.save() }

	orgIDs := []string{""}
	orgLabels := []string{i18n.T("form.no_org")}
	for _, o := range u.Organisations() {
		orgIDs = append(orgIDs, o.ID)
		orgLabels = append(orgLabels, o.Name)
	}
	s.org = widget.NewSelect(orgLabels, nil)
	kit.SelectIndex(s.org, slices.Index(orgIDs, u.OrgID()))
	if len(u.Organisations()) == 0 {
		s.org.Disable()
	}

	s.message = widget.NewLabel("")
	s.message.Importance = widget.SuccessImportance
	save := widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), func() {
		orgID := ""
		if i := s.org.SelectedIndex(); i > 0 {
			orgID = orgIDs[i]
		}
		s.saveWith(orgID)
	})
	save.Importance = widget.HighImportance

	label := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	caption := func(text string) *widget.Label {
		l := kit.Wrapped(text)
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	orgHint := i18n.T("settings.organisation.hint")
	if len(u.Organisations()) == 0 {
		orgHint = i18n.T("settings.organisation.none")
	}
	folder := widget.NewLabel(u.Info().DataDir)
	folder.Wrapping = fyne.TextWrapBreak
	folder.Selectable = true
	device := widget.NewLabel(u.Info().DeviceID)
	device.Selectable = true

	var connection fyne.CanvasObject
	if u.Services().Sync != nil && u.Services().Sync.Status().State != alliance.SyncNotEnrolled {
		st := u.Services().Sync.Status()
		connection = container.NewVBox(label("settings.connection"),
			kit.Wrapped(i18n.Tf("sync.org", i18n.Args{"Org": st.OrgName})),
			kit.Wrapped(i18n.Tf("sync.server_label", i18n.Args{"Server": st.Server})))
	} else {
		connection = connect.NewForm(u).Object()
	}

	form := container.NewVBox(
		kit.Heading(i18n.T("nav.settings")),
		label("settings.language"), s.language,
		widget.NewSeparator(),
	)
	if u.Services().Profiles != nil {
		s.people = newPeopleSection(u)
		s.people.resized = func() {
			if s.root != nil {
				s.root.Refresh()
			}
		}
		form.Add(label("settings.people"))
		form.Add(s.people.object())
		form.Add(widget.NewSeparator())
	}
	if u.Services().Profiles == nil {
		// With people on the laptop, what they record is recorded by them:
		// there is no one name for the laptop.
		form.Add(label("settings.staff_name"))
		form.Add(s.name)
		form.Add(caption(i18n.T("settings.staff_name.hint")))
	}
	for _, o := range []fyne.CanvasObject{
		label("settings.organisation"), s.org, caption(orgHint),
		container.NewHBox(save), s.message,
		widget.NewSeparator(),
		connection,
		widget.NewSeparator(),
		label("settings.data_folder"), folder,
		label("settings.device"), device,
		label("settings.version"), widget.NewLabel(u.Info().Version),
	} {
		form.Add(o)
	}
	if u.Services().Backups != nil {
		s.backupBtn = widget.NewButtonWithIcon(i18n.T("settings.backup.button"), theme.DownloadIcon(), s.chooseBackupFolder)
		s.backupProgress = widget.NewProgressBar()
		s.backupProgress.Hide()
		s.backupMessage = kit.Wrapped("")
		s.backupMessage.Wrapping = fyne.TextWrapBreak // a folder's path has no spaces to break at
		s.backupMessage.Hide()
		form.Add(widget.NewSeparator())
		form.Add(label("settings.backup"))
		form.Add(caption(i18n.T("settings.backup.hint")))
		buttons := kit.Flow(s.backupBtn)
		s.restoreBtn = widget.NewButtonWithIcon(i18n.T("settings.restore.button"), theme.UploadIcon(), s.chooseRestoreFolder)
		buttons.Add(s.restoreBtn)
		form.Add(buttons)
		form.Add(s.backupProgress)
		form.Add(s.backupMessage)
	}
	if u.Services().Updates != nil {
		s.updates = newUpdatesSection(u)
		form.Add(widget.NewSeparator())
		form.Add(label("settings.updates"))
		form.Add(s.updates.object())
	}
	s.root = container.NewVScroll(container.NewPadded(kit.MaxWidth(560, form)))
	return s
}

// Object is the screen.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// UpdateChanged shows a new update status.
func (s *Screen) UpdateChanged(st alliance.UpdateStatus) {
	if s.updates != nil {
		s.updates.show(st)
	}
}

// chooseBackupFolder asks where the backup goes (a USB stick) and starts it
// in a new folder there, named for the day.
func (s *Screen) chooseBackupFolder() {
	env.ChooseFolder(s.u, "settings.backup.folder_title", func(dir string) {
		s.startBackup(filepath.Join(dir, "Alliance-"+time.Now().Format("2006-01-02-1504")))
	})
}

// chooseRestoreFolder asks for the backup to restore on this new
// installation.
func (s *Screen) chooseRestoreFolder() {
	env.ChooseFolder(s.u, "settings.restore.folder_title", s.prepareRestore)
}

// prepareRestore checks the backup in folder off the UI goroutine; when it
// can be restored here, the user confirms and the app starts again, which
// restores it.
func (s *Screen) prepareRestore(folder string) {
	s.backupMessage.Hide()
	var m *backup.Manifest
	s.u.Background(func(ctx context.Context) (err error) {
		m, err = s.u.Services().Backups.PrepareRestore(ctx, folder)
		return err
	}, func(err error) {
		if err != nil {
			s.backupMessage.Importance = widget.DangerImportance
			s.backupMessage.SetText(i18n.Error(err))
			s.backupMessage.Show()
			return
		}
		msg := i18n.Tf("settings.restore.confirm", i18n.Args{"Date": i18n.DateTime(m.Created), "Files": i18n.N("files.count", m.Files, nil)})
		kit.Confirm(s.u.Window(), i18n.T("settings.restore.title"), msg, i18n.T("settings.restore.restart"), i18n.T("form.cancel"), func(ok bool) {
			if ok {
				s.u.Quit("") // the app starts again and restores the backup
			} else if err := s.u.Services().Backups.CancelRestore(); err != nil {
				s.u.ShowError(err)
			}
		})
	})
}

// startBackup writes the backup to the new folder out off the UI
// goroutine, with its progress on screen; the button waits meanwhile.
func (s *Screen) startBackup(out string) {
	s.backupBtn.Disable()
	s.backupProgress.SetValue(0)
	s.backupProgress.Show()
	s.backupMessage.Hide()
	var m *backup.Manifest
	s.u.Background(func(ctx context.Context) (err error) {
		m, err = s.u.Services().Backups.Backup(ctx, out, func(done, total int64) {
			if total > 0 {
				v := float64(done) / float64(total)
				s.u.Post(func() { s.backupProgress.SetValue(v) })
			}
		})
		return err
	}, func(err error) {
		s.backupBtn.Enable()
		s.backupProgress.Hide()
		s.backupMessage.Importance = widget.SuccessImportance
		if err != nil {
			s.backupMessage.Importance = widget.DangerImportance
			s.backupMessage.SetText(i18n.Error(err))
		} else {
			s.backupMessage.SetText(i18n.Tf("settings.backup.done", i18n.Args{"Folder": out, "Files": i18n.N("files.count", m.Files, nil)}))
		}
		s.backupMessage.Show()
	})
}

func (s *Screen) save() { s.saveWith(s.u.OrgID()) }

func (s *Screen) saveWith(orgID string) {
	name, people := s.name.Text, s.u.Services().Profiles != nil
	s.u.Background(func(ctx context.Context) error {
		if !people { // with people, the name is the one signed in
			if err := s.u.Services().Settings.SetSetting(ctx, alliance.SettingStaffName, name); err != nil {
				return err
			}
		}
		return s.u.Services().Settings.SetSetting(ctx, alliance.SettingOrgID, orgID)
	}, func(err error) {
		if err != nil {
			s.message.Importance = widget.DangerImportance
			s.message.SetText(i18n.Error(err))
			return
		}
		if people {
			name = s.u.StaffName() // unchanged
		}
		s.u.SetLaptop(name, orgID)
		s.message.Importance = widget.SuccessImportance
		s.message.SetText(i18n.T("settings.saved"))
	})
}
