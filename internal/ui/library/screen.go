// Package library is the Library screen: the manuals, learning kits,
// posters and films the secretariat publishes, each in its languages,
// found by what is typed and by category, opened from the laptop (small
// files arrive by themselves, large ones when asked for). The secretariat
// publishes, edits and withdraws them.
package library

import (
	"context"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/fold"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Screen lists the resources; the chosen one opens beside the list.
type Screen struct {
	e        env.Env
	search   *widget.Entry
	category *widget.Select // 0: every category
	count    *widget.Label
	status   *widget.Label
	pane     *kit.ListPane[alliance.Resource]
	shown    string
	view     *view
	form     *form
}

// New makes the screen with the resources the shell holds.
func New(e env.Env) *Screen {
	s := &Screen{e: e, count: widget.NewLabel(""), status: kit.Wrapped("")}
	s.count.TextStyle.Italic = true
	s.status.Hide()
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(i18n.T("library.search"))
	s.search.OnChanged = func(string) { s.filter() }
	cats := []string{i18n.T("library.all_categories")}
	for _, c := range alliance.ResourceCategories {
		cats = append(cats, i18n.T("library.category."+string(c)))
	}
	s.category = widget.NewSelect(cats, nil)
	s.category.SetSelectedIndex(0)
	s.category.OnChanged = func(string) { s.filter() }
	var top []fyne.CanvasObject
	if e.Secretariat() {
		add := widget.NewButtonWithIcon(i18n.T("library.new"), theme.ContentAddIcon(), s.add)
		add.Importance = widget.HighImportance
		top = append(top, kit.Flow(add))
	}
	top = append(top, s.search, s.category, s.count, s.status)
	s.pane = kit.NewListPane(container.NewVBox(top...), 0.36, i18n.T("library.hint"),
		func(r *alliance.Resource) string { return r.ID },
		func(r *alliance.Resource) (string, string) { return r.Version(i18n.Language()).Title, s.subtitle(r) })
	s.pane.Current = func() string { return s.shown }
	s.pane.ConfirmLeave = s.ConfirmLeave
	s.pane.Open = s.open
	s.filter()
	return s
}

// Object is the screen's content.
func (s *Screen) Object() fyne.CanvasObject { return s.pane.Root }

// Reload shows the resources the shell holds now.
func (s *Screen) Reload() {
	s.filter()
	if s.form == nil && s.shown != "" {
		s.open(s.shown)
	}
}

// Dirty tells whether a resource form holds changes not saved.
func (s *Screen) Dirty() bool { return s.form != nil && s.form.dirty() }

// ConfirmLeave asks before a form with unsaved changes is left.
func (s *Screen) ConfirmLeave(then func(ok bool)) { kit.ConfirmLeave(s.e.Window(), s.Dirty(), then) }

func (s *Screen) say(msg string) { kit.Say(s.status, msg) }

// subtitle is a row's second line: category, year, languages.
func (s *Screen) subtitle(r *alliance.Resource) string {
	langs := make([]string, len(r.Versions))
	for i, v := range r.Versions {
		langs[i] = strings.ToUpper(v.Lang)
	}
	return strings.Join([]string{i18n.T("library.category." + string(r.Category)), strconv.Itoa(r.Year),
		strings.Join(langs, "/")}, " · ")
}

// filter shows the resources that answer what is typed and chosen.
func (s *Screen) filter() {
	words := strings.Fields(fold.String(s.search.Text))
	var shown []alliance.Resource
	for _, r := range s.e.Resources() {
		if i := s.category.SelectedIndex(); i > 0 && r.Category != alliance.ResourceCategories[i-1] {
			continue
		}
		var text []string
		for _, v := range r.Versions {
			text = append(text, v.Title, v.Description, v.File.Name)
		}
		all := fold.String(strings.Join(text, " "))
		match := true
		for _, w := range words {
			match = match && strings.Contains(all, w)
		}
		if match {
			shown = append(shown, r)
		}
	}
	lang := i18n.Language()
	i18n.SortBy(shown, func(r alliance.Resource) string { return r.Version(lang).Title })
	s.count.SetText(i18n.N("library.count", len(shown), nil))
	s.pane.Set(shown, func() fyne.CanvasObject {
		return kit.EmptyState(i18n.T("library.empty.title"), i18n.T("library.empty.body"), nil)
	})
}

func (s *Screen) find(id string) *alliance.Resource {
	for _, r := range s.e.Resources() {
		if r.ID == id {
			return &r
		}
	}
	return nil
}

func (s *Screen) open(id string) {
	r := s.find(id)
	s.form = nil
	if r == nil {
		s.shown = ""
		s.pane.ShowHint()
		return
	}
	s.shown = id
	s.view = newView(s, r)
	s.pane.Show(s.view.object())
}

func (s *Screen) edit(r *alliance.Resource) {
	s.form = newForm(s, r)
	s.pane.Show(s.form.object())
}

func (s *Screen) add() {
	s.ConfirmLeave(func(ok bool) {
		if ok {
			s.shown = ""
			s.edit(&alliance.Resource{Category: alliance.ResManual, Year: alliance.Today().Year})
		}
	})
}

// saved shows the resource once the shell holds it again ("" after a
// withdrawal).
func (s *Screen) saved(id, msg string) {
	s.form = nil
	s.e.ReloadReference(func() {
		s.filter()
		if id == "" || s.find(id) == nil {
			s.shown = ""
			s.pane.ShowHint()
		} else {
			s.open(id)
		}
		s.say(msg)
	})
}

// addFile stores a chosen file of the library off the UI goroutine.
func (s *Screen) addFile(name string, rc io.ReadCloser, then func(alliance.FileRef, error)) {
	var ref alliance.FileRef
	s.e.Background(func(ctx context.Context) (err error) {
		defer rc.Close()
		ref, err = s.e.Services().Files.AddFile(ctx, name, rc, alliance.PurposeResource)
		return err
	}, func(err error) { then(ref, err) })
}
