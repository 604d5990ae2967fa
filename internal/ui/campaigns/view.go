package campaigns

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// view is a campaign's progress: what it is, each indicator against its
// target with its breakdown, and the project report.
type view struct {
	s        *Screen
	rep      *alliance.CampaignReport
	bars     []*widget.ProgressBar // one an indicator with a target
	progress *widget.ProgressBarInfinite
	root     fyne.CanvasObject
}

func newView(s *Screen, rep *alliance.CampaignReport) *view {
	v := &view{s: s, rep: rep, progress: widget.NewProgressBarInfinite()}
	v.progress.Hide()
	c := rep.Campaign
	lang := i18n.Language()
	items := []fyne.CanvasObject{kit.Heading(c.NameIn(lang))}
	about := []string{i18n.T("campaign.kind." + string(c.Kind)), c.Start.DMY() + " – " + c.End.DMY()}
	if c.Donor != "" {
		about = append(about, i18n.Tf("campaign.donor_is", i18n.Args{"Donor": c.Donor}))
	}
	if len(c.Regions) > 0 {
		names := make([]string, len(c.Regions))
		for i, r := range c.Regions {
			names[i] = kit.RegionName(s.e.Regions(), r)
		}
		about = append(about, strings.Join(names, ", "))
	}
	items = append(items, kit.Wrapped(strings.Join(about, " · ")))
	if c.Description != "" {
		items = append(items, kit.Wrapped(c.Description))
	}
	items = append(items, kit.Wrapped(i18n.Tf("campaign.linked", i18n.Args{"N": i18n.Number(rep.Activities),
		"People": i18n.Number(rep.Reached.Total())})))
	if len(rep.Indicators) == 0 {
		none := kit.Wrapped(i18n.T("campaign.no_indicators"))
		none.Importance = widget.LowImportance
		items = append(items, none)
	}
	o := report.Options{Lang: lang, Regions: s.e.Regions()}
	x := report.Labeller(o)
	for i, p := range rep.Indicators {
		items = append(items, v.indicator(i, p, x))
	}
	xlsx := widget.NewButtonWithIcon(i18n.T("campaigns.export_xlsx"), theme.DocumentSaveIcon(), func() { v.export("xlsx") })
	pdf := widget.NewButtonWithIcon(i18n.T("campaigns.export_pdf"), theme.DocumentPrintIcon(), func() { v.export("pdf") })
	buttons := []fyne.CanvasObject{xlsx, pdf}
	if s.e.Secretariat() {
		edit := widget.NewButtonWithIcon(i18n.T("campaigns.edit"), theme.DocumentCreateIcon(), func() { s.edit(&c) })
		edit.Importance = widget.HighImportance
		del := widget.NewButtonWithIcon(i18n.T("form.delete"), theme.DeleteIcon(), v.deleteTapped)
		del.Importance = widget.DangerImportance
		buttons = append([]fyne.CanvasObject{edit}, append(buttons, del)...)
	}
	items = append(items, widget.NewSeparator(), kit.Flow(buttons...), v.progress)
	v.root = container.NewVScroll(container.NewPadded(container.NewVBox(items...)))
	return v
}

func (v *view) object() fyne.CanvasObject { return v.root }

