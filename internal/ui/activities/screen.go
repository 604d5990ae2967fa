// Package activities is the Activities area: the activity log, with
// search and filters over years of records, and the form of one activity
// with its files, resources used and links to campaigns and articles.
package activities

import (
	"context"
	"strings"
	"time"

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

// pageSize is how many rows one list query reads; maxPages bounds the
// pages kept in memory, so the list stays light with 100,000 activities.
const (
	pageSize     = 100
	maxPages     = 20
	searchDelay  = 250 * time.Millisecond
	undoDuration = 12 * time.Second
)

// Screen is the activity log: search and filters on top, a
// virtualized list that reads pages on demand, and the selected activity's
// form beside it.
type Screen struct {
	u env.Env

	filter  alliance.ActivityFilter
	gen     int // bumped on every new filter; stale pages are dropped
	count   int
	suggest string // what a search that found nothing probably meant

	suggestBtn *widget.Button // searches for suggest; nil when none is offered
	pages      map[int][]alliance.ActivitySummary
	loading    map[int]bool
	used       []int // pages, most recently used last

	search     *widget.Entry
	from, to   *kit.DateEntry
	region     *widget.Select
	kind       *widget.Select
	area       *widget.Select
	order      *widget.Select
	countLabel *widget.Label
	list       *widget.List
	listArea   *fyne.Container
	left       *fyne.Container // search and filters on top of the list
	undoBar    *fyne.Container
	detail     *fyne.Container
	form       *activityForm
	selected   string // id of the activity in the form
	selecting  bool   // true while the list selection is set by code
	stopSearch func()
	root       fyne.CanvasObject
}

// New returns the screen; Reload fills its list.
func New(u env.Env) *Screen {
	s := &Screen{u: u, pages: map[int][]alliance.ActivitySummary{}, loading: map[int]bool{}}

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(i18n.T("activities.search"))
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = func(string) {
		if s.stopSearch != nil {
			s.stopSearch()
		}
		s.stopSearch = u.After(searchDelay, s.applyFilters)
	}
	s.search.OnSubmitted = func(string) { s.applyFilters() }

	s.from = kit.NewDateEntry(i18n.T("filter.from"))
	s.to = kit.NewDateEntry(i18n.T("filter.to"))
	for _, d := range []*kit.DateEntry{s.from, s.to} {
		d.Entry.Validator = func(text string) error {
			if text == "" {
				return nil
			}
			_, err := alliance.ParseDMY(text)
			return err
		}
		d.OnChanged = func() {
			if _, ok := d.Date(); ok {
				s.applyFilters()
			}
		}
	}
	s.region = widget.NewSelect(append([]string{i18n.T("filter.all_regions")}, kit.RegionLabels(u.Regions())...), func(string) { s.applyFilters() })
	s.kind = widget.NewSelect(append([]string{i18n.T("filter.all_kinds")}, kit.KindLabels()...), func(string) { s.applyFilters() })
	s.area = widget.NewSelect(append([]string{i18n.T("filter.all_areas")}, kit.AreaLabels()...), func(string) { s.applyFilters() })
	s.order = widget.NewSelect(kit.SortLabels(), func(string) { s.applyFilters() })
	for _, sel := range []*widget.Select{s.region, s.kind, s.area, s.order} {
		sel.OnChanged, sel.Selected = nil, sel.Options[0]
		sel.OnChanged = func(string) { s.applyFilters() }
	}
	clear := widget.NewButtonWithIcon(i18n.T("filter.clear"), theme.ContentClearIcon(), s.clearFilters)
	clear.Importance = widget.LowImportance

	newBtn := widget.NewButtonWithIcon(i18n.T("activities.new"), theme.ContentAddIcon(), s.NewActivity)
	newBtn.Importance = widget.HighImportance

	s.countLabel = widget.NewLabel("")
	s.countLabel.TextStyle.Italic = true
	s.list = s.newList()
	s.listArea = container.NewStack(s.list)
	s.undoBar = container.NewStack()
	s.detail = container.NewStack(s.hint())

	filters := kit.Columns(3, s.from.Object(), s.to.Object(), s.order, s.region, s.kind, s.area)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, newBtn, s.search),
		filters,
		container.NewBorder(nil, nil, nil, clear, s.countLabel),
		s.undoBar,
	)
	s.left = container.NewBorder(top, nil, nil, nil, s.listArea)
	split := container.NewHSplit(s.left, s.detail)
	split.Offset = 0.45
	s.root = split
	return s
}

