package contests

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// contestForm is a contest's details: editable on the secretariat's
// laptops, read-only elsewhere.
type contestForm struct {
	v          *contestView
	title      *widget.Entry
	theme      *widget.Entry
	categories *checkSet
	ageGroups  *kit.EditRows
	opens      *kit.DateEntry
	closes     *kit.DateEntry
	judging    *kit.DateEntry
	criteria   *kit.EditRows
	jury       *kit.EditRows
	winners    *kit.NumberEntry
	notes      *widget.Entry
	errs       *kit.FormErrors
	save       *widget.Button
	editable   bool
	initial    string
	content    *fyne.Container
	scroll     *container.Scroll
}

func newContestForm(v *contestView) *contestForm {
	f := &contestForm{v: v, errs: kit.NewFormErrors(), editable: v.s.u.Secretariat(), content: container.NewStack()}
	f.errs.Shown = func() { v.s.u.FormChanged() }
	f.scroll = container.NewVScroll(f.content)
	f.errs.Refresh, f.errs.Scroll = f.scroll.Refresh, f.scroll
	c := v.contest
	if c == nil {
		today := alliance.Today()
		c = &alliance.Contest{Winners: alliance.DefaultWinners, Opens: today, Closes: today.AddDays(60), JudgingEnds: today.AddDays(90),
			Categories: []alliance.Category{alliance.CatDrawing, alliance.CatPoster, alliance.CatFilm},
			AgeGroups:  []alliance.AgeGroup{{Min: 6, Max: 9}, {Min: 10, Max: 13}, {Min: 14, Max: 17}},
			Criteria: []alliance.Criterion{{Name: i18n.T("contests.default.idea"), Weight: 2},
				{Name: i18n.T("contests.default.craft"), Weight: 1}, {Name: i18n.T("contests.default.theme"), Weight: 1}}}
	}
	f.fill(c)
	return f
}

func (f *contestForm) object() fyne.CanvasObject { return f.scroll }

// fill builds the inputs for c (again after a save: the rows get the ids
// the store gave them, which scores refer to).
func (f *contestForm) fill(c *alliance.Contest) {
	f.title = widget.NewEntry()
	f.title.SetText(c.Title)
	f.theme = widget.NewMultiLineEntry()
	f.theme.Wrapping = fyne.TextWrapWord
	f.theme.SetMinRowsVisible(2)
	f.theme.SetText(c.Theme)
	f.categories = newCheckSet(categoryLabels())
	var chosen []string
	for _, cat := range c.Categories {
		chosen = append(chosen, i18n.T("category."+string(cat)))
	}
	f.categories.SetSelected(chosen)
	f.ageGroups = kit.NewEditRows(i18n.T("contests.add_age_group"), 110, i18n.T("contests.age_from"), i18n.T("contests.age_to"))
	f.ageGroups.Range = true
	for _, g := range c.AgeGroups {
		f.ageGroups.Append(g.ID, strconv.Itoa(g.Min), strconv.Itoa(g.Max))
	}
	f.opens, f.closes, f.judging = kit.NewDateEntry(i18n.T("date.placeholder")), kit.NewDateEntry(i18n.T("date.placeholder")), kit.NewDateEntry(i18n.T("date.placeholder"))
	f.opens.SetDate(c.Opens)
	f.closes.SetDate(c.Closes)
	f.judging.SetDate(c.JudgingEnds)
	f.criteria = kit.NewEditRows(i18n.T("contests.add_criterion"), 110, i18n.T("contests.criterion_name"), i18n.T("contests.criterion_weight"))
	for _, cr := range c.Criteria {
		f.criteria.Append(cr.ID, cr.Name, strconv.FormatFloat(cr.Weight, 'f', -1, 64))
	}
	f.jury = kit.NewEditRows(i18n.T("contests.add_juror"), 0, i18n.T("contests.juror_name"))
	for _, j := range c.Jury {
		f.jury.Append(j.ID, j.Name)
	}
	f.winners = kit.NewNumberEntry()
	f.winners.SetValue(c.Winners)
	f.notes = widget.NewMultiLineEntry()
	f.notes.Wrapping = fyne.TextWrapWord
	f.notes.SetMinRowsVisible(2)
	f.notes.SetText(c.Notes)

	field := func(name, key string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
		return f.errs.Field(name, i18n.T(key), required, input)
	}
	items := []fyne.CanvasObject{f.errs.Banner,
		field(alliance.FieldTitle, "field.title", true, f.title),
		field(alliance.FieldTheme, "field.contest_theme", false, f.theme),
		field(alliance.FieldCategories, "field.categories", true, f.categories.object()),
		kit.FieldRow(
			field(alliance.FieldOpens, "field.opens", true, f.opens.Object()),
			field(alliance.FieldCloses, "field.closes", true, f.closes.Object()),
			field(alliance.FieldJudgingEnds, "field.judging_ends", true, f.judging.Object())),
		kit.Pair(field(alliance.FieldAgeGroups, "field.age_groups", true, f.ageGroups.Object()),
			field(alliance.FieldWinners, "field.winners", true, container.NewGridWithColumns(2, f.winners.Object()))),
		field(alliance.FieldCriteria, "field.criteria", true, f.criteria.Object()),
		field(alliance.FieldJury, "field.jury", true, f.jury.Object()),
		field(alliance.FieldNotes, "field.notes", false, f.notes),
	}
	if f.editable {
		f.save = widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), f.submit)
		f.save.Importance = widget.HighImportance
		items = append(items, container.NewHBox(f.save, layout.NewSpacer()))
	} else {
		for _, e := range []fyne.Disableable{f.title, f.theme, f.categories, f.notes} {
			e.Disable()
		}
		f.opens.Disable()
		f.closes.Disable()
		f.judging.Disable()
		f.winners.SetEnabled(false)
		for _, r := range []*kit.EditRows{f.ageGroups, f.criteria, f.jury} {
			r.Disable()
		}
		items = append([]fyne.CanvasObject{kit.Wrapped(i18n.T("contests.read_only"))}, items...)
	}
	f.content.Objects = []fyne.CanvasObject{container.NewPadded(container.NewVBox(items...))}
	f.content.Refresh()
	f.initial = f.snapshot()
}

