package contests

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/thumbs"
)

// gallery is a contest's entries as a grid of thumbnails, filtered by
// category, age group, region and state. The grid is virtualized: only the
// tiles on screen exist, and only their thumbnails are loaded, so it stays
// smooth with thousands of entries. A tile opens the entry's form.
type gallery struct {
	v        *contestView
	entries  []alliance.EntrySummary
	grid     *widget.GridWrap
	category *widget.Select
	ageGroup *widget.Select
	region   *widget.Select
	state    *widget.Select
	count    *widget.Label
	newBtn   *widget.Button
	thumbs   *thumbs.Cache
	view     fyne.CanvasObject // the grid with its filters
	content  *fyne.Container   // the view, or an entry's form
	entry    *entryForm
}

// Tile sizes.
const (
	tileW = 192
	tileH = 144
)

func newGallery(v *contestView) *gallery {
	g := &gallery{v: v, count: widget.NewLabel(""), content: container.NewStack()}
	g.thumbs = thumbs.New(v.s.u, media.ThumbSize, func() { g.grid.Refresh() })
	g.grid = widget.NewGridWrap(func() int { return len(g.entries) }, g.newTile, g.updateTile)
	g.grid.OnSelected = func(id widget.GridWrapItemID) {
		g.grid.UnselectAll()
		if id < len(g.entries) {
			g.openEntry(g.entries[id].ID)
		}
	}
	all := func(key string) string { return i18n.T(key) }
	g.category = widget.NewSelect(nil, func(string) { g.reload() })
	g.ageGroup = widget.NewSelect(nil, func(string) { g.reload() })
	g.region = widget.NewSelect(append([]string{all("filter.all_regions")}, kit.RegionLabels(v.s.u.Regions())...), func(string) { g.reload() })
	states := []string{all("filter.all_states")}
	for _, s := range alliance.EntryStates {
		states = append(states, i18n.T("entry.state."+string(s)))
	}
	g.state = widget.NewSelect(states, func(string) { g.reload() })
	g.newBtn = widget.NewButtonWithIcon(i18n.T("entries.new"), theme.ContentAddIcon(), func() { g.showEntry(nil) })
	g.newBtn.Importance = widget.HighImportance
	filters := container.NewGridWithColumns(4, g.category, g.ageGroup, g.region, g.state)
	top := container.NewVBox(container.NewHBox(g.newBtn, g.count, layout.NewSpacer()), filters)
	g.view = container.NewBorder(top, nil, nil, nil, g.grid)
	g.content.Objects = []fyne.CanvasObject{g.view}
	g.setFilterOptions()
	return g
}

func (g *gallery) object() fyne.CanvasObject { return g.content }

// setFilterOptions fills the category and age group filters from the
// contest, each with "all" first and selected.
func (g *gallery) setFilterOptions() {
	cats := []string{i18n.T("filter.all_categories")}
	groups := []string{i18n.T("filter.all_ages")}
	if c := g.v.contest; c != nil {
		for _, cat := range c.Categories {
			cats = append(cats, i18n.T("category."+string(cat)))
		}
		for _, ag := range c.AgeGroups {
			groups = append(groups, ageGroupLabel(ag))
		}
	}
	for sel, opts := range map[*widget.Select][]string{g.category: cats, g.ageGroup: groups} {
		sel.Options = opts
		sel.SetSelectedIndex(0)
	}
	g.region.SetSelectedIndex(0)
	g.state.SetSelectedIndex(0)
}

func ageGroupLabel(g alliance.AgeGroup) string {
	return i18n.Tf("entries.age_group", i18n.Args{"Group": g.Label()})
}

// filter is the filter the selects say.
func (g *gallery) filter() alliance.EntryFilter {
	c := g.v.contest
	f := alliance.EntryFilter{ContestID: c.ID}
	if i := g.category.SelectedIndex(); i > 0 {
		f.Category = c.Categories[i-1]
	}
	if i := g.ageGroup.SelectedIndex(); i > 0 {
		f.AgeGroupID = c.AgeGroups[i-1].ID
	}
	if i := g.region.SelectedIndex(); i > 0 {
		f.RegionID = g.v.s.u.Regions()[i-1].ID
	}
	if i := g.state.SelectedIndex(); i > 0 {
		f.State = alliance.EntryStates[i-1]
	}
	return f
}

// reload reads the entries the filters select.
func (g *gallery) reload() {
	if g.v.contest == nil || g.category.Options == nil {
		return
	}
	if len(g.category.Options) == 1 && len(g.v.contest.Categories) > 0 {
		g.setFilterOptions() // the contest was just saved
	}
	u := g.v.s.u
	f := g.filter()
	var es []alliance.EntrySummary
	u.Background(func(ctx context.Context) (err error) {
		es, err = u.Services().Contests.FindEntries(ctx, f)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		g.entries = es
		g.count.SetText(i18n.N("entries.count", len(es), nil))
		if g.v.contest.TakesEntries(alliance.Today()) {
			g.newBtn.Enable()
		} else {
			g.newBtn.Disable()
		}
		g.grid.Refresh()
	})
}

