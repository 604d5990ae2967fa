package trainings

import (
	"context"
	"encoding/json"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/ui/history"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// trainingForm edits a training's own fields and its sessions.
type trainingForm struct {
	v          *trainingView
	title      *widget.Entry
	area       *widget.Select
	crc        *kit.ChipSelect
	crcSuggest *widget.Button
	campaigns  *kit.ChipSelect
	audience   *widget.Select
	org        *widget.Select
	orgIDs     []string
	trainers   *widget.Entry
	region     *widget.Select
	settlement *widget.Entry
	place      *widget.Entry
	sessions   []*sessionRow
	sessionBox *fyne.Container
	total      *widget.Label
	minAttend  *kit.NumberEntry
	signers    *widget.Entry
	notes      *widget.Entry
	errs       *kit.FormErrors
	save       *widget.Button
	link       *widget.Button
	initial    string // the state as loaded, to tell unsaved changes
	scroll     *container.Scroll
}

// sessionRow is one session's inputs.
type sessionRow struct {
	id     string
	date   *kit.DateEntry
	start  *widget.Entry
	hours  *widget.Entry
	remove *widget.Button
	box    fyne.CanvasObject
}

func newTrainingForm(v *trainingView) *trainingForm {
	u := v.s.u
	f := &trainingForm{v: v, errs: kit.NewFormErrors()}
	f.errs.Shown = func() { u.FormChanged() }
	f.title = widget.NewEntry()
	f.area = widget.NewSelect(kit.AreaLabels(), func(string) { f.updateSuggest() })
	f.crc = kit.NewChipSelect(kit.ArticleCodes(), func(c string) string { return i18n.Article(alliance.Article(c)) })
	f.crc.OnChanged = f.updateSuggest
	f.crcSuggest = widget.NewButtonWithIcon(i18n.T("form.crc_suggest"), theme.ContentAddIcon(), f.suggestArticles)
	f.crcSuggest.Importance = widget.LowImportance
	f.campaigns = kit.NewChipSelect(kit.CampaignIDs(u.Campaigns()), func(id string) string { return kit.CampaignName(u.Campaigns(), id) })
	f.audience = widget.NewSelect(kit.AudienceLabels(), nil)
	orgLabels := []string{i18n.T("form.no_org")}
	f.orgIDs = []string{""}
	for _, o := range u.Organisations() {
		orgLabels = append(orgLabels, o.Name)
		f.orgIDs = append(f.orgIDs, o.ID)
	}
	f.org = widget.NewSelect(orgLabels, nil)
	f.trainers = widget.NewEntry()
	f.region = widget.NewSelect(kit.RegionLabels(u.Regions()), nil)
	f.settlement = widget.NewEntry()
	f.place = widget.NewEntry()
	f.sessionBox = container.NewVBox()
	f.total = widget.NewLabel("")
	f.minAttend = kit.NewNumberEntry()
	f.signers = widget.NewMultiLineEntry()
	f.signers.SetMinRowsVisible(2)
	f.notes = widget.NewMultiLineEntry()
	f.notes.Wrapping = fyne.TextWrapWord
	f.notes.SetMinRowsVisible(3)
	for _, sel := range []*widget.Select{f.area, f.audience, f.region} {
		sel.PlaceHolder = i18n.T("form.choose")
	}
	f.save = widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	del := widget.NewButtonWithIcon(i18n.T("form.delete"), theme.DeleteIcon(), f.deleteTapped)
	del.Importance = widget.DangerImportance
	f.link = widget.NewButtonWithIcon(i18n.T("trainings.link_activity"), theme.ListIcon(), f.linkActivity)
	if v.training == nil {
		del.Hide()
		f.link.Hide()
	}

	t := v.training
	if t == nil {
		t = &alliance.Training{OrgID: u.OrgID(), MinAttendance: alliance.DefaultMinAttendance,
			Sessions: []alliance.Session{{Date: alliance.Today(), Hours: 4}}}
	}
	f.fill(t)

	field := func(name, label string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
		return f.errs.Field(name, i18n.T(label), required, input)
	}
	addSession := widget.NewButtonWithIcon(i18n.T("session.add"), theme.ContentAddIcon(), func() {
		last := alliance.Today()
		if n := len(f.sessions); n > 0 {
			if d, ok := f.sessions[n-1].date.Date(); ok && !d.IsZero() {
				last = d.AddDays(1)
			}
		}
		f.addSession(alliance.Session{Date: last, Hours: 4})
		f.updateTotal()
		f.scroll.Refresh()
	})
	// The headers stand over the inputs: as wide, less the delete button.
	gap := canvas.NewRectangle(color.Transparent)
	gap.SetMinSize(widget.NewButtonWithIcon("", theme.DeleteIcon(), nil).MinSize())
	heads := container.NewBorder(nil, nil, nil, gap,
		container.NewGridWithColumns(3, caption(i18n.T("session.date")), caption(i18n.T("session.start")), caption(i18n.T("session.hours"))))
	items := []fyne.CanvasObject{f.errs.Banner, field(alliance.FieldTitle, "field.title", true, f.title)}
	if len(f.orgIDs) > 1 {
		items = append(items, field(alliance.FieldOrg, "field.org_id", false, f.org))
	}
	items = append(items,
		// A priority area's name is long in Russian: it gets the whole row.
		field(alliance.FieldArea, "field.area", true, f.area),
		field(alliance.FieldCRC, "field.crc_articles", false, container.NewVBox(f.crc.Object(), kit.Flow(f.crcSuggest))),
		field(alliance.FieldCampaigns, "field.campaigns", false, f.campaigns.Object()),
		kit.Pair(field(alliance.FieldAudience, "field.audience", true, f.audience), field(alliance.FieldTrainers, "field.trainers", false, f.trainers)),
		kit.Pair(field(alliance.FieldRegion, "field.region_id", true, f.region), field(alliance.FieldSettlement, "field.settlement", false, f.settlement)),
		field(alliance.FieldPlace, "field.place", false, f.place),
		field(alliance.FieldSessions, "field.sessions", true, container.NewVBox(heads, f.sessionBox,
			container.NewBorder(nil, nil, addSession, nil, f.total))),
		field(alliance.FieldMinAttendance, "field.min_attendance", true, container.NewGridWithColumns(3, f.minAttend.Object())),
		field("signatories", "field.signatories", false, f.signers),
		field(alliance.FieldNotes, "field.notes", false, f.notes),
		kit.Flow(f.save, f.link, f.historyButton(), layout.NewSpacer(), del),
	)
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(items...)))
	f.errs.Refresh, f.errs.Scroll = f.scroll.Refresh, f.scroll
	f.crc.OnResized = f.scroll.Refresh
	f.campaigns.OnResized = f.scroll.Refresh
	f.initial = f.snapshot()
	return f
}

