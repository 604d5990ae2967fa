// Package directory is the Member directory screen: every organisation of
// the alliance with its profile, found by name, region and priority area,
// kept offline on every laptop. A member edits its own organisation's
// profile, the secretariat anyone's, and adds organisations; the
// directory is exported to Excel.
package directory

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/fold"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Screen is the directory: the organisations on the left, found by what
// is typed and the filters, the chosen one's profile or its form beside.
type Screen struct {
	e      env.Env
	search *widget.Entry
	region *widget.Select // 0: every region; i: Regions()[i-1]
	area   *widget.Select // 0: every area; i: alliance.Areas[i-1]
	count  *widget.Label
	status *widget.Label
	pane   *kit.ListPane[alliance.Organisation]
	shown  string // the organisation in the detail pane
	form   *form  // nil unless a profile is being edited
}

// New makes the screen with the organisations the shell holds.
func New(e env.Env) *Screen {
	s := &Screen{e: e, count: widget.NewLabel(""), status: kit.Wrapped("")}
	s.count.TextStyle.Italic = true
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(i18n.T("directory.search"))
	s.search.OnChanged = func(string) { s.filter() }
	regions := []string{i18n.T("directory.all_regions")}
	regions = append(regions, kit.RegionLabels(e.Regions())...)
	s.region = widget.NewSelect(regions, nil)
	areas := append([]string{i18n.T("directory.all_areas")}, kit.AreaLabels()...)
	s.area = widget.NewSelect(areas, nil)
	s.region.SetSelectedIndex(0)
	s.area.SetSelectedIndex(0)
	s.region.OnChanged = func(string) { s.filter() }
	s.area.OnChanged = func(string) { s.filter() }

	export := widget.NewButtonWithIcon(i18n.T("directory.export"), theme.DocumentSaveIcon(), s.export)
	buttons := []fyne.CanvasObject{export}
	if e.Secretariat() {
		add := widget.NewButtonWithIcon(i18n.T("directory.add"), theme.ContentAddIcon(), s.add)
		add.Importance = widget.HighImportance
		buttons = append([]fyne.CanvasObject{add}, buttons...)
	}
	s.status.Hide()
	top := container.NewVBox(kit.Flow(buttons...), s.search, kit.Columns(2, s.region, s.area), s.count, s.status)
	s.pane = kit.NewListPane(top, 0.38, i18n.T("directory.hint"),
		func(o *alliance.Organisation) string { return o.ID },
		func(o *alliance.Organisation) (string, string) { return o.NameIn(i18n.Language()), s.subtitle(o) })
	s.pane.Current = func() string { return s.shown }
	s.pane.ConfirmLeave = s.ConfirmLeave
	s.pane.Open = s.open
	s.filter()
	return s
}

// Object is the screen's content.
func (s *Screen) Object() fyne.CanvasObject { return s.pane.Root }

// say shows msg under the list's count ("": nothing).
func (s *Screen) say(msg string) { kit.Say(s.status, msg) }

// Reload shows the organisations the shell holds now (after a sync).
func (s *Screen) Reload() {
	s.filter()
	if s.form == nil && s.shown != "" {
		s.open(s.shown)
	}
}

// Dirty tells whether a profile form holds changes not saved.
func (s *Screen) Dirty() bool { return s.form != nil && s.form.dirty() }

// ConfirmLeave asks before a form with unsaved changes is left.
func (s *Screen) ConfirmLeave(then func(ok bool)) { kit.ConfirmLeave(s.e.Window(), s.Dirty(), then) }

// subtitle is a row's second line: kind and base region.
func (s *Screen) subtitle(o *alliance.Organisation) string {
	parts := []string{i18n.T("org_kind." + string(o.Kind)), kit.RegionName(s.e.Regions(), o.RegionID)}
	if o.Secretariat {
		parts = append([]string{i18n.T("directory.secretariat")}, parts...)
	}
	return strings.Join(parts, " · ")
}

