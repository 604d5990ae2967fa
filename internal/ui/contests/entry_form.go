package contests

import (
	"context"
	"encoding/json"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/history"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// entryForm is a child's contest entry: the child, the work with its files,
// and the guardian's consent. A draft is edited freely; submitting checks
// that it is complete and locks it; a locked entry is corrected into a new
// version, with a reason.
type entryForm struct {
	g           *gallery
	entry       *alliance.Entry // nil until saved
	first, last *widget.Entry
	age         *kit.NumberEntry
	gender      *widget.Select
	school      *widget.Entry
	grade       *widget.Entry
	region      *widget.Select
	settlement  *widget.Entry
	category    *widget.Select
	title       *widget.Entry
	description *widget.Entry
	files       []alliance.FileRef
	filesBox    *fyne.Container
	addFile     *widget.Button
	guardian    *widget.Entry
	relation    *widget.Select
	consentDate *kit.DateEntry
	publication *widget.RadioGroup
	scan        *alliance.FileRef
	scanBox     *fyne.Container
	addScan     *widget.Button
	busy        *widget.ProgressBarInfinite
	errs        *kit.FormErrors
	status      *widget.Label
	buttons     *fyne.Container
	versions    *fyne.Container
	queue       alliance.TransferStatus // the files' way to or from the server
	correcting  bool
	initial     string
	scroll      *container.Scroll
	// privacy says, on an entry shown outside the child's organisation
	// without publication consent, that the child is shown as allowed.
	privacy *widget.Label
}

func newEntryForm(g *gallery, e *alliance.Entry) *entryForm {
	u := g.v.s.u
	f := &entryForm{g: g, entry: e, errs: kit.NewFormErrors(), status: widget.NewLabel(""), buttons: kit.Flow(),
		versions: container.NewVBox(), filesBox: container.NewVBox(), scanBox: container.NewVBox(), busy: widget.NewProgressBarInfinite()}
	f.busy.Hide()
	f.errs.Shown = func() { u.FormChanged() }
	f.first, f.last, f.school, f.grade, f.settlement, f.title, f.guardian =
		widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.description = widget.NewMultiLineEntry()
	f.description.Wrapping = fyne.TextWrapWord
	f.description.SetMinRowsVisible(2)
	f.age = kit.NewNumberEntry()
	f.gender = widget.NewSelect(kit.GenderLabels(true), nil) // contest entries are children's
	f.region = widget.NewSelect(kit.RegionLabels(u.Regions()), nil)
	f.category = widget.NewSelect(nil, nil)
	for _, c := range g.v.contest.Categories {
		f.category.Options = append(f.category.Options, i18n.T("category."+string(c)))
	}
	var relations []string
	for _, r := range alliance.Relations {
		relations = append(relations, i18n.T("relation."+string(r)))
	}
	f.relation = widget.NewSelect(relations, nil)
	f.consentDate = kit.NewDateEntry(i18n.T("date.placeholder"))
	f.publication = widget.NewRadioGroup([]string{i18n.T("entry.publication.yes"), i18n.T("entry.publication.no")}, nil)
	f.publication.Horizontal = true
	f.addFile = widget.NewButtonWithIcon(i18n.T("entry.add_file"), theme.ContentAddIcon(), func() { f.pickFile(alliance.PurposeArtwork) })
	f.addScan = widget.NewButtonWithIcon(i18n.T("entry.add_scan"), theme.ContentAddIcon(), func() { f.pickFile(alliance.PurposeConsent) })
	for _, s := range []*widget.Select{f.gender, f.region, f.category, f.relation} {
		s.PlaceHolder = i18n.T("form.choose")
	}
	if e == nil {
		e = &alliance.Entry{RegionID: defaultRegion(u), State: alliance.StateDraft}
		if len(g.v.contest.Categories) == 1 {
			e.Category = g.v.contest.Categories[0]
		}
	}
	f.fill(e)
	f.scroll = container.NewVScroll(container.NewPadded(f.layout()))
	f.errs.Refresh, f.errs.Scroll = f.scroll.Refresh, f.scroll
	f.render()
	f.initial = f.snapshot()
	return f
}

func (f *entryForm) object() fyne.CanvasObject { return f.scroll }

func (f *entryForm) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.scroll); c != nil && !f.locked() {
		c.Focus(f.first)
	}
}

// defaultRegion is the laptop organisation's region.
func defaultRegion(u env.Env) string {
	for _, o := range u.Organisations() {
		if o.ID == u.OrgID() {
			return o.RegionID
		}
	}
	return ""
}