// suggestedArticles are the area's usual articles not chosen yet.
func (f *trainingForm) suggestedArticles() []string {
	i := f.area.SelectedIndex()
	if i < 0 {
		return nil
	}
	var out []string
	for _, a := range alliance.AreaArticles[alliance.Areas[i]] {
		if !slices.Contains(f.crc.Chosen(), string(a)) {
			out = append(out, string(a))
		}
	}
	return out
}

// suggestArticles adds the area's usual articles.
func (f *trainingForm) suggestArticles() {
	if add := f.suggestedArticles(); len(add) > 0 {
		f.crc.SetChosen(append(f.crc.Chosen(), add...))
		f.updateSuggest()
	}
}

// updateSuggest offers the area's articles only when there are some to add.
func (f *trainingForm) updateSuggest() {
	if f.crcSuggest == nil {
		return
	}
	if len(f.suggestedArticles()) == 0 {
		f.crcSuggest.Disable()
	} else {
		f.crcSuggest.Enable()
	}
}

// codesOf are articles as the chips' codes.
func codesOf(arts []alliance.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = string(a)
	}
	return out
}

func caption(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

func (f *trainingForm) object() fyne.CanvasObject { return f.scroll }

// fill shows t in the inputs.
func (f *trainingForm) fill(t *alliance.Training) {
	u := f.v.s.u
	f.title.SetText(t.Title)
	kit.SelectIndex(f.area, slices.Index(kit.AreaCodes(), string(t.Area)))
	f.crc.SetChosen(codesOf(t.CRC))
	f.campaigns.Keep(t.Campaigns)
	f.campaigns.SetChosen(t.Campaigns)
	f.updateSuggest()
	kit.SelectIndex(f.audience, slices.Index(kit.AudienceCodes(), string(t.Audience)))
	kit.SelectIndex(f.org, slices.Index(f.orgIDs, t.OrgID))
	f.trainers.SetText(t.Trainers)
	kit.SelectIndex(f.region, slices.Index(regionIDsOf(u.Regions()), t.RegionID))
	f.settlement.SetText(t.Settlement)
	f.place.SetText(t.Place)
	f.minAttend.SetValue(t.MinAttendance)
	f.signers.SetText(t.Signatories)
	f.notes.SetText(t.Notes)
	f.sessions = nil
	f.sessionBox.RemoveAll()
	for _, s := range t.Sessions {
		f.addSession(s)
	}
	f.updateTotal()
	if t.ActivityID != "" {
		f.link.SetText(i18n.T("trainings.linked"))
		f.link.Disable()
	}
}

func (f *trainingForm) addSession(s alliance.Session) {
	r := &sessionRow{id: s.ID, date: kit.NewDateEntry(i18n.T("date.placeholder")), start: widget.NewEntry(), hours: widget.NewEntry()}
	r.date.SetDate(s.Date)
	r.start.SetText(s.Start)
	r.start.SetPlaceHolder("10:00")
	if s.Hours > 0 {
		r.hours.SetText(i18n.Decimal(s.Hours))
	}
	r.hours.OnChanged = func(string) { f.updateTotal() }
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		for i, x := range f.sessions {
			if x == r {
				f.sessions = append(f.sessions[:i], f.sessions[i+1:]...)
				f.sessionBox.Remove(r.box)
			}
		}
		f.updateTotal()
		f.scroll.Refresh()
	})
	r.remove.Importance = widget.LowImportance
	r.box = container.NewBorder(nil, nil, nil, r.remove, container.NewGridWithColumns(3, r.date.Object(), r.start, r.hours))
	f.sessions = append(f.sessions, r)
	f.sessionBox.Add(r.box)
}