// Dirty tells whether the open form holds changes not saved.
func (s *Screen) Dirty() bool { return s.form != nil && s.form.dirty() }

// FocusSearch puts the keyboard in the search field.
func (s *Screen) FocusSearch() { s.u.Window().Canvas().Focus(s.search) }

// Shown is the number of activities the list counts and how many rows its
// first page holds (for the start-up benchmarks).
func (s *Screen) Shown() (count, firstPage int) {
	if len(s.pages) == 0 {
		return s.count, 0
	}
	return s.count, len(s.pages[0])
}

// Object is the screen.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

func (s *Screen) newList() *widget.List {
	l := widget.NewList(
		func() int { return s.count },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			sub.SizeName = theme.SizeNameCaptionText
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), title, sub)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			title, sub := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
			r, ok := s.row(i)
			if !ok {
				title.SetText(i18n.T("activities.loading"))
				sub.SetText("")
				return
			}
			title.SetText(r.Title)
			sub.SetText(s.subtitle(r))
		})
	l.OnSelected = func(i widget.ListItemID) {
		if s.selecting {
			return
		}
		r, ok := s.row(i)
		if !ok || r.ID == s.selected {
			return
		}
		s.ConfirmLeave(func(ok bool) {
			if ok {
				s.openActivity(r.ID)
			} else {
				s.selectInList(s.selected)
			}
		})
	}
	return l
}

// subtitle is the second line of a row: dates, place, kind and reach.
func (s *Screen) subtitle(r alliance.ActivitySummary) string {
	when := i18n.Date(r.Start)
	if r.End != r.Start {
		when += "–" + i18n.Date(r.End)
	}
	place := kit.RegionName(s.u.Regions(), r.RegionID)
	if r.Settlement != "" {
		place += ", " + r.Settlement
	}
	parts := []string{when, place, i18n.T("kind." + string(r.Kind))}
	if r.Reached > 0 {
		parts = append(parts, i18n.N("activities.people", r.Reached, nil))
	}
	return strings.Join(parts, " · ")
}

// row returns list row i when its page is loaded, and starts loading the
// page when it is not.
func (s *Screen) row(i int) (alliance.ActivitySummary, bool) {
	p := i / pageSize
	rows, ok := s.pages[p]
	if !ok {
		s.loadPage(p)
		return alliance.ActivitySummary{}, false
	}
	s.touch(p)
	if j := i - p*pageSize; j < len(rows) {
		return rows[j], true
	}
	return alliance.ActivitySummary{}, false
}

func (s *Screen) loadPage(p int) {
	if s.loading[p] {
		return
	}
	s.loading[p] = true
	gen, f := s.gen, s.filter
	f.Offset, f.Limit = p*pageSize, pageSize
	var rows []alliance.ActivitySummary
	s.u.Background(func(ctx context.Context) (err error) {
		rows, err = s.u.Services().Activities.FindActivities(ctx, f)
		return err
	}, func(err error) {
		if gen != s.gen {
			return
		}
		delete(s.loading, p)
		if err != nil {
			s.countLabel.SetText(i18n.Error(err))
			return
		}
		s.pages[p] = rows
		s.touch(p)
		s.evict()
		s.list.Refresh()
	})
}

// touch marks page p as just used.
func (s *Screen) touch(p int) {
	for i, q := range s.used {
		if q == p {
			s.used = append(s.used[:i], s.used[i+1:]...)
			break
		}
	}
	s.used = append(s.used, p)
}

// evict drops the least recently used pages beyond maxPages.
func (s *Screen) evict() {
	for len(s.used) > maxPages {
		delete(s.pages, s.used[0])
		s.used = s.used[1:]
	}
}

// applyFilters reads the filter widgets and reloads the list.
func (s *Screen) applyFilters() {
	if s.stopSearch != nil {
		s.stopSearch()
		s.stopSearch = nil
	}
	f := alliance.ActivityFilter{Query: s.search.Text, Sort: alliance.ActivitySorts[max(s.order.SelectedIndex(), 0)]}
	f.From, _ = s.from.Date()
	f.To, _ = s.to.Date()
	if i := s.region.SelectedIndex(); i > 0 {
		f.RegionID = s.u.Regions()[i-1].ID
	}
	if i := s.kind.SelectedIndex(); i > 0 {
		f.Kind = alliance.ActivityKinds[i-1]
	}
	if i := s.area.SelectedIndex(); i > 0 {
		f.Area = alliance.Areas[i-1]
	}
	if f == s.filter {
		return
	}
	s.filter = f
	s.Reload()
}