// newTile is a tile: the picture over the child's name (as this laptop may
// show it) and the entry's category, age and state.
func (g *gallery) newTile() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.NRGBA{0x80, 0x80, 0x80, 0x18})
	bg.SetMinSize(fyne.NewSize(tileW, tileH))
	img := canvas.NewImageFromResource(nil)
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScaleFastest
	icon := widget.NewIcon(theme.FileImageIcon())
	note := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	note.Wrapping = fyne.TextWrapWord
	note.SizeName = theme.SizeNameCaptionText
	picture := container.NewStack(bg, img, container.NewCenter(icon), container.NewVBox(layout.NewSpacer(), note))
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	sub.SizeName = theme.SizeNameCaptionText
	return container.NewBorder(nil, container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), name, sub), nil, nil, picture)
}

func (g *gallery) updateTile(id widget.GridWrapItemID, o fyne.CanvasObject) {
	if id >= len(g.entries) {
		return
	}
	e := &g.entries[id]
	tile := o.(*fyne.Container)
	picture := tile.Objects[0].(*fyne.Container)
	texts := tile.Objects[1].(*fyne.Container)
	img := picture.Objects[1].(*canvas.Image)
	icon := picture.Objects[2].(*fyne.Container).Objects[0].(*widget.Icon)
	note := picture.Objects[3].(*fyne.Container).Objects[1].(*widget.Label)

	u := g.v.s.u
	texts.Objects[0].(*widget.Label).SetText(e.Code + " · " + e.NameFor(u.OrgID()))
	sub := i18n.T("category."+string(e.Category)) + " · " + i18n.Tf("entries.age", i18n.Args{"Age": e.Age}) + " · " + i18n.T("entry.state."+string(e.State))
	if e.Rank > 0 {
		sub += " · " + i18n.Place(e.Rank)
	}
	texts.Objects[1].(*widget.Label).SetText(sub)

	img.Resource, note.Text = nil, ""
	icon.SetResource(theme.FileImageIcon())
	icon.Show()
	switch st := g.tileState(e); {
	case e.Work == nil:
		note.Text = i18n.T("entries.no_work")
	case st == nil:
		// loading
	case st.Missing:
		note.Text = i18n.T("entries.not_uploaded")
	case st.Failed:
		icon.SetResource(theme.ErrorIcon())
		note.Text = i18n.T("entries.file_damaged")
	case st.Res != nil:
		img.Resource = st.Res
		icon.Hide()
	case e.Film:
		icon.SetResource(theme.MediaVideoIcon())
	}
	if e.Work != nil && !e.Work.IsImage() && e.Film {
		icon.SetResource(theme.MediaVideoIcon())
	}
	img.Refresh()
	note.Refresh()
}

func (g *gallery) tileState(e *alliance.EntrySummary) *thumbs.State {
	if e.Work == nil {
		return nil
	}
	return g.thumbs.Get(*e.Work)
}

// openEntry reads an entry and shows its form instead of the grid.
func (g *gallery) openEntry(id string) {
	u := g.v.s.u
	var e *alliance.Entry
	var versions []alliance.EntryVersion
	u.Background(func(ctx context.Context) (err error) {
		if e, err = u.Services().Contests.FindEntryByID(ctx, id); err != nil {
			return err
		}
		versions, err = u.Services().Contests.FindEntryVersions(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			g.reload()
			return
		}
		g.showEntry(e)
		g.entry.setVersions(versions)
		env.RefreshTransfers(u)
	})
}

// showEntry puts an entry's form (nil: a new entry) in place of the grid.
func (g *gallery) showEntry(e *alliance.Entry) {
	g.entry = newEntryForm(g, e)
	g.content.Objects = []fyne.CanvasObject{g.entry.object()}
	g.content.Refresh()
	g.entry.focus()
}

// back returns to the grid, asking first when the form has changes.
func (g *gallery) back() {
	leave := func() {
		g.entry = nil
		g.content.Objects = []fyne.CanvasObject{g.view}
		g.content.Refresh()
		g.reload()
	}
	if g.entry == nil || !g.entry.dirty() {
		leave()
		return
	}
	u := g.v.s.u
	kit.Confirm(u.Window(), i18n.T("confirm.discard.title"), i18n.T("confirm.discard.body"),
		i18n.T("confirm.discard.discard"), i18n.T("confirm.discard.keep"), func(ok bool) {
			if ok {
				leave()
			}
		})
}