func (f *trainingForm) updateTotal() {
	var sum float64
	for _, r := range f.sessions {
		if h, err := kit.ParseHours(r.hours.Text); err == nil {
			sum += h
		}
	}
	f.total.SetText(i18n.Tf("trainings.total_hours", i18n.Args{"Hours": i18n.Hours(sum)}))
}

// collect turns the inputs into a training, or field errors.
func (f *trainingForm) collect() (*alliance.Training, []alliance.FieldError) {
	u := f.v.s.u
	t := &alliance.Training{Title: f.title.Text, Trainers: f.trainers.Text, Settlement: f.settlement.Text, Place: f.place.Text,
		Signatories: f.signers.Text, Notes: f.notes.Text}
	if f.v.training != nil {
		t.ID, t.ActivityID = f.v.training.ID, f.v.training.ActivityID
	}
	if i := f.area.SelectedIndex(); i >= 0 {
		t.Area = alliance.Areas[i]
	}
	for _, c := range f.crc.Chosen() {
		t.CRC = append(t.CRC, alliance.Article(c))
	}
	t.Campaigns = f.campaigns.Chosen()
	if i := f.audience.SelectedIndex(); i >= 0 {
		t.Audience = alliance.Audiences[i]
	}
	if i := f.org.SelectedIndex(); i > 0 {
		t.OrgID = f.orgIDs[i]
	}
	if i := f.region.SelectedIndex(); i >= 0 {
		t.RegionID = u.Regions()[i].ID
	}
	var errs []alliance.FieldError
	min, ok := f.minAttend.Value()
	if !ok {
		errs = append(errs, alliance.FieldError{Field: alliance.FieldMinAttendance, Key: "validation.count_format"})
	}
	t.MinAttendance = min
	for i, r := range f.sessions {
		s := alliance.Session{ID: r.id, Start: strings.TrimSpace(r.start.Text)}
		if s.ID == "" {
			s.ID = alliance.NewID()
			r.id = s.ID
		}
		d, ok := r.date.Date()
		if !ok {
			errs = append(errs, alliance.FieldError{Field: alliance.FieldSessions, Key: "validation.session_date", Args: alliance.Args{"N": i + 1}})
		}
		s.Date = d
		if h, err := kit.ParseHours(r.hours.Text); err == nil {
			s.Hours = h
		}
		t.Sessions = append(t.Sessions, s)
	}
	if len(errs) == 0 {
		errs = alliance.ErrorFields(t.Validate())
	}
	return t, errs
}