func (f *entryForm) layout() fyne.CanvasObject {
	field := func(name, key string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
		return f.errs.Field(name, i18n.T(key), required, input)
	}
	back := widget.NewButtonWithIcon(i18n.T("entries.back"), theme.NavigateBackIcon(), f.g.back)
	section := func(key string) fyne.CanvasObject {
		l := kit.Heading(i18n.T(key))
		return container.NewVBox(widget.NewSeparator(), l)
	}
	f.status.Wrapping = fyne.TextWrapWord
	f.privacy = kit.Wrapped(i18n.T("entry.private_note"))
	f.privacy.Importance = widget.WarningImportance
	return container.NewVBox(
		container.NewBorder(nil, nil, back, nil, f.status),
		f.privacy,
		f.errs.Banner,
		section("entry.section.child"),
		kit.Pair(field(alliance.FieldFirstName, "field.first_name", true, f.first), field(alliance.FieldLastName, "field.last_name", true, f.last)),
		kit.Pair(field(alliance.FieldAge, "field.age", true, f.age.Object()), field(alliance.FieldGender, "field.gender", true, f.gender)),
		kit.Pair(field(alliance.FieldSchool, "field.school", false, f.school), field(alliance.FieldGrade, "field.grade", false, f.grade)),
		kit.Pair(field(alliance.FieldRegion, "field.region_id", true, f.region), field(alliance.FieldSettlement, "field.settlement", false, f.settlement)),
		section("entry.section.work"),
		kit.Pair(field(alliance.FieldCategory, "field.category", true, f.category), field(alliance.FieldTitle, "field.work_title", true, f.title)),
		field(alliance.FieldDescription, "field.work_description", false, f.description),
		field(alliance.FieldFiles, "field.files", true, container.NewVBox(f.filesBox, container.NewHBox(f.addFile), f.busy)),
		section("entry.section.consent"),
		kit.Wrapped(i18n.T("entry.consent_hint")),
		kit.Pair(field(alliance.FieldGuardian, "field.guardian_name", true, f.guardian), field(alliance.FieldRelation, "field.relation", true, f.relation)),
		kit.Pair(field(alliance.FieldConsentDate, "field.consent_date", true, f.consentDate.Object()),
			field(alliance.FieldPublication, "field.publication", true, f.publication)),
		field("scan", "field.consent_scan", false, container.NewVBox(f.scanBox, container.NewHBox(f.addScan))),
		widget.NewSeparator(),
		f.buttons,
		f.versions,
	)
}

// private reports whether the entry is shown outside the child's
// organisation without publication consent: then it is shown as allowed
// (alliance.Entry.SeenBy) and can only be looked at.
func (f *entryForm) private() bool {
	return f.entry != nil && f.entry.PrivateFor(f.g.v.s.u.OrgID())
}

// own reports whether the entry is new or of this laptop's organisation.
func (f *entryForm) own() bool { return f.entry == nil || f.entry.OrgID == f.g.v.s.u.OrgID() }

// fill puts e into the inputs, as this laptop may see it.
func (f *entryForm) fill(e *alliance.Entry) {
	seen := e.SeenBy(f.g.v.s.u.OrgID())
	e = &seen
	f.first.SetText(e.FirstName)
	f.last.SetText(e.LastName)
	if e.Age > 0 {
		f.age.SetValue(e.Age)
	} else {
		f.age.SetText("")
	}
	f.gender.ClearSelected()
	for i, g := range alliance.Genders {
		if g == e.Gender {
			f.gender.SetSelectedIndex(i)
		}
	}
	f.school.SetText(e.School)
	f.grade.SetText(e.Grade)
	for i, r := range f.g.v.s.u.Regions() {
		if r.ID == e.RegionID {
			f.region.SetSelectedIndex(i)
		}
	}
	f.settlement.SetText(e.Settlement)
	for i, c := range f.g.v.contest.Categories {
		if c == e.Category {
			f.category.SetSelectedIndex(i)
		}
	}
	f.title.SetText(e.Title)
	f.description.SetText(e.Description)
	f.files = append([]alliance.FileRef(nil), e.Files...)
	f.guardian.SetText(e.Consent.GuardianName)
	for i, r := range alliance.Relations {
		if r == e.Consent.Relation {
			f.relation.SetSelectedIndex(i)
		}
	}
	if !e.Consent.Date.IsZero() {
		f.consentDate.SetDate(e.Consent.Date)
	}
	switch {
	case e.Consent.Publication == nil:
		f.publication.SetSelected("")
	case *e.Consent.Publication:
		f.publication.SetSelected(f.publication.Options[0])
	default:
		f.publication.SetSelected(f.publication.Options[1])
	}
	f.scan = e.Consent.Scan
	f.renderFiles()
}