func (s *Screen) clearFilters() {
	s.search.SetText("")
	s.from.SetText("")
	s.to.SetText("")
	for _, sel := range []*widget.Select{s.region, s.kind, s.area, s.order} {
		sel.SetSelectedIndex(0)
	}
	s.applyFilters()
}

func (s *Screen) filtered() bool {
	f := s.filter
	f.Sort = ""
	return f != alliance.ActivityFilter{}
}

// Reload counts the matching activities and redraws the list from page 0.
func (s *Screen) Reload() {
	s.gen++
	s.pages, s.loading, s.used = map[int][]alliance.ActivitySummary{}, map[int]bool{}, nil
	gen, f := s.gen, s.filter
	var n int
	var suggest string
	s.u.Background(func(ctx context.Context) (err error) {
		n, err = s.u.Services().Activities.CountActivities(ctx, f)
		if err == nil && n == 0 && f.Query != "" {
			// A word mistyped by a letter: offer the near word. The count
			// stands without it.
			suggest, _ = s.u.Services().Activities.SuggestQuery(ctx, f.Query)
		}
		return err
	}, func(err error) {
		if gen != s.gen {
			return
		}
		if err != nil {
			s.countLabel.SetText(i18n.Error(err))
			return
		}
		s.count, s.suggest = n, suggest
		s.countLabel.SetText(i18n.N("activities.count", n, nil))
		s.showListOrEmpty()
		s.list.Refresh()
		s.selectInList(s.selected)
	})
}

// showListOrEmpty shows the list, or an empty state that says what the
// list is for and offers the first action.
func (s *Screen) showListOrEmpty() {
	var content fyne.CanvasObject = s.list
	s.suggestBtn = nil
	switch {
	case s.count == 0 && s.filtered():
		btn := widget.NewButtonWithIcon(i18n.T("filter.clear"), theme.ContentClearIcon(), s.clearFilters)
		box := container.NewVBox(kit.Wrapped(i18n.T("activities.no_match")))
		if s.suggest != "" {
			q := s.suggest
			s.suggestBtn = widget.NewButtonWithIcon(i18n.T("activities.search_suggested"), theme.SearchIcon(), func() {
				s.search.SetText(q)
				s.applyFilters()
			})
			s.suggestBtn.Importance = widget.HighImportance
			box.Add(kit.Wrapped(i18n.Tf("activities.did_you_mean", i18n.Args{"Query": q})))
			box.Add(kit.Flow(s.suggestBtn, btn))
		} else {
			box.Add(kit.Flow(btn))
		}
		content = box
	case s.count == 0:
		btn := widget.NewButtonWithIcon(i18n.T("activities.empty.action"), theme.ContentAddIcon(), s.NewActivity)
		btn.Importance = widget.HighImportance
		content = container.NewVBox(kit.Heading(i18n.T("activities.empty.title")),
			kit.Wrapped(i18n.T("activities.empty.body")), container.NewHBox(btn))
	}
	s.listArea.Objects = []fyne.CanvasObject{container.NewPadded(content)}
	if content == fyne.CanvasObject(s.list) {
		s.listArea.Objects = []fyne.CanvasObject{s.list}
	}
	s.listArea.Refresh()
}

// selectInList highlights the row of id when its page is loaded.
func (s *Screen) selectInList(id string) {
	s.selecting = true
	defer func() { s.selecting = false }()
	if id == "" {
		s.list.UnselectAll()
		return
	}
	for p, rows := range s.pages {
		for j, r := range rows {
			if r.ID == id {
				s.list.Select(p*pageSize + j)
				return
			}
		}
	}
	s.list.UnselectAll()
}

func (s *Screen) hint() fyne.CanvasObject {
	return kit.CentredText(theme.DocumentIcon(), i18n.T("activities.hint"))
}

// NewActivity opens an empty form (after asking about unsaved changes).
func (s *Screen) NewActivity() {
	s.ConfirmLeave(func(ok bool) {
		if !ok {
			return
		}
		s.showForm(nil, formState{OrgID: s.u.OrgID(), RecordedBy: s.u.StaffName()})
		s.u.Window().Canvas().Focus(s.form.kind)
	})
}

