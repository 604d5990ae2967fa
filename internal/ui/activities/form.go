package activities

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
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

// formState is everything typed into the activity form, as typed: it is
// what a draft keeps and what tells whether the form has unsaved changes.
type formState struct {
	OrgID       string                `json:"org_id"`
	Kind        string                `json:"kind"`
	Title       string                `json:"title"`
	Start       string                `json:"start"`
	End         string                `json:"end"`
	Region      string                `json:"region"`
	Settlement  string                `json:"settlement"`
	Areas       []string              `json:"areas"`
	Audiences   []string              `json:"audiences"`
	CRC         []string              `json:"crc,omitempty"`
	Attachments []alliance.Attachment `json:"attachments,omitempty"`
	Campaigns   []string              `json:"campaigns,omitempty"`
	Resources   []resourceState       `json:"resources,omitempty"`
	Girls       string                `json:"girls"`
	Boys        string                `json:"boys"`
	Women       string                `json:"women"`
	Men         string                `json:"men"`
	Disabled    string                `json:"disabled"`
	Partners    string                `json:"partners"`
	Description string                `json:"description"`
	Results     string                `json:"results"`
	FollowUp    string                `json:"follow_up"`
	RecordedBy  string                `json:"recorded_by"`
}

// draftDelay is how long typing pauses before a draft is saved.
const draftDelay = 800 * time.Millisecond

// activityForm creates or edits one activity.
type activityForm struct {
	s       *Screen
	history *widget.Button
	editing *alliance.Activity // nil for a new activity
	initial formState
	loading bool // true while setState fills the widgets
	busy    bool
	closed  bool // saved, discarded or replaced: keeps no draft any more

	org        *widget.Select
	orgIDs     []string
	kind       *widget.Select
	title      *widget.Entry
	start, end *kit.DateEntry
	region     *widget.Select
	settlement *widget.Entry
	areas      *kit.ChipSelect
	audiences  *kit.ChipSelect
	crc        *kit.ChipSelect
	files      *activityFiles
	campaigns  *kit.ChipSelect
	resources  *activityResources
	crcSuggest *widget.Button
	counts     map[string]*kit.NumberEntry
	total      *widget.Label
	partners   *widget.Entry
	desc       *widget.Entry
	results    *widget.Entry
	followUp   *widget.Entry
	recordedBy *widget.Entry

	errs      map[string]*widget.Label
	banner    *widget.Label
	save      *widget.Button
	saveNew   *widget.Button
	cancel    *widget.Button
	delete    *widget.Button
	scroll    *container.Scroll
	stopDraft func()
}

var countFields = []string{alliance.FieldGirls, alliance.FieldBoys, alliance.FieldWomen, alliance.FieldMen, alliance.FieldDisabled}