// collect turns the inputs into an entry.
func (f *entryForm) collect() (*alliance.Entry, []alliance.FieldError) {
	c := f.g.v.contest
	e := &alliance.Entry{ContestID: c.ID, FirstName: f.first.Text, LastName: f.last.Text, School: f.school.Text, Grade: f.grade.Text,
		Settlement: f.settlement.Text, Title: f.title.Text, Description: f.description.Text,
		Files: append([]alliance.FileRef{}, f.files...), State: alliance.StateDraft}
	if f.entry != nil {
		e.ID, e.OrgID, e.Code, e.State, e.Version = f.entry.ID, f.entry.OrgID, f.entry.Code, f.entry.State, f.entry.Version
	}
	var errs []alliance.FieldError
	if strings.TrimSpace(f.age.Text) != "" {
		age, ok := f.age.Value()
		if !ok {
			errs = append(errs, alliance.FieldError{Field: alliance.FieldAge, Key: "validation.count_format"})
		}
		e.Age = age
	}
	if i := f.gender.SelectedIndex(); i >= 0 {
		e.Gender = alliance.Genders[i]
	}
	if i := f.region.SelectedIndex(); i >= 0 {
		e.RegionID = f.g.v.s.u.Regions()[i].ID
	}
	if i := f.category.SelectedIndex(); i >= 0 {
		e.Category = c.Categories[i]
	}
	e.Consent.GuardianName = f.guardian.Text
	if i := f.relation.SelectedIndex(); i >= 0 {
		e.Consent.Relation = alliance.Relations[i]
	}
	if strings.TrimSpace(f.consentDate.Text()) != "" {
		d, ok := f.consentDate.Date()
		if !ok {
			errs = append(errs, alliance.FieldError{Field: alliance.FieldConsentDate, Key: "validation.date_format"})
		}
		e.Consent.Date = d
	}
	switch f.publication.Selected {
	case f.publication.Options[0]:
		yes := true
		e.Consent.Publication = &yes
	case f.publication.Options[1]:
		no := false
		e.Consent.Publication = &no
	}
	e.Consent.Scan = f.scan
	if g, ok := c.AgeGroupFor(e.Age); ok {
		e.AgeGroupID = g.ID
	}
	if len(errs) == 0 {
		errs = alliance.ErrorFields(e.ValidateDraft(c, alliance.Today()))
	}
	return e, errs
}

func (f *entryForm) snapshot() string {
	e, _ := f.collect()
	b, _ := json.Marshal(e)
	return string(b)
}

func (f *entryForm) dirty() bool { return f.snapshot() != f.initial }

func (f *entryForm) locked() bool {
	return f.entry != nil && (f.entry.Locked() || !f.own()) && !f.correcting
}

