package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// contestsScreen lists the contests; the selected one opens beside the list
// in tabs: the contest, its entries (the gallery), the jury's judging and
// the results. Contests come from the secretariat; members add entries.
type contestsScreen struct {
	u    *UI
	pane *kit.ListPane[alliance.Contest]
	view *contestView
}

func newContestsScreen(u *UI) *contestsScreen {
	s := &contestsScreen{u: u}
	var top fyne.CanvasObject = layout.NewSpacer()
	if u.secretariat() {
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
	s.pane.ConfirmLeave = s.confirmLeave
	s.pane.Open = func(id string) { s.open(id, 0) }
	return s
}

func (s *contestsScreen) object() fyne.CanvasObject { return s.pane.Root }

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

// reload reads the contests again.
func (s *contestsScreen) reload() {
	var cs []alliance.Contest
	s.u.background(func(ctx context.Context) (err error) {
		cs, err = s.u.svc.Contests.FindContests(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError(err)
			return
		}
		s.pane.Set(cs, func() fyne.CanvasObject {
			if !s.u.secretariat() {
				return kit.EmptyState(i18n.T("contests.empty.title"), i18n.T("contests.empty.member"), nil)
			}
			btn := widget.NewButtonWithIcon(i18n.T("contests.new"), theme.ContentAddIcon(), s.newContest)
			btn.Importance = widget.HighImportance
			return kit.EmptyState(i18n.T("contests.empty.title"), i18n.T("contests.empty.secretariat"), btn)
		})
	})
}

// confirmLeave asks before a form with unsaved changes is left.
func (s *contestsScreen) confirmLeave(then func(ok bool)) {
	if s.view != nil && s.view.judging != nil {
		s.view.judging.flush() // a judge's marks are kept, not asked about
	}
	if s.view == nil || !s.view.dirty() {
		then(true)
		return
	}
	kit.Confirm(s.u.win, i18n.T("confirm.discard.title"), i18n.T("confirm.discard.body"),
		i18n.T("confirm.discard.discard"), i18n.T("confirm.discard.keep"), then)
}

func (s *contestsScreen) newContest() {
	s.confirmLeave(func(ok bool) {
		if ok {
			s.show(nil, 0)
		}
	})
}

// open reads a contest and shows it on tab.
func (s *contestsScreen) open(id string, tab int) {
	fetch(s.u, func(ctx context.Context) (*alliance.Contest, error) { return s.u.svc.Contests.FindContestByID(ctx, id) },
		func(c *alliance.Contest) { s.show(c, tab) }, s.reload)
}

// show puts a contest (nil: a new one) in the detail pane.
func (s *contestsScreen) show(c *alliance.Contest, tab int) {
	s.view = newContestView(s, c)
	if c != nil {
		if tab == 0 && !s.u.secretariat() {
			tab = 1 // members come for the entries
		}
		s.view.tabs.SelectIndex(tab)
	}
	s.pane.Show(s.view.object())
}

// contestView is one contest in its tabs.
type contestView struct {
	s       *contestsScreen
	contest *alliance.Contest // nil until saved
	form    *contestForm
	gallery *gallery
	judging *judgingTab
	results *resultsTab
	tabs    *container.AppTabs
}

func newContestView(s *contestsScreen, c *alliance.Contest) *contestView {
	v := &contestView{s: s, contest: c}
	v.form = newContestForm(v)
	v.gallery = newGallery(v)
	v.results = newResultsTab(v)
	items := []*container.TabItem{
		container.NewTabItemWithIcon(i18n.T("contests.tab.contest"), theme.InfoIcon(), v.form.object()),
		container.NewTabItemWithIcon(i18n.T("contests.tab.entries"), theme.GridIcon(), v.gallery.object()),
	}
	if s.u.secretariat() {
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
	v.s.reload()
	if first {
		v.tabs.SelectIndex(1)
	}
}
