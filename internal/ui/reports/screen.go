// Package reports is the Reports screen: the dashboard of a period and
// scope and the exports (Excel, CSV, the printed summary).
package reports

import (
	"context"
	"image"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Screen is the dashboard of a period and scope — the figures and
// the charts, the same as in the exports — and the exports themselves:
// Excel, CSV and the printed summary, in the language chosen.
type Screen struct {
	e        env.Env
	preset   *widget.Select
	from, to *kit.DateEntry
	scope    *widget.Select
	scopes   []alliance.ReportFilter // what each scope option filters
	lang     *widget.Select
	table    *widget.Select
	names    *widget.Check
	figures  *fyne.Container
	charts   *fyne.Container
	status   *widget.Label
	progress *widget.ProgressBarInfinite
	errs     *widget.Label
	root     *container.Scroll
	loading  int // the last reload asked; older answers are dropped
}

// chartSize is the size of a dashboard chart, in points.
const chartW, chartH = 460, 260

// New makes the screen and loads this year's figures.
func New(e env.Env) *Screen {
	s := &Screen{e: e, figures: container.NewGridWithColumns(4), charts: container.NewGridWrap(fyne.NewSize(chartW, chartH)),
		status: kit.Wrapped(""), progress: widget.NewProgressBarInfinite(), errs: kit.ErrorLabel()}
	s.progress.Hide()
	s.from, s.to = kit.NewDateEntry(i18n.T("date.placeholder")), kit.NewDateEntry(i18n.T("date.placeholder"))
	s.from.OnChanged, s.to.OnChanged = s.periodTyped, s.periodTyped
	presets := []string{i18n.T("report.preset.this_year"), i18n.T("report.preset.last_year"), i18n.T("report.preset.last_12"),
		i18n.T("report.preset.all"), i18n.T("report.preset.custom")}
	s.preset = widget.NewSelect(presets, func(string) { s.applyPreset() })
	s.scope = widget.NewSelect(nil, nil)
	s.fillScopes()
	langs := []string{"Azərbaycanca", "Русский", "English"}
	s.lang = widget.NewSelect(langs, nil)
	s.lang.SetSelectedIndex(map[string]int{"az": 0, "ru": 1, "en": 2}[i18n.Language()])
	var tables []string
	for _, t := range report.Tables {
		tables = append(tables, i18n.T("export.sheet."+string(t)))
	}
	s.table = widget.NewSelect(tables, nil)
	s.table.SetSelectedIndex(0)
	s.names = widget.NewCheck(i18n.T("report.include_names"), nil)

	xlsx := widget.NewButtonWithIcon(i18n.T("report.export_xlsx"), theme.DocumentSaveIcon(), func() { s.export("xlsx") })
	xlsx.Importance = widget.HighImportance
	csvBtn := widget.NewButtonWithIcon(i18n.T("report.export_csv"), theme.DocumentSaveIcon(), func() { s.export("csv") })
	pdf := widget.NewButtonWithIcon(i18n.T("report.export_pdf"), theme.DocumentPrintIcon(), func() { s.export("pdf") })
	field := func(key string, o fyne.CanvasObject) fyne.CanvasObject {
		return container.New(layout.NewCustomPaddedVBoxLayout(0), widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), o)
	}
	filters := container.NewGridWithColumns(4, field("report.period", s.preset), field("report.from", s.from.Object()),
		field("report.to", s.to.Object()), field("report.scope", s.scope))
	exports := container.NewVBox(
		widget.NewSeparator(),
		kit.Heading(i18n.T("report.exports")),
		container.NewGridWithColumns(4, field("report.language", s.lang), field("report.csv_table", s.table)),
		s.names,
		kit.Flow(xlsx, csvBtn, pdf),
		s.progress, s.status)
	docx := widget.NewButtonWithIcon(i18n.T("report.evidence_docx"), theme.DocumentSaveIcon(), func() { s.exportEvidence("docx") })
	evXLSX := widget.NewButtonWithIcon(i18n.T("report.evidence_xlsx"), theme.DocumentSaveIcon(), func() { s.exportEvidence("xlsx") })
	evidence := container.NewVBox(
		widget.NewSeparator(),
		kit.Heading(i18n.T("report.evidence")),
		kit.Wrapped(i18n.T("report.evidence_hint")),
		kit.Flow(docx, evXLSX))
	body := container.NewVBox(kit.TitleRow(theme.DocumentIcon(), i18n.T("report.screen_title")), filters, s.errs,
		s.figures, s.charts, exports, evidence)
	s.root = container.NewVScroll(container.NewPadded(body))
	s.scope.OnChanged = func(string) { s.reload() }
	s.preset.SetSelectedIndex(int(ThisYear)) // loads the figures
	return s
}