// matches tells whether o answers what is typed and chosen.
func (s *Screen) matches(o *alliance.Organisation, words []string) bool {
	if i := s.region.SelectedIndex(); i > 0 {
		id := s.e.Regions()[i-1].ID
		if o.RegionID != id && !slices.Contains(o.Regions, id) {
			return false
		}
	}
	if i := s.area.SelectedIndex(); i > 0 && !slices.Contains(o.Areas, alliance.Areas[i-1]) {
		return false
	}
	if len(words) == 0 {
		return true
	}
	text := fold.String(strings.Join([]string{o.Name, o.NameRU, o.NameEN, o.FocalPerson, o.Address, o.Email, o.Website,
		kit.RegionName(s.e.Regions(), o.RegionID)}, " "))
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// filter shows the organisations that match, in the language's order.
func (s *Screen) filter() {
	words := strings.Fields(fold.String(s.search.Text))
	var shown []alliance.Organisation
	for _, o := range s.e.Organisations() {
		if s.matches(&o, words) {
			shown = append(shown, o)
		}
	}
	lang := i18n.Language()
	i18n.SortBy(shown, func(o alliance.Organisation) string { return o.NameIn(lang) })
	s.count.SetText(i18n.N("directory.count", len(shown), nil))
	s.pane.Set(shown, func() fyne.CanvasObject {
		return kit.EmptyState(i18n.T("directory.empty.title"), i18n.T("directory.empty.body"), nil)
	})
}

// find is the organisation with id the shell holds (nil when gone).
func (s *Screen) find(id string) *alliance.Organisation {
	for _, o := range s.e.Organisations() {
		if o.ID == id {
			return &o
		}
	}
	return nil
}

// canEdit tells whether this laptop may change o's profile: its own
// organisation's, or any on the secretariat's (the server checks again).
func (s *Screen) canEdit(o *alliance.Organisation) bool {
	return s.e.Secretariat() || (o != nil && o.ID != "" && o.ID == s.e.OrgID())
}

// open shows the profile of the organisation with id.
func (s *Screen) open(id string) {
	o := s.find(id)
	if o == nil {
		s.shown, s.form = "", nil
		s.pane.ShowHint()
		return
	}
	s.shown, s.form = id, nil
	s.pane.Show(s.profile(o))
}

// edit puts o's profile in the form (a new organisation when o.ID is "").
func (s *Screen) edit(o *alliance.Organisation) {
	s.form = newForm(s, o)
	s.pane.Show(s.form.object())
}

// add starts a new organisation (the secretariat's laptops).
func (s *Screen) add() {
	s.ConfirmLeave(func(ok bool) {
		if ok {
			s.shown = ""
			s.edit(&alliance.Organisation{Kind: alliance.OrgNGO})
		}
	})
}

// saved shows the organisation the form saved, once the shell has it.
func (s *Screen) saved(id string) {
	s.form = nil
	s.e.ReloadReference(func() {
		s.shown = id
		s.filter()
		s.open(id)
		s.say(i18n.T("directory.saved"))
	})
}

// export asks where, then writes the directory as it is filtered.
func (s *Screen) export() {
	w := s.e.Window()
	d := dialog.NewFileSave(func(f fyne.URIWriteCloser, err error) {
		if err != nil {
			s.e.ShowError(err)
			return
		}
		if f == nil {
			return
		}
		path := f.URI().Path()
		f.Close()
		s.save(path)
	}, w)
	d.SetFileName(kit.SafeFileName(i18n.T("directory.file_name")+" "+time.Now().Format("2006-01-02")) + ".xlsx")
	kit.ShowFileDialog(d, w, "file.save_title")
}

// save writes the organisations the list shows to path, in the app's
// language, beside it first and then renamed.
func (s *Screen) save(path string) {
	orgs := slices.Clone(s.pane.Items)
	o := report.Options{Lang: i18n.Language(), Regions: s.e.Regions()}
	s.e.Background(func(ctx context.Context) error {
		return safefile.Write(path, func(w io.Writer) error { return report.WriteDirectoryXLSX(w, orgs, o) })
	}, func(err error) {
		if err != nil {
			s.say("")
			s.e.ShowError(err)
			return
		}
		s.say(i18n.Tf("report.saved", i18n.Args{"Path": path}))
	})
}