func newActivityForm(s *Screen, editing *alliance.Activity) *activityForm {
	f := &activityForm{s: s, editing: editing, errs: map[string]*widget.Label{}, counts: map[string]*kit.NumberEntry{}}
	u := s.u

	orgLabels := []string{i18n.T("form.no_org")}
	f.orgIDs = []string{""}
	for _, o := range u.Organisations() {
		orgLabels = append(orgLabels, o.Name)
		f.orgIDs = append(f.orgIDs, o.ID)
	}
	f.org = widget.NewSelect(orgLabels, func(string) { f.changed() })
	f.kind = widget.NewSelect(kit.KindLabels(), func(string) { f.changed() })
	f.kind.PlaceHolder = i18n.T("form.choose")
	f.title = f.entry(false)
	f.start = kit.NewDateEntry(i18n.T("date.placeholder"))
	f.end = kit.NewDateEntry(i18n.T("date.placeholder"))
	lastStart := ""
	f.start.OnChanged = func() {
		// A one-day activity: the end follows the start until it is set apart.
		if !f.loading && (f.end.Text() == "" || f.end.Text() == lastStart) {
			f.end.SetText(f.start.Text())
		}
		lastStart = f.start.Text()
		f.changed()
	}
	f.end.OnChanged = f.changed
	f.region = widget.NewSelect(kit.RegionLabels(u.Regions()), func(string) { f.changed() })
	f.region.PlaceHolder = i18n.T("form.choose")
	f.settlement = f.entry(false)
	f.areas = kit.NewChipSelect(kit.AreaCodes(), func(c string) string { return i18n.T("area." + c) })
	f.areas.OnChanged = f.changed
	f.audiences = kit.NewChipSelect(kit.AudienceCodes(), func(c string) string { return i18n.T("audience." + c) })
	f.audiences.OnChanged = f.changed
	f.crc = kit.NewChipSelect(kit.ArticleCodes(), func(c string) string { return i18n.Article(alliance.Article(c)) })
	f.crc.OnChanged = func() { f.updateSuggest(); f.changed() }
	f.crcSuggest = widget.NewButtonWithIcon(i18n.T("form.crc_suggest"), theme.ContentAddIcon(), f.suggestArticles)
	f.crcSuggest.Importance = widget.LowImportance
	f.areas.OnChanged = func() { f.updateSuggest(); f.changed() }
	f.files = newActivityFiles(f)
	f.campaigns = kit.NewChipSelect(kit.CampaignIDs(u.Campaigns()), func(id string) string { return kit.CampaignName(u.Campaigns(), id) })
	f.campaigns.OnChanged = f.changed
	f.resources = newActivityResources(f)
	for _, name := range countFields {
		n := kit.NewNumberEntry()
		n.OnChanged = func() { f.updateTotal(); f.changed() }
		f.counts[name] = n
	}
	f.total = widget.NewLabel("")
	f.partners = f.entry(false)
	f.desc = f.entry(true)
	f.desc.SetPlaceHolder(i18n.T("activity.description.placeholder")) // activities are not encrypted (README)
	f.results = f.entry(true)
	f.followUp = f.entry(true)
	f.recordedBy = f.entry(false)
	f.recordedBy.OnSubmitted = func(string) { f.submit(false) }

	f.banner = kit.ErrorLabel()
	f.save = widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), func() { f.submit(false) })
	f.save.Importance = widget.HighImportance
	f.saveNew = widget.NewButtonWithIcon(i18n.T("form.save_new"), theme.ContentAddIcon(), func() { f.submit(true) })
	f.cancel = widget.NewButton(i18n.T("form.cancel"), f.cancelTapped)
	f.delete = widget.NewButtonWithIcon(i18n.T("form.delete"), theme.DeleteIcon(), f.deleteTapped)
	f.delete.Importance = widget.DangerImportance
	f.history = history.Button(s.u, syncproto.EntityActivity, func() string {
		if f.editing == nil {
			return ""
		}
		return f.editing.ID
	})
	f.history.Importance = widget.LowImportance
	if editing == nil {
		f.delete.Hide()
	}
	if editing == nil || s.u.Services().History == nil {
		f.history.Hide()
	}
	f.scroll = container.NewVScroll(f.layout())
	f.areas.OnResized = f.scroll.Refresh
	f.audiences.OnResized = f.scroll.Refresh
	f.crc.OnResized = f.scroll.Refresh
	f.updateSuggest()
	return f
}

func (f *activityForm) entry(multiLine bool) *widget.Entry {
	e := widget.NewEntry()
	if multiLine {
		e = widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	}
	e.OnChanged = func(string) { f.changed() }
	return e
}

