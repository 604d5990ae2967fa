// Package contests is the Contests area: the secretariat's contests and,
// for the one open, its form, the gallery of entries (members add theirs),
// the jury's judging and the results.
package contests

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

// Screen lists the contests; the selected one opens beside the list
// in tabs: the contest, its entries (the gallery), the jury's judging and
// the results. Contests come from the secretariat; members add entries.
type Screen struct {
	u    env.Env
	pane *kit.ListPane[alliance.Contest]
	view *contestView
}

// New returns the screen; Reload fills its list.
func New(u env.Env) *Screen {
	s := &Screen{u: u}
	var top fyne.CanvasObject = layout.NewSpacer()
	if u.Secretariat() {
		newBtn := widget.NewButtonWithIcon(i18n.T("contests.new"), theme.ContentAddIcon(), s.newContest)
		newBtn.Importance = widget.HighImportance
		top = container.NewHBox(newBtn)
	}
	s.pane = kit.NewListPane(top, 0.26, i18n.T("contests.hint"),
		func(c *alliance.Contest) string { return c.ID },
		func(c *alliance.Contest) (string, string) {
			return c.Title, c.Opens.DMY() + "–" + c.Closes.DMY() + " · " + contestStatus(c)
		})
	s.pane.Current = func() string {
		if s.view == nil || s.view.contest == nil {
			return ""
		}
		return s.view.contest.ID
	}
	s.pane.ConfirmLeave = s.ConfirmLeave
	s.pane.Open = func(id string) { s.open(id, 0) }
	return s
}

// Dirty tells whether the open contest or entry holds changes not saved.
func (s *Screen) Dirty() bool { return s.view != nil && s.view.dirty() }

// BeforeLock runs before the laptop locks: the marks being given are saved
// as the judge who gave them.
func (s *Screen) BeforeLock() {
	if s.view != nil && s.view.judging != nil {
		s.view.judging.leave()
	}
}

// AfterUnlock runs when someone signs in: the judging shows the marks of
// the one signed in now.
func (s *Screen) AfterUnlock() {
	if s.view != nil && s.view.judging != nil {
		s.view.judging.reload()
	}
}

// FilesChanged shows a change of the file queue: the open entry's files,
// and, when files arrived, the pictures that were missing.
func (s *Screen) FilesChanged(arrived bool) {
	if s.view == nil {
		return
	}
	v := s.view
	if arrived {
		v.gallery.thumbs.ForgetMissing()
		v.gallery.grid.Refresh()
		if v.judging != nil {
			v.judging.previews.ForgetMissing()
			v.judging.refreshPicture()
		}
	}
	if v.gallery.entry != nil {
		v.gallery.entry.renderFiles()
	}
}

// Object is the screen.
func (s *Screen) Object() fyne.CanvasObject { return s.pane.Root }

// contestStatus says where a contest stands today.
func contestStatus(c *alliance.Contest) string {
	today := alliance.Today()
	switch {
	case c.Published:
		return i18n.T("contests.status.published")
	case today.Before(c.Opens):
		return i18n.T("contests.status.upcoming")
	case !today.After(c.Closes):
		return i18n.T("contests.status.open")
	}
	return i18n.T("contests.status.judging")
}

// Reload reads the contests again.
func (s *Screen) Reload() {
	var cs []alliance.Contest
	s.u.Background(func(ctx context.Context) (err error) {
		cs, err = s.u.Services().Contests.FindContests(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.u.ShowError(err)
			return
		}
		s.pane.Set(cs, func() fyne.CanvasObject {
			if !s.u.Secretariat() {
				return kit.EmptyState(i18n.T("contests.empty.title"), i18n.T("contests.empty.member"), nil)
			}
			btn := widget.NewButtonWithIcon(i18n.T("contests.new"), theme.ContentAddIcon(), s.newContest)
			btn.Importance = widget.HighImportance
			return kit.EmptyState(i18n.T("contests.empty.title"), i18n.T("contests.empty.secretariat"), btn)
		})
	})
}