// render shows the entry's state and the actions it allows, and makes the
// inputs read-only when it is locked.
func (f *entryForm) render() {
	switch {
	case f.entry == nil:
		f.status.SetText(i18n.T("entries.new"))
	default:
		text := i18n.Tf("entry.status", i18n.Args{"Code": f.entry.Code, "State": i18n.T("entry.state." + string(f.entry.State)), "Version": f.entry.Version})
		if f.entry.Rank > 0 {
			text += " · " + i18n.Place(f.entry.Rank)
		}
		if f.entry.IsAnonymised() {
			text += "\n" + i18n.Tf("entry.anonymised."+f.entry.Anonymised, i18n.Args{"Date": i18n.DateTime(f.entry.AnonymisedAt)})
		}
		f.status.SetText(text)
	}
	f.age.SetEnabled(!f.locked())
	inputs := []fyne.Disableable{f.first, f.last, f.gender, f.school, f.grade, f.region, f.settlement, f.category, f.title,
		f.description, f.addFile, f.guardian, f.relation, f.consentDate.Entry, f.consentDate.Button, f.publication, f.addScan}
	for _, in := range inputs {
		if f.locked() {
			in.Disable()
		} else {
			in.Enable()
		}
	}
	f.renderFiles()
	if f.private() {
		f.privacy.Show()
	} else {
		f.privacy.Hide()
	}
	f.buttons.Objects = nil
	add := func(b *widget.Button) { f.buttons.Add(b) }
	switch {
	case !f.own():
		// Another organisation's child: the secretariat shortlists, nobody
		// here edits.
		f.shortlistButton(add)
	case f.entry == nil || f.entry.State == alliance.StateDraft:
		save := widget.NewButtonWithIcon(i18n.T("entry.save_draft"), theme.DocumentSaveIcon(), f.saveDraft)
		submit := widget.NewButtonWithIcon(i18n.T("entry.submit"), theme.MailSendIcon(), f.submitTapped)
		submit.Importance = widget.HighImportance
		add(save)
		add(submit)
		if f.entry != nil {
			f.buttons.Add(layout.NewSpacer())
			del := widget.NewButtonWithIcon(i18n.T("entry.delete_draft"), theme.DeleteIcon(), f.deleteTapped)
			del.Importance = widget.DangerImportance
			add(del)
		}
	case f.correcting:
		save := widget.NewButtonWithIcon(i18n.T("entry.save_correction"), theme.DocumentSaveIcon(), f.saveCorrection)
		save.Importance = widget.HighImportance
		add(save)
		add(widget.NewButton(i18n.T("form.cancel"), func() {
			f.correcting = false
			f.fill(f.entry)
			f.render()
			f.errs.Show(nil)
			f.initial = f.snapshot()
		}))
	case f.entry.IsAnonymised():
		// Nothing left to correct: the child is not named any more.
	default:
		add(widget.NewButtonWithIcon(i18n.T("entry.correct"), theme.DocumentCreateIcon(), func() {
			f.correcting = true
			f.render()
		}))
		f.shortlistButton(add)
	}
	if f.entry != nil && f.g.v.s.u.Services().History != nil && !f.correcting {
		id := f.entry.ID
		h := history.Button(f.g.v.s.u, syncproto.EntityEntry, func() string { return id })
		h.Importance = widget.LowImportance
		add(h)
	}
	if f.own() && f.entry != nil && f.entry.Locked() && !f.entry.IsAnonymised() && !f.correcting {
		f.buttons.Add(layout.NewSpacer())
		withdraw := widget.NewButtonWithIcon(i18n.T("entry.withdraw"), theme.DeleteIcon(), f.withdrawTapped)
		withdraw.Importance = widget.DangerImportance
		add(withdraw)
	}
	f.buttons.Refresh()
}

// withdrawTapped asks, then records that the guardian withdrew consent:
// the entry is anonymised here and everywhere it has travelled, and its
// files leave this laptop.
func (f *entryForm) withdrawTapped() {
	u := f.g.v.s.u
	id := f.entry.ID
	kit.Confirm(u.Window(), i18n.T("entry.withdraw.title"), i18n.Tf("entry.withdraw.confirm", i18n.Args{"Code": f.entry.Code}),
		i18n.T("entry.withdraw.yes"), i18n.T("form.cancel"), func(ok bool) {
			if !ok {
				return
			}
			u.Background(func(ctx context.Context) error {
				gone, err := u.Services().Contests.WithdrawConsent(ctx, id)
				if err != nil {
					return err
				}
				for _, file := range gone {
					if err := u.Services().Files.Forget(file.Hash); err != nil {
						return err
					}
				}
				return nil
			}, func(err error) {
				if err != nil {
					u.ShowError(err)
					return
				}
				f.reloadEntry(id)
			})
		})
}

// shortlistButton adds, on the secretariat's laptop before the results
// are out, the button that puts a submitted entry on the shortlist or
// takes it off.
func (f *entryForm) shortlistButton(add func(*widget.Button)) {
	if !f.g.v.s.u.Secretariat() || f.g.v.contest.Published {
		return
	}
	switch f.entry.State {
	case alliance.StateSubmitted:
		add(widget.NewButtonWithIcon(i18n.T("entry.shortlist"), theme.ContentAddIcon(), func() { f.setState(alliance.StateShortlisted) }))
	case alliance.StateShortlisted:
		add(widget.NewButtonWithIcon(i18n.T("entry.unshortlist"), theme.ContentRemoveIcon(), func() { f.setState(alliance.StateSubmitted) }))
	}
}

