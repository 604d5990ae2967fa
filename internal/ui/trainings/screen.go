// Package trainings is the Trainings area: the list of trainings and, for
// the one open, its details, roster, attendance grid and certificates.
package trainings

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Screen lists the trainings; the selected one opens beside the
// list in four tabs: the training, its participants, the attendance grid
// and the certificates.
type Screen struct {
	u    env.Env
	pane *kit.ListPane[alliance.Training]
	view *trainingView
}

// New returns the screen; Reload fills its list.
func New(u env.Env) *Screen {
	s := &Screen{u: u}
	newBtn := widget.NewButtonWithIcon(i18n.T("trainings.new"), theme.ContentAddIcon(), s.newTraining)
	newBtn.Importance = widget.HighImportance
	s.pane = kit.NewListPane(container.NewHBox(newBtn), 0.32, i18n.T("trainings.hint"),
		func(t *alliance.Training) string { return t.ID },
		func(t *alliance.Training) (string, string) { return t.Title, trainingSubtitle(u, t) })
	s.pane.Current = func() string {
		if s.view == nil || s.view.training == nil {
			return ""
		}
		return s.view.training.ID
	}
	s.pane.ConfirmLeave = s.ConfirmLeave
	s.pane.Open = s.open
	return s
}

// Dirty tells whether the open training's form holds changes not saved.
func (s *Screen) Dirty() bool { return s.view != nil && s.view.form.dirty() }

// Object is the screen.
func (s *Screen) Object() fyne.CanvasObject { return s.pane.Root }

// trainingSubtitle is a list row's second line: dates, place, hours.
func trainingSubtitle(u env.Env, t *alliance.Training) string {
	from, to := t.Period()
	when := from.DMY()
	if to != from {
		when += "–" + to.DMY()
	}
	place := kit.RegionName(u.Regions(), t.RegionID)
	if t.Settlement != "" {
		place = t.Settlement
	}
	return strings.Join([]string{when, place, i18n.Tf("trainings.total_hours", i18n.Args{"Hours": i18n.Hours(t.TotalHours())})}, " · ")
}

// Reload reads the trainings again.
func (s *Screen) Reload() {
	var ts []alliance.Training
	s.u.Background(func(ctx context.Context) (err error) {
		ts, err = s.u.Services().Trainings.FindTrainings(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.u.ShowError(err)
			return
		}
		s.pane.Set(ts, func() fyne.CanvasObject {
			btn := widget.NewButtonWithIcon(i18n.T("trainings.new"), theme.ContentAddIcon(), s.newTraining)
			btn.Importance = widget.HighImportance
			return kit.EmptyState(i18n.T("trainings.empty.title"), i18n.T("trainings.empty.body"), btn)
		})
	})
}

// ConfirmLeave asks before a training form with unsaved changes is left.
func (s *Screen) ConfirmLeave(then func(ok bool)) {
	if s.view == nil || !s.view.form.dirty() {
		then(true)
		return
	}
	kit.Confirm(s.u.Window(), i18n.T("confirm.discard.title"), i18n.T("confirm.discard.body"),
		i18n.T("confirm.discard.discard"), i18n.T("confirm.discard.keep"), then)
}

func (s *Screen) newTraining() {
	s.ConfirmLeave(func(ok bool) {
		if ok {
			s.show(nil)
		}
	})
}

// open reads a training and shows it.
func (s *Screen) open(id string) {
	env.Fetch(s.u, func(ctx context.Context) (*alliance.Training, error) {
		return s.u.Services().Trainings.FindTrainingByID(ctx, id)
	},
		s.show, s.Reload)
}

// show puts a training (nil: a new one) in the detail pane.
func (s *Screen) show(t *alliance.Training) {
	s.view = newTrainingView(s, t)
	s.pane.Show(s.view.object())
}

// closeView drops the detail pane (after a delete).
func (s *Screen) closeView() {
	s.view = nil
	s.pane.ShowHint()
	s.pane.SelectCurrent()
}

// trainingView is one training in its tabs.
type trainingView struct {
	s            *Screen
	training     *alliance.Training // nil until saved
	form         *trainingForm
	tabs         *container.AppTabs
	roster       *rosterTab
	attendance   *attendanceTab
	certificates *certificatesTab
	participants []alliance.Participant
	certs        []alliance.Certificate
}

func newTrainingView(s *Screen, t *alliance.Training) *trainingView {
	v := &trainingView{s: s, training: t}
	v.form = newTrainingForm(v)
	v.roster = newRosterTab(v)
	v.attendance = newAttendanceTab(v)
	v.certificates = newCertificatesTab(v)
	v.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("trainings.tab.details"), theme.DocumentIcon(), v.form.object()),
		container.NewTabItemWithIcon(i18n.T("trainings.tab.participants"), theme.AccountIcon(), v.roster.object()),
		container.NewTabItemWithIcon(i18n.T("trainings.tab.attendance"), theme.CheckButtonCheckedIcon(), v.attendance.object()),
		container.NewTabItemWithIcon(i18n.T("trainings.tab.certificates"), theme.DocumentPrintIcon(), v.certificates.object()),
	)
	if t == nil {
		for _, item := range v.tabs.Items[1:] {
			v.tabs.DisableItem(item)
		}
	} else {
		v.reload()
	}
	return v
}

func (v *trainingView) object() fyne.CanvasObject { return v.tabs }

// reload reads the roster and the certificates and redraws the tabs.
func (v *trainingView) reload() {
	if v.training == nil {
		return
	}
	id := v.training.ID
	var ps []alliance.Participant
	var cs []alliance.Certificate
	u := v.s.u
	u.Background(func(ctx context.Context) (err error) {
		if ps, err = u.Services().Trainings.FindParticipants(ctx, id); err != nil {
			return err
		}
		cs, err = u.Services().Certificates.FindCertificates(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		v.participants, v.certs = ps, cs
		v.roster.render()
		v.attendance.render()
		v.certificates.render()
	})
}

// saved runs after the training was stored.
func (v *trainingView) saved(t *alliance.Training) {
	first := v.training == nil
	v.training = t
	for _, item := range v.tabs.Items[1:] {
		v.tabs.EnableItem(item)
	}
	v.s.Reload()
	if first {
		v.tabs.SelectIndex(1) // next: the participants
	}
	v.reload()
}