// ConfirmLeave asks before a form with unsaved changes is left.
func (s *Screen) ConfirmLeave(then func(ok bool)) {
	if s.view != nil && s.view.judging != nil {
		s.view.judging.flush() // a judge's marks are kept, not asked about
	}
	if s.view == nil || !s.view.dirty() {
		then(true)
		return
	}
	kit.Confirm(s.u.Window(), i18n.T("confirm.discard.title"), i18n.T("confirm.discard.body"),
		i18n.T("confirm.discard.discard"), i18n.T("confirm.discard.keep"), then)
}

func (s *Screen) newContest() {
	s.ConfirmLeave(func(ok bool) {
		if ok {
			s.show(nil, 0)
		}
	})
}

// open reads a contest and shows it on tab.
func (s *Screen) open(id string, tab int) {
	env.Fetch(s.u, func(ctx context.Context) (*alliance.Contest, error) {
		return s.u.Services().Contests.FindContestByID(ctx, id)
	},
		func(c *alliance.Contest) { s.show(c, tab) }, s.Reload)
}

// show puts a contest (nil: a new one) in the detail pane.
func (s *Screen) show(c *alliance.Contest, tab int) {
	s.view = newContestView(s, c)
	if c != nil {
		if tab == 0 && !s.u.Secretariat() {
			tab = 1 // members come for the entries
		}
		s.view.tabs.SelectIndex(tab)
	}
	s.pane.Show(s.view.object())
}

// contestView is one contest in its tabs.
type contestView struct {
	s       *Screen
	contest *alliance.Contest // nil until saved
	form    *contestForm
	gallery *gallery
	judging *judgingTab
	results *resultsTab
	tabs    *container.AppTabs
}

func newContestView(s *Screen, c *alliance.Contest) *contestView {
	v := &contestView{s: s, contest: c}
	v.form = newContestForm(v)
	v.gallery = newGallery(v)
	v.results = newResultsTab(v)
	items := []*container.TabItem{
		container.NewTabItemWithIcon(i18n.T("contests.tab.contest"), theme.InfoIcon(), v.form.object()),
		container.NewTabItemWithIcon(i18n.T("contests.tab.entries"), theme.GridIcon(), v.gallery.object()),
	}
	if s.u.Secretariat() {
		v.judging = newJudgingTab(v)
		items = append(items, container.NewTabItemWithIcon(i18n.T("contests.tab.judging"), theme.ConfirmIcon(), v.judging.object()))
	}
	items = append(items, container.NewTabItemWithIcon(i18n.T("contests.tab.results"), theme.StorageIcon(), v.results.object()))
	v.tabs = container.NewAppTabs(items...)
	v.tabs.OnSelected = func(*container.TabItem) {
		if v.judging != nil {
			v.judging.flush()
		}
		v.load()
	}
	if c == nil {
		for _, item := range v.tabs.Items[1:] {
			v.tabs.DisableItem(item)
		}
	}
	return v
}

func (v *contestView) object() fyne.CanvasObject { return v.tabs }

// dirty reports whether a form in the view has unsaved changes.
func (v *contestView) dirty() bool {
	return v.form.dirty() || (v.gallery.entry != nil && v.gallery.entry.dirty())
}

// load reads what the selected tab shows.
func (v *contestView) load() {
	if v.contest == nil {
		return
	}
	switch v.tabs.Selected().Content {
	case v.gallery.object():
		v.gallery.reload()
	case v.results.object():
		v.results.reload()
	}
	if v.judging != nil && v.tabs.Selected().Content == v.judging.object() {
		v.judging.reload()
	}
}

// saved runs after the contest was stored.
func (v *contestView) saved(c *alliance.Contest) {
	first := v.contest == nil
	v.contest = c
	for _, item := range v.tabs.Items[1:] {
		v.tabs.EnableItem(item)
	}
	v.gallery.setFilterOptions() // the categories and age groups may have changed
	v.s.Reload()
	if first {
		v.tabs.SelectIndex(1)
	}
}