// renderFiles lists the work's files and the consent scan, each with its
// picture, size and the ways to open or remove it.
func (f *entryForm) renderFiles() {
	f.queue = alliance.TransferStatus{}
	if t := f.g.v.s.u.Services().Transfers; t != nil {
		f.queue = t.Transfers()
	}
	f.filesBox.Objects = nil
	for i := range f.files {
		i := i
		f.filesBox.Add(f.fileRow(f.files[i], func() {
			f.files = append(f.files[:i], f.files[i+1:]...)
			f.renderFiles()
		}))
	}
	f.filesBox.Refresh()
	f.scanBox.Objects = nil
	if f.scan != nil {
		f.scanBox.Add(f.fileRow(*f.scan, func() {
			f.scan = nil
			f.renderFiles()
		}))
	}
	f.scanBox.Refresh()
	if f.scroll != nil {
		f.scroll.Refresh()
	}
}

func (f *entryForm) fileRow(ref alliance.FileRef, remove func()) fyne.CanvasObject {
	u := f.g.v.s.u
	img := canvas.NewImageFromResource(theme.FileIcon())
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(72, 54))
	detail := kit.FileDetail(ref)
	switch st := f.g.thumbs.Get(ref); {
	case ref.Type == alliance.TypeMP4:
		img.Resource = theme.MediaVideoIcon()
	case st == nil:
	case st.Res != nil:
		img.Resource = st.Res
	case st.Missing:
		detail += " · " + i18n.T("entries.not_uploaded")
	}
	name := widget.NewLabelWithStyle(ref.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	info := widget.NewLabel(detail)
	info.SizeName = theme.SizeNameCaptionText
	texts := container.NewVBox(name, info)
	if tr, ok := f.queue.Of(ref.Hash); ok && f.entry != nil {
		state := widget.NewLabel(kit.TransferText(tr))
		state.SizeName = theme.SizeNameCaptionText
		state.Wrapping = fyne.TextWrapWord
		if tr.State == alliance.TransferFailed {
			state.Importance = widget.DangerImportance
		}
		texts.Add(state)
	}
	open := widget.NewButtonWithIcon(i18n.T("entry.open_file"), theme.VisibilityIcon(), func() { env.OpenFile(u, ref) })
	buttons := container.NewHBox(open)
	if !f.locked() {
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), remove)
		buttons.Add(del)
	}
	return container.NewBorder(nil, nil, img, buttons, texts)
}

// pickFile lets the user choose a file and adds it, checked off the UI
// goroutine (a scan is decoded whole to make its previews).
func (f *entryForm) pickFile(purpose alliance.FilePurpose) {
	u := f.g.v.s.u
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		f.addReader(rc.URI().Name(), rc, purpose)
	}, u.Window())
	exts := []string{".jpg", ".jpeg", ".png", ".mp4", ".pdf", ".JPG", ".JPEG", ".PNG", ".MP4", ".PDF"}
	if purpose == alliance.PurposeConsent {
		exts = []string{".jpg", ".jpeg", ".png", ".pdf", ".JPG", ".JPEG", ".PNG", ".PDF"}
	}
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	kit.ShowFileDialog(d, f.g.v.s.u.Window(), "file.open_title")
}

// addReader stores a chosen file and shows it; a refused file says why
// under the files, and nothing is added.
func (f *entryForm) addReader(name string, rc io.ReadCloser, purpose alliance.FilePurpose) {
	u := f.g.v.s.u
	f.busy.Show()
	f.addFile.Disable()
	f.addScan.Disable()
	var ref alliance.FileRef
	u.Background(func(ctx context.Context) (err error) {
		defer rc.Close()
		ref, err = u.Services().Files.AddFile(ctx, name, rc, purpose)
		return err
	}, func(err error) {
		f.busy.Hide()
		f.addFile.Enable()
		f.addScan.Enable()
		field := alliance.FieldFiles
		if purpose == alliance.PurposeConsent {
			field = "scan"
		}
		if err != nil {
			f.errs.Show(nil)
			kit.SetError(f.errs.Fields[field], i18n.Error(err))
			f.scroll.Refresh()
			return
		}
		kit.SetError(f.errs.Fields[field], "")
		if purpose == alliance.PurposeConsent {
			f.scan = &ref
		} else if !hasFile(f.files, ref.Hash) {
			f.files = append(f.files, ref)
		}
		f.renderFiles()
	})
}

func hasFile(fs []alliance.FileRef, hash string) bool {
	for _, f := range fs {
		if f.Hash == hash {
			return true
		}
	}
	return false
}

