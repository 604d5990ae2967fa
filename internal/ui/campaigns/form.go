package campaigns

import (
	"context"
	"reflect"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// form makes or edits a campaign with its indicators (the secretariat's
// laptops). An indicator keeps its id and the progress entered when it is
// edited.
type form struct {
	s           *Screen
	c           alliance.Campaign // as loaded (ID "": a new one)
	initial     alliance.Campaign
	kind        *widget.Select
	name        *widget.Entry
	nameRU      *widget.Entry
	nameEN      *widget.Entry
	donor       *widget.Entry
	start, end  *kit.DateEntry
	regions     *kit.ChipSelect
	description *widget.Entry
	rows        []*indicatorRow
	rowBox      *fyne.Container
	errs        *kit.FormErrors
	save        *widget.Button
	sub         kit.Submission
	scroll      *container.Scroll
}

// indicatorRow is one indicator's inputs.
type indicatorRow struct {
	ind       alliance.Indicator // as loaded: its id and progress
	name      *widget.Entry
	measure   *widget.Select
	unit      *widget.Entry
	target    *widget.Entry
	breakdown *widget.Select
	box       fyne.CanvasObject
}

func newForm(s *Screen, c *alliance.Campaign) *form {
	f := &form{s: s, c: *c, errs: kit.NewFormErrors(), rowBox: container.NewVBox()}
	entry := func(text string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		return e
	}
	kinds := make([]string, len(alliance.CampaignKinds))
	for i, k := range alliance.CampaignKinds {
		kinds[i] = i18n.T("campaign.kind." + string(k))
	}
	f.kind = widget.NewSelect(kinds, nil)
	for i, k := range alliance.CampaignKinds {
		if k == c.Kind {
			f.kind.SetSelectedIndex(i)
		}
	}
	f.name, f.nameRU, f.nameEN, f.donor = entry(c.Name), entry(c.NameRU), entry(c.NameEN), entry(c.Donor)
	f.start, f.end = kit.NewDateEntry(i18n.T("date.placeholder")), kit.NewDateEntry(i18n.T("date.placeholder"))
	if !c.Start.IsZero() {
		f.start.SetDate(c.Start)
	}
	if !c.End.IsZero() {
		f.end.SetDate(c.End)
	}
	ids := make([]string, len(s.e.Regions()))
	for i, r := range s.e.Regions() {
		ids[i] = r.ID
	}
	f.regions = kit.NewChipSelect(ids, func(id string) string { return kit.RegionName(s.e.Regions(), id) })
	f.regions.SetChosen(c.Regions)
	f.description = widget.NewMultiLineEntry()
	f.description.Wrapping = fyne.TextWrapWord
	f.description.SetMinRowsVisible(3)
	f.description.SetText(c.Description)
	for _, ind := range c.Indicators {
		f.addRow(ind)
	}
	addInd := widget.NewButtonWithIcon(i18n.T("campaigns.add_indicator"), theme.ContentAddIcon(), func() {
		f.addRow(alliance.Indicator{Measure: alliance.MeasureActivities})
		f.scroll.Refresh()
	})
	f.save = widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.sub = kit.Submission{Errs: f.errs, Save: f.save}
	cancel := widget.NewButton(i18n.T("form.cancel"), f.cancel)
	field := func(name, key string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
		return f.errs.Field(name, i18n.T(key), required, input)
	}
	title := i18n.T("campaigns.edit_title")
	if c.ID == "" {
		title = i18n.T("campaigns.new_title")
	}
	hint := widget.NewLabel(i18n.T("form.required_hint"))
	hint.SizeName = theme.SizeNameCaptionText
	items := []fyne.CanvasObject{kit.Heading(title), hint, f.errs.Banner,
		kit.Pair(field(alliance.FieldKind, "campaigns.kind", true, f.kind), field(alliance.FieldDonor, "campaigns.donor", false, f.donor)),
		field(alliance.FieldTitle, "campaigns.name_az", true, f.name),
		kit.Pair(field(alliance.FieldOrgNameRU, "directory.name_ru", false, f.nameRU),
			field(alliance.FieldOrgNameEN, "directory.name_en", false, f.nameEN)),
		kit.Pair(field(alliance.FieldStart, "campaigns.start", true, f.start.Object()),
			field(alliance.FieldEnd, "campaigns.end", true, f.end.Object())),
		field(alliance.FieldOrgRegions, "campaigns.regions", false, f.regions.Object()),
		field(alliance.FieldDescription, "campaigns.description", false, f.description),
		field(alliance.FieldIndicators, "campaigns.indicators", false, container.NewVBox(f.rowBox, kit.Flow(addInd))),
		kit.Flow(f.save, cancel),
	}
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(items...)))
	f.errs.Refresh, f.errs.Scroll = f.scroll.Refresh, f.scroll
	f.regions.OnResized = f.scroll.Refresh
	f.initial, _ = f.collect()
	return f
}

func (f *form) object() fyne.CanvasObject { return f.scroll }