// indicator is one indicator: its name and unit, how far it has come
// against its target, its breakdown, and on the secretariat's laptops the
// way to enter progress of one counted by hand.
func (v *view) indicator(i int, p alliance.IndicatorProgress, x report.Labels) fyne.CanvasObject {
	ind := p.Indicator
	name := widget.NewLabelWithStyle(ind.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	var figure string
	if ind.Target > 0 {
		figure = i18n.Tf("campaigns.of_target", i18n.Args{"Actual": i18n.Decimal(p.Actual), "Target": i18n.Decimal(ind.Target),
			"Unit": x.Unit(ind), "Percent": x.Percent(p)})
	} else {
		figure = i18n.Decimal(p.Actual) + " " + x.Unit(ind)
	}
	box := container.NewVBox(name, widget.NewLabel(figure))
	if ind.Target > 0 {
		bar := widget.NewProgressBar()
		bar.Max = ind.Target
		bar.SetValue(min(p.Actual, ind.Target))
		bar.TextFormatter = func() string { return x.Percent(p) }
		v.bars = append(v.bars, bar)
		box.Add(bar)
	}
	if b := x.Breakdown(p); b != "" {
		l := kit.Wrapped(b)
		l.SizeName = theme.SizeNameCaptionText
		box.Add(l)
	}
	if ind.Measure == alliance.MeasureManual && v.s.e.Secretariat() {
		add := widget.NewButtonWithIcon(i18n.T("campaigns.add_progress"), theme.ContentAddIcon(), func() { v.addProgress(i) })
		add.Importance = widget.LowImportance
		box.Add(kit.Flow(add))
	}
	box.Add(widget.NewSeparator())
	return box
}

// addProgress asks for a value of manual indicator i and saves it.
func (v *view) addProgress(i int) {
	e := v.s.e
	date := kit.NewDateEntry(i18n.T("date.placeholder"))
	date.SetDate(alliance.Today())
	value := widget.NewEntry()
	regions := append([]string{i18n.T("campaign.no_region")}, kit.RegionLabels(e.Regions())...)
	region := widget.NewSelect(regions, nil)
	region.SetSelectedIndex(0)
	note := widget.NewEntry()
	errs := kit.NewFormErrors()
	form := container.NewVBox(errs.Banner,
		errs.Field("date", i18n.T("campaigns.progress_date"), true, date.Object()),
		errs.Field("value", i18n.T("campaigns.progress_value"), true, value),
		errs.Field("region", i18n.T("campaigns.progress_region"), false, region),
		errs.Field("note", i18n.T("campaigns.progress_note"), false, note))
	var d dialog.Dialog
	save := func() {
		var fe []alliance.FieldError
		day, ok := date.Date()
		if !ok || day.IsZero() {
			fe = append(fe, alliance.FieldError{Field: "date", Key: "validation.date_format"})
		}
		n, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(value.Text), ",", ".", 1), 64)
		if err != nil || n < 0 || n > alliance.MaxTarget {
			fe = append(fe, alliance.FieldError{Field: "value", Key: "validation.count_format"})
		}
		if len(fe) > 0 {
			errs.Show(fe)
			return
		}
		p := alliance.Progress{Date: day, Value: n, Note: strings.TrimSpace(note.Text)}
		if j := region.SelectedIndex(); j > 0 {
			p.RegionID = e.Regions()[j-1].ID
		}
		c := v.rep.Campaign
		c.Indicators = append([]alliance.Indicator(nil), c.Indicators...)
		c.Indicators[i].Progress = append(append([]alliance.Progress(nil), c.Indicators[i].Progress...), p)
		e.Background(func(ctx context.Context) error {
			return e.Services().Campaigns.UpdateCampaign(ctx, &c)
		}, func(err error) {
			if err != nil {
				errs.ShowErr(err)
				return
			}
			d.Hide()
			v.s.saved(c.ID, i18n.T("campaigns.progress_saved"))
		})
	}
	// The dialog stays open on a value that cannot be kept, saying why.
	saveBtn := widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), save)
	saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("form.cancel"), func() { d.Hide() })
	form.Add(kit.Flow(saveBtn, cancel))
	d = dialog.NewCustomWithoutButtons(i18n.T("campaigns.add_progress"), form, e.Window())
	kit.FitDialog(d, e.Window(), fyne.NewSize(420, 0))
	d.Show()
}

// deleteTapped asks, then deletes the campaign (its activities keep
// their link, which nothing counts any more).
func (v *view) deleteTapped() {
	e := v.s.e
	c := v.rep.Campaign
	kit.Confirm(e.Window(), i18n.T("campaigns.delete_title"), i18n.Tf("campaigns.delete_body", i18n.Args{"Name": c.NameIn(i18n.Language())}),
		i18n.T("form.delete"), i18n.T("form.cancel"), func(ok bool) {
			if !ok {
				return
			}
			e.Background(func(ctx context.Context) error {
				return e.Services().Campaigns.DeleteCampaign(ctx, c.ID)
			}, func(err error) {
				if err != nil {
					e.ShowError(err)
					return
				}
				v.s.saved("", i18n.T("campaigns.deleted"))
			})
		})
}

// export asks where, then writes the project report there.
func (v *view) export(format string) {
	e := v.s.e
	c := v.rep.Campaign
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			e.ShowError(err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		v.save(format, path)
	}, e.Window())
	d.SetFileName(kit.SafeFileName(c.NameIn(i18n.Language())+" "+time.Now().Format("2006-01-02")) + "." + format)
	kit.ShowFileDialog(d, e.Window(), "file.save_title")
}

// save writes the project report to path, beside it first and then
// renamed, in the app's language.
func (v *view) save(format, path string) {
	e := v.s.e
	o := report.Options{Lang: i18n.Language(), Regions: e.Regions(), Orgs: map[string]string{}, Campaigns: map[string]string{}}
	for _, org := range e.Organisations() {
		o.Orgs[org.ID] = org.NameIn(o.Lang)
	}
	for _, c := range e.Campaigns() {
		o.Campaigns[c.ID] = c.NameIn(o.Lang)
	}
	if p := e.SignedIn(); p != nil {
		by := p.Person()
		o.By = &by
	}
	o.Device = e.Info().DeviceID
	id := v.rep.Campaign.ID
	v.progress.Show()
	e.Background(func(ctx context.Context) error {
		return safefile.Write(path, func(w io.Writer) error {
			return report.WriteCampaign(ctx, w, format, e.Services().Campaigns, id, o)
		})
	}, func(err error) {
		v.progress.Hide()
		if err != nil {
			e.ShowError(err)
			return
		}
		v.s.say(i18n.Tf("report.saved", i18n.Args{"Path": path}))
	})
}