// collect turns the inputs into a contest, or field errors.
func (f *contestForm) collect() (*alliance.Contest, []alliance.FieldError) {
	c := &alliance.Contest{Title: f.title.Text, Theme: f.theme.Text, Notes: f.notes.Text}
	if f.v.contest != nil {
		c.ID, c.OrgID = f.v.contest.ID, f.v.contest.OrgID
	}
	var errs []alliance.FieldError
	bad := func(field, key string, args alliance.Args) {
		errs = append(errs, alliance.FieldError{Field: field, Key: key, Args: args})
	}
	labels := categoryLabels()
	for _, s := range f.categories.Selected() {
		for i, l := range labels {
			if l == s {
				c.Categories = append(c.Categories, alliance.Categories[i])
			}
		}
	}
	ids, rows := f.ageGroups.Values()
	for i, row := range rows {
		lo, err1 := strconv.Atoi(strings.TrimSpace(row[0]))
		hi, err2 := strconv.Atoi(strings.TrimSpace(row[1]))
		if err1 != nil || err2 != nil {
			bad(alliance.FieldAgeGroups, "validation.age_group", alliance.Args{"N": i + 1, "Min": alliance.MinChildAge, "Max": alliance.MaxChildAge})
		}
		c.AgeGroups = append(c.AgeGroups, alliance.AgeGroup{ID: ids[i], Min: lo, Max: hi})
	}
	for field, d := range map[string]struct {
		in  *kit.DateEntry
		out *alliance.Date
	}{alliance.FieldOpens: {f.opens, &c.Opens}, alliance.FieldCloses: {f.closes, &c.Closes}, alliance.FieldJudgingEnds: {f.judging, &c.JudgingEnds}} {
		v, ok := d.in.Date()
		if !ok {
			bad(field, "validation.date_format", nil)
		}
		*d.out = v
	}
	ids, rows = f.criteria.Values()
	for i, row := range rows {
		w, err := kit.ParseHours(row[1])
		if err != nil {
			bad(alliance.FieldCriteria, "validation.criterion_weight", alliance.Args{"N": i + 1})
		}
		c.Criteria = append(c.Criteria, alliance.Criterion{ID: ids[i], Name: strings.TrimSpace(row[0]), Weight: w})
	}
	ids, rows = f.jury.Values()
	for i, row := range rows {
		c.Jury = append(c.Jury, alliance.Juror{ID: ids[i], Name: strings.TrimSpace(row[0])})
	}
	w, ok := f.winners.Value()
	if !ok {
		bad(alliance.FieldWinners, "validation.count_format", nil)
	}
	c.Winners = w
	if len(errs) == 0 {
		errs = alliance.ErrorFields(c.Validate())
	}
	return c, errs
}

func (f *contestForm) snapshot() string {
	c, _ := f.collect()
	b, _ := json.Marshal(c)
	return string(b)
}

func (f *contestForm) dirty() bool { return f.editable && f.snapshot() != f.initial }

func (f *contestForm) submit() {
	c, errs := f.collect()
	f.errs.Show(errs)
	if len(errs) > 0 {
		return
	}
	u := f.v.s.u
	creating := f.v.contest == nil
	f.save.Disable()
	u.Background(func(ctx context.Context) error {
		if creating {
			return u.Services().Contests.CreateContest(ctx, c)
		}
		return u.Services().Contests.UpdateContest(ctx, c)
	}, func(err error) {
		f.save.Enable()
		if err != nil {
			f.errs.ShowErr(err)
			return
		}
		f.v.saved(c)
		f.fill(c)
	})
}

// categoryLabels are the categories' names in the current language.
func categoryLabels() []string {
	out := make([]string, len(alliance.Categories))
	for i, c := range alliance.Categories {
		out[i] = i18n.T("category." + string(c))
	}
	return out
}