// addRow adds an indicator's inputs: name, what it counts (a unit only
// for one counted by hand), target and breakdown (those its measure can
// have).
func (f *form) addRow(ind alliance.Indicator) {
	if ind.ID == "" {
		ind.ID = alliance.NewID() // kept from now on, through every edit
	}
	r := &indicatorRow{ind: ind, name: widget.NewEntry(), unit: widget.NewEntry(), target: widget.NewEntry()}
	r.name.SetText(ind.Name)
	r.name.SetPlaceHolder(i18n.T("campaigns.indicator_name"))
	r.unit.SetText(ind.Unit)
	r.unit.SetPlaceHolder(i18n.T("campaigns.unit"))
	if ind.Target > 0 {
		r.target.SetText(i18n.Decimal(ind.Target))
	}
	r.target.SetPlaceHolder(i18n.T("campaigns.target"))
	measures := make([]string, len(alliance.Measures))
	for i, m := range alliance.Measures {
		measures[i] = i18n.T("campaign.measure." + string(m))
	}
	r.measure = widget.NewSelect(measures, nil)
	breakdowns := make([]string, len(alliance.Breakdowns))
	for i, b := range alliance.Breakdowns {
		breakdowns[i] = i18n.T("campaign.breakdown." + string(b))
	}
	r.breakdown = widget.NewSelect(breakdowns, nil)
	for i, m := range alliance.Measures {
		if m == ind.Measure {
			r.measure.SetSelectedIndex(i)
		}
	}
	for i, b := range alliance.Breakdowns {
		if b == ind.Breakdown {
			r.breakdown.SetSelectedIndex(i)
		}
	}
	fit := func() { // a unit for a manual one; a breakdown the measure has
		m := r.currentMeasure()
		if m == alliance.MeasureManual {
			r.unit.Show()
		} else {
			r.unit.Hide()
		}
		if b := r.currentBreakdown(); !m.Splits(b) {
			r.breakdown.SetSelectedIndex(0)
		}
	}
	r.measure.OnChanged = func(string) { fit() }
	fit()
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		for i, x := range f.rows {
			if x == r {
				f.rows = append(f.rows[:i], f.rows[i+1:]...)
				f.rowBox.Remove(r.box)
			}
		}
		f.scroll.Refresh()
	})
	del.Importance = widget.LowImportance
	r.box = container.NewBorder(nil, widget.NewSeparator(), nil, del,
		container.NewVBox(r.name, kit.Columns(2, r.measure, r.breakdown), kit.Columns(2, r.target, r.unit)))
	f.rows = append(f.rows, r)
	f.rowBox.Add(r.box)
}

func (r *indicatorRow) currentMeasure() alliance.Measure {
	if i := r.measure.SelectedIndex(); i >= 0 {
		return alliance.Measures[i]
	}
	return ""
}

func (r *indicatorRow) currentBreakdown() alliance.Breakdown {
	if i := r.breakdown.SelectedIndex(); i >= 0 {
		return alliance.Breakdowns[i]
	}
	return alliance.ByNothing
}

// collect reads the inputs into a campaign, or says what cannot be read.
func (f *form) collect() (alliance.Campaign, []alliance.FieldError) {
	c := f.c
	var errs []alliance.FieldError
	if i := f.kind.SelectedIndex(); i >= 0 {
		c.Kind = alliance.CampaignKinds[i]
	}
	c.Name, c.NameRU, c.NameEN, c.Donor = f.name.Text, f.nameRU.Text, f.nameEN.Text, f.donor.Text
	c.Description = f.description.Text
	var ok bool
	if c.Start, ok = f.start.Date(); !ok {
		errs = append(errs, alliance.FieldError{Field: alliance.FieldStart, Key: "validation.date_format"})
	}
	if c.End, ok = f.end.Date(); !ok {
		errs = append(errs, alliance.FieldError{Field: alliance.FieldEnd, Key: "validation.date_format"})
	}
	c.Regions = f.regions.Chosen()
	c.Indicators = []alliance.Indicator{}
	for i, r := range f.rows {
		ind := r.ind
		ind.Name, ind.Unit = r.name.Text, r.unit.Text
		ind.Measure, ind.Breakdown = r.currentMeasure(), r.currentBreakdown()
		ind.Target = 0
		if t := strings.TrimSpace(r.target.Text); t != "" {
			n, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64)
			if err != nil {
				errs = append(errs, alliance.FieldError{Field: alliance.FieldIndicators, Key: "validation.indicator_target",
					Args: alliance.Args{"N": i + 1}})
			}
			ind.Target = n
		}
		c.Indicators = append(c.Indicators, ind)
	}
	return c, errs
}

func (f *form) dirty() bool {
	c, _ := f.collect()
	return !reflect.DeepEqual(c, f.initial)
}

// submit checks and saves off the UI goroutine.
func (f *form) submit() {
	c, errs := f.collect()
	if len(errs) == 0 {
		errs = alliance.ErrorFields(c.ValidateAt(alliance.Today()))
	}
	svc := f.s.e.Services().Campaigns
	f.sub.Submit(f.s.e.Background, errs, func(ctx context.Context) error {
		if c.ID == "" {
			return svc.CreateCampaign(ctx, &c)
		}
		return svc.UpdateCampaign(ctx, &c)
	}, func() { f.s.saved(c.ID, i18n.T("campaigns.saved")) })
}

func (f *form) cancel() {
	f.s.ConfirmLeave(func(ok bool) {
		if !ok {
			return
		}
		f.s.form = nil
		if f.c.ID == "" {
			f.s.pane.ShowHint()
			return
		}
		f.s.open(f.c.ID)
	})
}