// save stores the draft, then runs then (may be nil) with the saved entry.
func (f *entryForm) save(then func(e *alliance.Entry)) {
	e, errs := f.collect()
	f.errs.Show(errs)
	if len(errs) > 0 {
		return
	}
	u := f.g.v.s.u
	creating := f.entry == nil
	u.Background(func(ctx context.Context) error {
		if creating {
			return u.Services().Contests.CreateEntry(ctx, e)
		}
		return u.Services().Contests.UpdateEntry(ctx, e)
	}, func(err error) {
		if err != nil {
			f.errs.ShowErr(err)
			return
		}
		f.entry = e
		f.initial = f.snapshot()
		f.render()
		env.RefreshTransfers(u)
		if then != nil {
			then(e)
		}
	})
}

func (f *entryForm) saveDraft() { f.save(nil) }

// submitTapped saves the draft (nothing typed is lost), checks that it is
// complete with consent, then asks, then submits: it is locked after.
func (f *entryForm) submitTapped() {
	u := f.g.v.s.u
	f.save(func(e *alliance.Entry) {
		if errs := alliance.ErrorFields(e.ValidateSubmit(f.g.v.contest, alliance.Today())); len(errs) > 0 {
			f.errs.Show(errs)
			return
		}
		kit.Confirm(u.Window(), i18n.T("entry.submit.title"), i18n.T("entry.submit.body"), i18n.T("entry.submit"), i18n.T("form.cancel"), func(ok bool) {
			if !ok {
				return
			}
			u.Background(func(ctx context.Context) error { return u.Services().Contests.SubmitEntry(ctx, e.ID) }, func(err error) {
				if err != nil {
					f.errs.ShowErr(err)
					return
				}
				f.reloadEntry(e.ID)
			})
		})
	})
}

// reloadEntry reads the entry again after a store change and redraws.
func (f *entryForm) reloadEntry(id string) {
	u := f.g.v.s.u
	var e *alliance.Entry
	var vs []alliance.EntryVersion
	u.Background(func(ctx context.Context) (err error) {
		if e, err = u.Services().Contests.FindEntryByID(ctx, id); err != nil {
			return err
		}
		vs, err = u.Services().Contests.FindEntryVersions(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		f.entry, f.correcting = e, false
		f.fill(e)
		f.render()
		f.setVersions(vs)
		f.errs.Show(nil)
		f.initial = f.snapshot()
	})
}

// saveCorrection asks why, then saves the locked entry's next version.
func (f *entryForm) saveCorrection() {
	e, errs := f.collect()
	f.errs.Show(errs)
	if len(errs) > 0 {
		return
	}
	u := f.g.v.s.u
	reason := widget.NewEntry()
	reason.SetPlaceHolder(i18n.T("entry.correction_reason.placeholder"))
	dialog.ShowForm(i18n.T("entry.correction.title"), i18n.T("entry.save_correction"), i18n.T("form.cancel"),
		[]*widget.FormItem{widget.NewFormItem(i18n.T("entry.correction_reason"), reason)}, func(ok bool) {
			if !ok {
				return
			}
			u.Background(func(ctx context.Context) error { return u.Services().Contests.CorrectEntry(ctx, e, reason.Text) }, func(err error) {
				if err != nil {
					f.errs.ShowErr(err)
					return
				}
				f.reloadEntry(e.ID)
			})
		}, u.Window())
}

func (f *entryForm) deleteTapped() {
	u := f.g.v.s.u
	kit.Confirm(u.Window(), i18n.T("entry.delete.title"), i18n.T("entry.delete.body"), i18n.T("entry.delete_draft"), i18n.T("form.cancel"), func(ok bool) {
		if !ok {
			return
		}
		id := f.entry.ID
		u.Background(func(ctx context.Context) error { return u.Services().Contests.DeleteEntry(ctx, id) }, func(err error) {
			if err != nil {
				u.ShowError(err)
				return
			}
			f.initial = f.snapshot()
			f.g.back()
		})
	})
}

func (f *entryForm) setState(state alliance.EntryState) {
	u := f.g.v.s.u
	id := f.entry.ID
	u.Background(func(ctx context.Context) error { return u.Services().Contests.SetEntryState(ctx, id, state) }, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		f.reloadEntry(id)
	})
}

// setVersions lists the versions before the corrections.
func (f *entryForm) setVersions(vs []alliance.EntryVersion) {
	f.versions.Objects = nil
	if len(vs) > 0 {
		f.versions.Add(kit.Heading(i18n.T("entry.versions")))
	}
	for _, v := range vs {
		l := kit.Wrapped(i18n.Tf("entry.version_line", i18n.Args{"Version": v.Version, "When": i18n.DateTime(v.At), "Reason": v.Reason}))
		f.versions.Add(l)
	}
	f.versions.Refresh()
}