// layout places the fields in reading order, which is also the Tab order.
func (f *activityForm) layout() fyne.CanvasObject {
	title := i18n.T("activities.new")
	if f.editing != nil {
		title = i18n.T("activities.edit")
	}
	field := func(name string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
		return kit.FormField(f.errs, name, i18n.T("field."+name), required, input)
	}

	var counts []fyne.CanvasObject
	for _, name := range countFields[:4] {
		counts = append(counts, field(name, false, f.counts[name].Object()))
	}
	hint := widget.NewLabel(i18n.T("form.required_hint"))
	hint.SizeName = theme.SizeNameCaptionText

	items := []fyne.CanvasObject{kit.Heading(title), hint, f.banner}
	if len(f.orgIDs) > 1 {
		items = append(items, field(alliance.FieldOrg, false, f.org))
	}
	items = append(items,
		field(alliance.FieldKind, true, f.kind),
		field(alliance.FieldTitle, true, f.title),
		kit.Pair(field(alliance.FieldStart, true, f.start.Object()), field(alliance.FieldEnd, true, f.end.Object())),
		kit.Pair(field(alliance.FieldRegion, true, f.region), field(alliance.FieldSettlement, false, f.settlement)),
		field(alliance.FieldAreas, true, f.areas.Object()),
		field(alliance.FieldAudiences, false, f.audiences.Object()),
		field(alliance.FieldCRC, false, container.NewVBox(f.crc.Object(), kit.Flow(f.crcSuggest))),
		field(alliance.FieldCampaigns, false, f.campaigns.Object()),
		field(alliance.FieldUses, false, f.resources.object()),
		widget.NewLabelWithStyle(i18n.T("field.reached"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		kit.Columns(4, counts...),
		kit.Pair(field(alliance.FieldDisabled, false, f.counts[alliance.FieldDisabled].Object()), container.NewVBox(layout.NewSpacer(), f.total)),
		field(alliance.FieldPartners, false, f.partners),
		field(alliance.FieldDescription, false, f.desc),
		field(alliance.FieldResults, false, f.results),
		field(alliance.FieldFollowUp, false, f.followUp),
		field(alliance.FieldRecordedBy, true, f.recordedBy),
		field(alliance.FieldAttachments, false, f.files.object()),
		kit.Flow(f.save, f.saveNew, f.cancel, f.history, layout.NewSpacer(), f.delete),
	)
	return container.NewPadded(container.NewVBox(items...))
}

func (f *activityForm) object() fyne.CanvasObject { return f.scroll }

// state reads what is typed.
func (f *activityForm) state() formState {
	st := formState{
		Title: f.title.Text, Start: f.start.Text(), End: f.end.Text(), Settlement: f.settlement.Text,
		Areas: f.areas.Chosen(), Audiences: f.audiences.Chosen(), CRC: f.crc.Chosen(),
		Attachments: append([]alliance.Attachment(nil), f.files.items...),
		Campaigns:   f.campaigns.Chosen(),
		Resources:   f.resources.state(),
		Girls:       f.counts[alliance.FieldGirls].Text, Boys: f.counts[alliance.FieldBoys].Text,
		Women: f.counts[alliance.FieldWomen].Text, Men: f.counts[alliance.FieldMen].Text,
		Disabled: f.counts[alliance.FieldDisabled].Text,
		Partners: f.partners.Text, Description: f.desc.Text, Results: f.results.Text,
		FollowUp: f.followUp.Text, RecordedBy: f.recordedBy.Text,
	}
	if i := f.org.SelectedIndex(); i > 0 {
		st.OrgID = f.orgIDs[i]
	}
	if i := f.kind.SelectedIndex(); i >= 0 {
		st.Kind = string(alliance.ActivityKinds[i])
	}
	if i := f.region.SelectedIndex(); i >= 0 {
		st.Region = f.s.u.Regions()[i].ID
	}
	return st
}

// setState fills the widgets without counting it as a change.
func (f *activityForm) setState(st formState) {
	f.loading = true
	defer func() { f.loading = false }()
	kit.SelectIndex(f.org, slices.Index(f.orgIDs, st.OrgID))
	kit.SelectIndex(f.kind, slices.Index(kit.KindCodes(), st.Kind))
	f.title.SetText(st.Title)
	f.start.SetText(st.Start)
	f.end.SetText(st.End)
	regionIDs := make([]string, len(f.s.u.Regions()))
	for i, r := range f.s.u.Regions() {
		regionIDs[i] = r.ID
	}
	kit.SelectIndex(f.region, slices.Index(regionIDs, st.Region))
	f.settlement.SetText(st.Settlement)
	f.areas.SetChosen(st.Areas)
	f.audiences.SetChosen(st.Audiences)
	f.crc.SetChosen(st.CRC)
	f.files.set(st.Attachments)
	f.campaigns.Keep(st.Campaigns)
	f.campaigns.SetChosen(st.Campaigns)
	f.resources.set(st.Resources)
	f.updateSuggest()
	f.counts[alliance.FieldGirls].SetText(st.Girls)
	f.counts[alliance.FieldBoys].SetText(st.Boys)
	f.counts[alliance.FieldWomen].SetText(st.Women)
	f.counts[alliance.FieldMen].SetText(st.Men)
	f.counts[alliance.FieldDisabled].SetText(st.Disabled)
	f.partners.SetText(st.Partners)
	f.desc.SetText(st.Description)
	f.results.SetText(st.Results)
	f.followUp.SetText(st.FollowUp)
	f.recordedBy.SetText(st.RecordedBy)
	f.updateTotal()
}

// stateOf is the form state that shows a.
func stateOf(a *alliance.Activity) formState {
	count := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	st := formState{
		OrgID: a.OrgID, Kind: string(a.Kind), Title: a.Title, Start: a.Start.DMY(), End: a.End.DMY(),
		Region: a.RegionID, Settlement: a.Settlement,
		Girls: count(a.Reached.Girls), Boys: count(a.Reached.Boys), Women: count(a.Reached.Women),
		Men: count(a.Reached.Men), Disabled: count(a.Reached.Disabled),
		Partners: a.Partners, Description: a.Description, Results: a.Results, FollowUp: a.FollowUp,
		RecordedBy: a.RecordedBy,
	}
	for _, x := range a.Areas {
		st.Areas = append(st.Areas, string(x))
	}
	for _, x := range a.Audiences {
		st.Audiences = append(st.Audiences, string(x))
	}
	for _, x := range a.CRC {
		st.CRC = append(st.CRC, string(x))
	}
	st.Attachments = a.Attachments
	st.Campaigns = a.Campaigns
	for _, u := range a.Resources {
		x := resourceState{ID: u.ResourceID}
		if u.Copies > 0 {
			x.Copies = strconv.Itoa(u.Copies)
		}
		st.Resources = append(st.Resources, x)
	}
	return st
}

// load shows st as the form's saved state.
func (f *activityForm) load(st formState) {
	f.setState(st)
	f.initial = f.state()
}

// dirty reports whether anything differs from the saved state.
func (f *activityForm) dirty() bool {
	return !reflect.DeepEqual(normState(f.state()), normState(f.initial))
}

func normState(st formState) formState {
	if len(st.Areas) == 0 {
		st.Areas = nil
	}
	if len(st.Audiences) == 0 {
		st.Audiences = nil
	}
	if len(st.CRC) == 0 {
		st.CRC = nil
	}
	if len(st.Attachments) == 0 {
		st.Attachments = nil
	}
	if len(st.Campaigns) == 0 {
		st.Campaigns = nil
	}
	if len(st.Resources) == 0 {
		st.Resources = nil
	}
	return st
}

// suggestedArticles are the articles of the chosen areas not chosen yet.
func (f *activityForm) suggestedArticles() []string {
	chosen := map[string]bool{}
	for _, c := range f.crc.Chosen() {
		chosen[c] = true
	}
	var out []string
	for _, area := range f.areas.Chosen() {
		for _, a := range alliance.AreaArticles[alliance.Area(area)] {
			if !chosen[string(a)] {
				chosen[string(a)] = true
				out = append(out, string(a))
			}
		}
	}
	return out
}

// suggestArticles adds the articles the chosen areas usually concern (the
// user removes those that do not apply).
func (f *activityForm) suggestArticles() {
	add := f.suggestedArticles()
	if len(add) == 0 {
		return
	}
	f.crc.SetChosen(append(f.crc.Chosen(), add...))
	f.updateSuggest()
	f.changed()
}

// updateSuggest offers the areas' articles only when there are some to add.
func (f *activityForm) updateSuggest() {
	if len(f.suggestedArticles()) == 0 {
		f.crcSuggest.Disable()
	} else {
		f.crcSuggest.Enable()
	}
}

// draftKey names this form's draft.
func (f *activityForm) draftKey() string {
	if f.editing == nil {
		return "activity:new"
	}
	return "activity:" + f.editing.ID
}

// changed runs after every edit: it schedules a draft save.
func (f *activityForm) changed() {
	if f.loading || f.closed {
		return
	}
	if f.stopDraft != nil {
		f.stopDraft()
	}
	f.stopDraft = f.s.u.After(draftDelay, f.saveDraft)
	f.s.u.FormChanged()
}

func (f *activityForm) saveDraft() {
	f.stopDraft = nil
	if f.closed {
		return
	}
	key := f.draftKey()
	if !f.dirty() {
		f.s.u.Drafts(func(ctx context.Context) error { return f.s.u.Services().Settings.DeleteDraft(ctx, key) }, nil)
		return
	}
	b, err := json.Marshal(f.state())
	if err != nil {
		return
	}
	f.s.u.Drafts(func(ctx context.Context) error { return f.s.u.Services().Settings.SaveDraft(ctx, key, b) }, nil)
}

// restoreDraft loads a draft left by a closed or crashed session, if any.
func (f *activityForm) restoreDraft() {
	key := f.draftKey()
	var b []byte
	f.s.u.Drafts(func(ctx context.Context) (err error) {
		b, err = f.s.u.Services().Settings.Draft(ctx, key)
		return err
	}, func(err error) {
		if err != nil || b == nil || f.s.form != f {
			return
		}
		var st formState
		if json.Unmarshal(b, &st) != nil || reflect.DeepEqual(normState(st), normState(f.initial)) {
			return
		}
		f.setState(st)
		f.note(widget.MediumImportance, i18n.T("form.draft_restored"))
	})
}

// dropDraft forgets this form's draft.
func (f *activityForm) dropDraft() {
	f.closed = true
	if f.stopDraft != nil {
		f.stopDraft()
		f.stopDraft = nil
	}
	key := f.draftKey()
	f.s.u.Drafts(func(ctx context.Context) error { return f.s.u.Services().Settings.DeleteDraft(ctx, key) }, nil)
}

// retire stops the form keeping a draft, without deleting one.
func (f *activityForm) retire() {
	f.closed = true
	if f.stopDraft != nil {
		f.stopDraft()
		f.stopDraft = nil
	}
}

func (f *activityForm) updateTotal() {
	sum := 0
	for _, name := range countFields[:4] {
		if v, ok := f.counts[name].Value(); ok {
			sum += v
		}
	}
	f.total.SetText(i18n.Tf("form.total", i18n.Args{"Count": i18n.Number(sum)}))
}

// collect turns the typed state into an activity, or returns the field
// errors of what cannot be read or breaks a rule.
func (f *activityForm) collect() (*alliance.Activity, []alliance.FieldError) {
	st := f.state()
	var errs []alliance.FieldError
	a := &alliance.Activity{
		OrgID: st.OrgID, Kind: alliance.ActivityKind(st.Kind), Title: st.Title, RegionID: st.Region,
		Settlement: st.Settlement, Partners: st.Partners, Description: st.Description, Results: st.Results,
		FollowUp: st.FollowUp, RecordedBy: st.RecordedBy,
	}
	for _, x := range st.Areas {
		a.Areas = append(a.Areas, alliance.Area(x))
	}
	for _, x := range st.Audiences {
		a.Audiences = append(a.Audiences, alliance.Audience(x))
	}
	for _, x := range st.CRC {
		a.CRC = append(a.CRC, alliance.Article(x))
	}
	a.Attachments = st.Attachments
	a.Campaigns = st.Campaigns
	var ok bool
	if a.Resources, ok = usesOf(st.Resources); !ok {
		errs = append(errs, alliance.FieldError{Field: alliance.FieldUses, Key: "validation.count_format"})
	}
	if a.Start, ok = f.start.Date(); !ok {
		errs = append(errs, alliance.FieldError{Field: alliance.FieldStart, Key: "validation.date_format"})
	}
	if a.End, ok = f.end.Date(); !ok {
		errs = append(errs, alliance.FieldError{Field: alliance.FieldEnd, Key: "validation.date_format"})
	}
	targets := map[string]*int{
		alliance.FieldGirls: &a.Reached.Girls, alliance.FieldBoys: &a.Reached.Boys, alliance.FieldWomen: &a.Reached.Women,
		alliance.FieldMen: &a.Reached.Men, alliance.FieldDisabled: &a.Reached.Disabled,
	}
	for _, name := range countFields {
		v, ok := f.counts[name].Value()
		if !ok {
			errs = append(errs, alliance.FieldError{Field: name, Key: "validation.count_format"})
		}
		*targets[name] = v
	}
	unreadable := map[string]bool{}
	for _, e := range errs {
		unreadable[e.Field] = true
	}
	for _, e := range alliance.ErrorFields(a.Validate()) {
		if !unreadable[e.Field] {
			errs = append(errs, e)
		}
	}
	if f.editing != nil {
		a.ID = f.editing.ID
	}
	return a, errs
}

// showErrors puts each message under its field and scrolls to the first.
func (f *activityForm) showErrors(errs []alliance.FieldError) {
	defer f.s.u.FormChanged()
	for _, l := range f.errs {
		kit.SetError(l, "")
	}
	if len(errs) == 0 {
		f.note(widget.DangerImportance, "")
		return
	}
	f.banner.Importance = widget.DangerImportance
	kit.SetError(f.banner, i18n.T("error.form_invalid"))
	seen := map[string]bool{}
	for _, e := range errs {
		l, ok := f.errs[e.Field]
		if !ok || seen[e.Field] {
			continue
		}
		seen[e.Field] = true
		kit.SetError(l, i18n.Tf(e.Key, e.Args))
	}
	f.scroll.Refresh() // the messages change the fields' heights
	f.focusFirstError(errs)
}

// note shows msg at the top of the form with the given importance.
func (f *activityForm) note(imp widget.Importance, msg string) {
	f.banner.Importance = imp
	kit.SetError(f.banner, msg)
	f.scroll.Refresh()
}

func (f *activityForm) focusFirstError(errs []alliance.FieldError) {
	focusable := map[string]fyne.Focusable{
		alliance.FieldKind: f.kind, alliance.FieldTitle: f.title, alliance.FieldStart: f.start.Entry,
		alliance.FieldEnd: f.end.Entry, alliance.FieldRegion: f.region, alliance.FieldSettlement: f.settlement,
		alliance.FieldPartners: f.partners, alliance.FieldDescription: f.desc, alliance.FieldResults: f.results,
		alliance.FieldFollowUp: f.followUp, alliance.FieldRecordedBy: f.recordedBy, alliance.FieldAreas: f.areas.Add,
		alliance.FieldAudiences: f.audiences.Add, alliance.FieldCRC: f.crc.Add, alliance.FieldOrg: f.org,
		alliance.FieldAttachments: f.files.add, alliance.FieldCampaigns: f.campaigns.Add, alliance.FieldUses: f.resources.add,
	}
	for name, n := range f.counts {
		focusable[name] = n
	}
	bad := map[string]bool{}
	for _, e := range errs {
		bad[e.Field] = true
	}
	for _, name := range fieldOrder {
		if w, ok := focusable[name]; ok && bad[name] {
			f.s.u.Window().Canvas().Focus(w)
			kit.Reveal(f.scroll, f.errs[name]) // the message, where the form is scrolled to
			return
		}
	}
	kit.Reveal(f.scroll, f.banner)
}

// fieldOrder is the reading order of the form's fields.
var fieldOrder = []string{
	alliance.FieldOrg, alliance.FieldKind, alliance.FieldTitle, alliance.FieldStart, alliance.FieldEnd,
	alliance.FieldRegion, alliance.FieldSettlement, alliance.FieldAreas, alliance.FieldAudiences, alliance.FieldCRC,
	alliance.FieldGirls, alliance.FieldBoys, alliance.FieldWomen, alliance.FieldMen, alliance.FieldDisabled,
	alliance.FieldPartners, alliance.FieldDescription, alliance.FieldResults, alliance.FieldFollowUp,
	alliance.FieldCampaigns, alliance.FieldUses, alliance.FieldRecordedBy, alliance.FieldAttachments,
}

// submit validates and saves; with another, the form then starts a new
// activity keeping the common fields.
func (f *activityForm) submit(another bool) {
	if f.busy {
		return
	}
	a, errs := f.collect()
	f.showErrors(errs)
	if len(errs) > 0 {
		return
	}
	f.setBusy(true)
	svc := f.s.u.Services().Activities
	creating := f.editing == nil
	f.s.u.Background(func(ctx context.Context) error {
		if creating {
			return svc.CreateActivity(ctx, a)
		}
		return svc.UpdateActivity(ctx, a)
	}, func(err error) {
		f.setBusy(false)
		if err != nil {
			if fields := alliance.ErrorFields(err); len(fields) > 0 {
				f.showErrors(fields)
				return
			}
			f.note(widget.DangerImportance, i18n.Error(err))
			return
		}
		f.dropDraft()
		f.s.saved(f, a, another)
	})
}

func (f *activityForm) setBusy(busy bool) {
	f.busy = busy
	for _, b := range []*widget.Button{f.save, f.saveNew, f.delete} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if busy {
		f.save.SetText(i18n.T("form.saving"))
	} else {
		f.save.SetText(i18n.T("form.save"))
	}
}

func (f *activityForm) cancelTapped() {
	f.s.ConfirmLeave(func(ok bool) {
		if ok {
			f.s.closeForm()
		}
	})
}

func (f *activityForm) deleteTapped() {
	if f.editing == nil {
		return
	}
	a := f.editing
	kit.Confirm(f.s.u.Window(), i18n.T("confirm.delete.title"), i18n.Tf("confirm.delete.body", i18n.Args{"Title": a.Title}),
		i18n.T("confirm.delete.yes"), i18n.T("confirm.delete.no"), func(yes bool) {
			if yes {
				f.s.deleteActivity(a)
			}
		})
}

// keepCommon returns the fields "save and add another" keeps: the kind,
// dates, place, organisation and who records.
func keepCommon(st formState) formState {
	return formState{OrgID: st.OrgID, Kind: st.Kind, Start: st.Start, End: st.End, Region: st.Region,
		Settlement: st.Settlement, RecordedBy: st.RecordedBy}
}