// snapshot is the inputs as JSON, to tell unsaved changes.
func (f *trainingForm) snapshot() string {
	t, _ := f.collect()
	for i := range t.Sessions {
		t.Sessions[i].ID = ""
	}
	b, _ := json.Marshal(t)
	return string(b)
}

func (f *trainingForm) dirty() bool { return f.snapshot() != f.initial }

func (f *trainingForm) showErrors(errs []alliance.FieldError) { f.errs.Show(errs) }

func (f *trainingForm) submit() {
	t, errs := f.collect()
	f.showErrors(errs)
	if len(errs) > 0 {
		return
	}
	u := f.v.s.u
	creating := f.v.training == nil
	f.save.Disable()
	u.Background(func(ctx context.Context) error {
		if creating {
			return u.Services().Trainings.CreateTraining(ctx, t)
		}
		return u.Services().Trainings.UpdateTraining(ctx, t)
	}, func(err error) {
		f.save.Enable()
		if err != nil {
			f.errs.ShowErr(err)
			return
		}
		f.initial = f.snapshot()
		f.v.saved(t)
	})
}

func (f *trainingForm) deleteTapped() {
	t := f.v.training
	if t == nil {
		return
	}
	u := f.v.s.u
	kit.Confirm(u.Window(), i18n.T("confirm.delete_training.title"), i18n.Tf("confirm.delete_training.body", i18n.Args{"Title": t.Title}),
		i18n.T("confirm.delete.yes"), i18n.T("confirm.delete.no"), func(yes bool) {
			if !yes {
				return
			}
			u.Background(func(ctx context.Context) error { return u.Services().Trainings.DeleteTraining(ctx, t.ID) }, func(err error) {
				if err != nil {
					u.ShowError(err)
					return
				}
				f.v.s.closeView()
				f.v.s.Reload()
			})
		})
}

// linkActivity records the training in the activity log, once, so that
// reports count it as one activity.
func (f *trainingForm) linkActivity() {
	t := f.v.training
	if t == nil || t.ActivityID != "" {
		return
	}
	u := f.v.s.u
	from, to := t.Period()
	var ps []alliance.Participant
	u.Background(func(ctx context.Context) (err error) {
		if ps, err = u.Services().Trainings.FindParticipants(ctx, t.ID); err != nil {
			return err
		}
		a := &alliance.Activity{Kind: alliance.KindTraining, Title: t.Title, Start: from, End: to, RegionID: t.RegionID,
			Settlement: t.Settlement, Areas: []alliance.Area{t.Area}, Audiences: []alliance.Audience{t.Audience}, CRC: slices.Clone(t.CRC),
			Campaigns: slices.Clone(t.Campaigns),
			Partners:  t.Trainers, Description: t.Notes, RecordedBy: u.StaffName(), OrgID: t.OrgID}
		if a.RecordedBy == "" {
			a.RecordedBy = "—"
		}
		for _, p := range ps {
			switch {
			case p.IsChild() && p.Gender == alliance.Female:
				a.Reached.Girls++
			case p.IsChild():
				a.Reached.Boys++
			case p.Gender == alliance.Female:
				a.Reached.Women++
			default:
				a.Reached.Men++
			}
			if p.Accessibility != "" {
				a.Reached.Disabled++
			}
		}
		if err := u.Services().Activities.CreateActivity(ctx, a); err != nil {
			return err
		}
		t.ActivityID = a.ID
		return u.Services().Trainings.UpdateTraining(ctx, t)
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		f.link.SetText(i18n.T("trainings.linked"))
		f.link.Disable()
	})
}

func regionIDsOf(rs []alliance.Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// historyButton opens the training's history (hidden until it is saved).
func (f *trainingForm) historyButton() *widget.Button {
	u := f.v.s.u
	b := history.Button(u, syncproto.EntityTraining, func() string {
		if f.v.training == nil {
			return ""
		}
		return f.v.training.ID
	})
	b.Importance = widget.LowImportance
	if f.v.training == nil || u.Services().History == nil {
		b.Hide()
	}
	return b
}