// Object is the screen's content.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Reload computes the figures again (after a sync brought records).
func (s *Screen) Reload() { s.reload() }

// Preset is one of the periods offered, in their order.
type Preset int

// The periods offered.
const (
	ThisYear Preset = iota
	LastYear
	Last12Months
	AllTime
	OwnDates
)

// fillScopes offers the secretariat the whole alliance, each region and
// each organisation; a member laptop reports on its own organisation.
func (s *Screen) fillScopes() {
	e := s.e
	var labels []string
	s.scopes = nil
	add := func(label string, f alliance.ReportFilter) {
		labels = append(labels, label)
		s.scopes = append(s.scopes, f)
	}
	if !e.Secretariat() && e.OrgID() != "" {
		name := e.OrgID()
		for _, o := range e.Organisations() {
			if o.ID == e.OrgID() {
				name = o.Name
			}
		}
		add(name, alliance.ReportFilter{OrgID: e.OrgID()})
	} else {
		add(i18n.T("report.scope.everyone"), alliance.ReportFilter{})
		for _, r := range e.Regions() {
			add(i18n.Tf("report.scope.region", i18n.Args{"Region": i18n.RegionName(r)}), alliance.ReportFilter{RegionID: r.ID})
		}
		for _, o := range e.Organisations() {
			add(o.Name, alliance.ReportFilter{OrgID: o.ID})
		}
	}
	s.scope.Options = labels
	s.scope.SetSelectedIndex(0)
}

// applyPreset sets the dates of a chosen period.
func (s *Screen) applyPreset() {
	today := alliance.Today()
	setting := func(from, to alliance.Date) {
		s.from.OnChanged, s.to.OnChanged = nil, nil
		s.from.SetText("")
		s.to.SetText("")
		if !from.IsZero() {
			s.from.SetDate(from)
		}
		if !to.IsZero() {
			s.to.SetDate(to)
		}
		s.from.OnChanged, s.to.OnChanged = s.periodTyped, s.periodTyped
		s.reload()
	}
	switch Preset(s.preset.SelectedIndex()) {
	case ThisYear:
		setting(alliance.NewDate(today.Year, time.January, 1), alliance.NewDate(today.Year, time.December, 31))
	case LastYear:
		setting(alliance.NewDate(today.Year-1, time.January, 1), alliance.NewDate(today.Year-1, time.December, 31))
	case Last12Months:
		setting(today.AddDays(-365), today)
	case AllTime:
		setting(alliance.Date{}, alliance.Date{})
	}
}

// periodTyped follows dates typed by hand.
func (s *Screen) periodTyped() {
	if Preset(s.preset.SelectedIndex()) != OwnDates {
		s.preset.OnChanged = nil
		s.preset.SetSelectedIndex(int(OwnDates))
		s.preset.OnChanged = func(string) { s.applyPreset() }
	}
	s.reload()
}

// filter is what the inputs say, or false when a date is not a date.
func (s *Screen) filter() (alliance.ReportFilter, bool) {
	var f alliance.ReportFilter
	if i := s.scope.SelectedIndex(); i >= 0 && i < len(s.scopes) {
		f = s.scopes[i]
	}
	for _, d := range []struct {
		in  *kit.DateEntry
		out *alliance.Date
	}{{s.from, &f.From}, {s.to, &f.To}} {
		if d.in.Text() == "" {
			continue
		}
		v, ok := d.in.Date()
		if !ok {
			return f, false
		}
		*d.out = v
	}
	return f, true
}

// check says what is wrong with the period typed, or "".
func (s *Screen) check() (alliance.ReportFilter, string) {
	f, ok := s.filter()
	switch {
	case !ok:
		return f, i18n.T("validation.date_format")
	case !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To):
		return f, i18n.T("validation.end_before_start")
	}
	return f, ""
}

func (s *Screen) options() report.Options {
	e := s.e
	o := report.Options{Lang: []string{"az", "ru", "en"}[max(0, s.lang.SelectedIndex())], Regions: e.Regions(),
		Orgs: map[string]string{}, IncludeChildNames: s.names.Checked, Device: e.Info().DeviceID}
	if e.SignedIn() != nil {
		by := e.SignedIn().Person()
		o.By = &by
	}
	for _, x := range e.Organisations() {
		o.Orgs[x.ID] = x.NameIn(o.Lang) // the file's language
	}
	o.Campaigns = map[string]string{}
	for _, c := range e.Campaigns() {
		o.Campaigns[c.ID] = c.NameIn(o.Lang)
	}
	o.Resources = map[string]string{}
	for _, r := range e.Resources() {
		o.Resources[r.ID] = r.Version(o.Lang).Title
	}
	return o
}