// openActivity reads the activity with id and shows it in the form.
func (s *Screen) openActivity(id string) {
	env.Fetch(s.u, func(ctx context.Context) (*alliance.Activity, error) {
		return s.u.Services().Activities.FindActivityByID(ctx, id)
	},
		func(a *alliance.Activity) { s.showForm(a, stateOf(a)) }, s.Reload)
}

// showForm replaces the detail pane with a form for editing (nil: new).
func (s *Screen) showForm(editing *alliance.Activity, st formState) {
	if s.form != nil {
		s.form.retire()
	}
	f := newActivityForm(s, editing)
	f.load(st)
	s.form = f
	s.selected = ""
	if editing != nil {
		s.selected = editing.ID
	}
	s.selectInList(s.selected)
	s.detail.Objects = []fyne.CanvasObject{f.object()}
	s.detail.Refresh()
	f.restoreDraft()
}

// closeForm drops the form (and its draft) and shows the hint again.
func (s *Screen) closeForm() {
	if s.form != nil {
		s.form.dropDraft()
	}
	s.form, s.selected = nil, ""
	s.selectInList("")
	s.detail.Objects = []fyne.CanvasObject{s.hint()}
	s.detail.Refresh()
	s.u.FormChanged()
}

// ConfirmLeave calls then(true) at once when the form has no unsaved
// changes, and otherwise asks whether to discard them.
func (s *Screen) ConfirmLeave(then func(ok bool)) {
	if s.form == nil || !s.form.dirty() {
		then(true)
		return
	}
	kit.Confirm(s.u.Window(), i18n.T("confirm.discard.title"), i18n.T("confirm.discard.body"),
		i18n.T("confirm.discard.discard"), i18n.T("confirm.discard.keep"), func(discard bool) {
			if discard {
				s.closeForm()
			}
			then(discard)
		})
}

// saved runs after the form's activity a was stored.
func (s *Screen) saved(f *activityForm, a *alliance.Activity, another bool) {
	st := f.state()
	if another {
		s.showForm(nil, keepCommon(st))
		s.u.Window().Canvas().Focus(s.form.title)
	} else {
		s.showForm(a, stateOf(a))
	}
	s.form.note(widget.SuccessImportance, i18n.T("form.saved"))
	s.Reload()
}

// deleteActivity leaves a tombstone and offers to undo it for a while.
func (s *Screen) deleteActivity(a *alliance.Activity) {
	s.u.Background(func(ctx context.Context) error {
		return s.u.Services().Activities.DeleteActivity(ctx, a.ID)
	}, func(err error) {
		if err != nil {
			s.u.ShowError(err)
			return
		}
		s.closeForm()
		s.Reload()
		s.showUndo(a)
	})
}

func (s *Screen) showUndo(a *alliance.Activity) {
	msg := widget.NewLabel(i18n.Tf("activities.deleted", i18n.Args{"Title": a.Title}))
	msg.Truncation = fyne.TextTruncateEllipsis
	var bar fyne.CanvasObject
	undo := widget.NewButtonWithIcon(i18n.T("activities.undo"), theme.ContentUndoIcon(), func() {
		s.hideUndo(bar)
		s.u.Background(func(ctx context.Context) error {
			return s.u.Services().Activities.RestoreActivity(ctx, a.ID)
		}, func(err error) {
			if err != nil {
				s.u.ShowError(err)
				return
			}
			s.Reload()
			s.openActivity(a.ID)
		})
	})
	bar = container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), undo, msg)
	s.undoBar.Objects = []fyne.CanvasObject{bar}
	s.left.Refresh() // the bar changes the height above the list
	// Not After: the bar's time is no work in flight for Wait to wait on.
	time.AfterFunc(undoDuration, func() { s.u.Post(func() { s.hideUndo(bar) }) })
}

func (s *Screen) hideUndo(bar fyne.CanvasObject) {
	if len(s.undoBar.Objects) == 1 && s.undoBar.Objects[0] == bar {
		s.undoBar.Objects = nil
		s.left.Refresh()
	}
}

// Save saves the open form, if any (Ctrl+S).
func (s *Screen) Save() {
	if s.form != nil {
		s.form.submit(false)
	}
}