// reload computes the figures and draws the charts off the UI goroutine.
func (s *Screen) reload() {
	f, problem := s.check()
	kit.SetError(s.errs, problem)
	if problem != "" {
		return
	}
	e := s.e
	s.loading++
	mine := s.loading
	o := s.options()
	o.Lang = i18n.Language() // the dashboard speaks the app's language
	var figures []report.Figure
	var pictures []image.Image
	e.Background(func(ctx context.Context) error {
		sum, err := e.Services().Reports.Summary(ctx, f)
		if err != nil {
			return err
		}
		figs, chs := report.Dashboard(sum, o)
		figures = figs
		for _, c := range chs { // drawn here, shown as they are: no encoding on the way
			img, err := c.Image(chartW, chartH, 2)
			if err != nil {
				return err
			}
			pictures = append(pictures, img)
		}
		return nil
	}, func(err error) {
		if mine != s.loading {
			return // a newer reload is on its way
		}
		if err != nil {
			kit.SetError(s.errs, i18n.Error(err))
			return
		}
		s.show(figures, pictures)
	})
}

// show puts the figures and the charts on screen.
func (s *Screen) show(figures []report.Figure, pictures []image.Image) {
	s.figures.Objects = nil
	loc := i18n.For(i18n.Language())
	for _, f := range figures {
		value := widget.NewLabelWithStyle(loc.Figure(f.Value), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		value.SizeName = theme.SizeNameSubHeadingText
		label := widget.NewLabel(f.Label)
		label.Wrapping = fyne.TextWrapWord
		label.SizeName = theme.SizeNameCaptionText
		s.figures.Add(container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()), value, label))
	}
	s.charts.Objects = nil
	for _, pic := range pictures {
		img := canvas.NewImageFromImage(pic)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(chartW, chartH))
		s.charts.Add(img)
	}
	s.figures.Refresh()
	s.charts.Refresh()
	s.root.Refresh()
}

// export asks where, then saves there.
func (s *Screen) export(format string) {
	name := i18n.T("report.file_name") + " " + time.Now().Format("2006-01-02")
	if format == "csv" {
		name += " " + i18n.T("export.sheet."+string(report.Tables[max(0, s.table.SelectedIndex())]))
	}
	s.ask(name+"."+format, func(path string) { s.save(format, path) })
}

// exportEvidence asks where, then saves the evidence for the alternative
// report there.
func (s *Screen) exportEvidence(format string) {
	name := i18n.T("report.evidence_file_name") + " " + time.Now().Format("2006-01-02") + "." + format
	s.ask(name, func(path string) { s.saveEvidence(format, path) })
}

// ask checks the period, then asks where to save a file first named name.
func (s *Screen) ask(name string, then func(path string)) {
	e := s.e
	if _, problem := s.check(); problem != "" {
		kit.SetError(s.errs, problem)
		kit.ShowMessage(e.Window(), i18n.T("error.title"), problem) // the buttons are far below the dates
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			e.ShowError(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		then(path)
	}, e.Window())
	d.SetFileName(kit.SafeFileName(name))
	kit.ShowFileDialog(d, e.Window(), "file.save_title")
}

// save writes the export to path.
func (s *Screen) save(format, path string) {
	table := report.Tables[max(0, s.table.SelectedIndex())]
	s.write(path, func(ctx context.Context, w io.Writer, f alliance.ReportFilter, o report.Options) error {
		return report.Export(ctx, w, format, s.e.Services().Reports, table, f, o)
	})
}

// saveEvidence writes the evidence for the alternative report to path.
func (s *Screen) saveEvidence(format, path string) {
	s.write(path, func(ctx context.Context, w io.Writer, f alliance.ReportFilter, o report.Options) error {
		return report.WriteEvidence(ctx, w, format, s.e.Services().Reports, f, o)
	})
}

// write makes a file off the UI goroutine, first beside path and then
// renamed: a cut export never leaves a half file under the name chosen.
func (s *Screen) write(path string, produce func(ctx context.Context, w io.Writer, f alliance.ReportFilter, o report.Options) error) {
	e := s.e
	f, problem := s.check()
	if problem != "" {
		kit.SetError(s.errs, problem)
		return
	}
	o := s.options()
	s.progress.Show()
	s.status.SetText(i18n.T("report.exporting"))
	o.Progress = func(n int) {
		e.Post(func() { s.status.SetText(i18n.Tf("report.exporting_rows", i18n.Args{"Rows": i18n.Number(n)})) })
	}
	e.Background(func(ctx context.Context) error {
		return safefile.Write(path, func(w io.Writer) error { return produce(ctx, w, f, o) })
	}, func(err error) {
		s.progress.Hide()
		if err != nil {
			s.status.SetText("")
			e.ShowError(err)
			return
		}
		s.status.SetText(i18n.Tf("report.saved", i18n.Args{"Path": path}))
	})
}
