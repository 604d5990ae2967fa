package directory

import (
	"context"
	"io"
	"reflect"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// form edits an organisation's profile; on a member's laptop its kind,
// base region and year of joining are the secretariat's and stay as
// they are.
type form struct {
	s        *Screen
	org      alliance.Organisation // as loaded (ID "": a new one)
	initial  alliance.Organisation
	name     *widget.Entry
	nameRU   *widget.Entry
	nameEN   *widget.Entry
	kind     *widget.Select
	region   *widget.Select
	regions  *kit.ChipSelect
	areas    *kit.ChipSelect
	focal    *widget.Entry
	phone    *widget.Entry
	email    *widget.Entry
	website  *widget.Entry
	address  *widget.Entry
	joined   *widget.Entry
	logo     *alliance.FileRef
	logoName *widget.Label
	logoDel  *widget.Button
	errs     *kit.FormErrors
	save     *widget.Button
	sub      kit.Submission
	scroll   *container.Scroll
}

func newForm(s *Screen, o *alliance.Organisation) *form {
	f := &form{s: s, org: *o, errs: kit.NewFormErrors()}
	entry := func(text string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		return e
	}
	f.name, f.nameRU, f.nameEN = entry(o.Name), entry(o.NameRU), entry(o.NameEN)
	f.focal, f.phone, f.email = entry(o.FocalPerson), entry(o.Phone), entry(o.Email)
	f.website, f.address = entry(o.Website), entry(o.Address)
	f.phone.SetPlaceHolder("+994 12 555 12 34")
	f.website.SetPlaceHolder(i18n.T("directory.website_placeholder"))
	f.joined = entry("")
	if o.Joined != 0 {
		f.joined.SetText(strconv.Itoa(o.Joined))
	}
	kinds := make([]string, len(alliance.OrgKinds))
	for i, k := range alliance.OrgKinds {
		kinds[i] = i18n.T("org_kind." + string(k))
	}
	f.kind = widget.NewSelect(kinds, nil)
	for i, k := range alliance.OrgKinds {
		if k == o.Kind {
			f.kind.SetSelectedIndex(i)
		}
	}
	f.region = widget.NewSelect(kit.RegionLabels(s.e.Regions()), nil)
	f.region.PlaceHolder = i18n.T("form.choose")
	for i, r := range s.e.Regions() {
		if r.ID == o.RegionID {
			f.region.SetSelectedIndex(i)
		}
	}
	regionIDs := make([]string, len(s.e.Regions()))
	for i, r := range s.e.Regions() {
		regionIDs[i] = r.ID
	}
	f.regions = kit.NewChipSelect(regionIDs, func(id string) string { return kit.RegionName(s.e.Regions(), id) })
	f.regions.SetChosen(o.Regions)
	f.areas = kit.NewChipSelect(kit.AreaCodes(), func(c string) string { return i18n.T("area." + c) })
	areas := make([]string, len(o.Areas))
	for i, a := range o.Areas {
		areas[i] = string(a)
	}
	f.areas.SetChosen(areas)
	if !s.e.Secretariat() { // the secretariat's record of the member
		f.kind.Disable()
		f.region.Disable()
		f.joined.Disable()
	}

	f.logo = o.Logo
	f.logoName = widget.NewLabel("")
	f.logoName.Wrapping = fyne.TextWrapWord
	pickLogo := widget.NewButtonWithIcon(i18n.T("directory.choose_logo"), theme.FolderOpenIcon(), f.pickLogo)
	f.logoDel = widget.NewButtonWithIcon(i18n.T("directory.remove_logo"), theme.DeleteIcon(), func() {
		f.logo = nil
		f.showLogo()
	})
	f.logoDel.Importance = widget.LowImportance
	f.showLogo()
	f.save = widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.sub = kit.Submission{Errs: f.errs, Save: f.save}
	cancel := widget.NewButton(i18n.T("form.cancel"), f.cancel)
	field := func(name, key string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
		return f.errs.Field(name, i18n.T(key), required, input)
	}
	title := i18n.T("directory.edit_title")
	if o.ID == "" {
		title = i18n.T("directory.new_title")
	}
	hint := widget.NewLabel(i18n.T("form.required_hint"))
	hint.SizeName = theme.SizeNameCaptionText
	items := []fyne.CanvasObject{kit.Heading(title), hint, f.errs.Banner,
		field("name", "directory.name_az", true, f.name),
		kit.Pair(field(alliance.FieldOrgNameRU, "directory.name_ru", false, f.nameRU),
			field(alliance.FieldOrgNameEN, "directory.name_en", false, f.nameEN)),
		kit.Pair(field("kind", "directory.kind", true, f.kind), field("region", "directory.base_region", true, f.region)),
		field(alliance.FieldOrgRegions, "directory.works_in", false, f.regions.Object()),
		field(alliance.FieldOrgAreas, "directory.areas", false, f.areas.Object()),
		field(alliance.FieldOrgFocalPerson, "directory.focal_person", false, f.focal),
		kit.Pair(field(alliance.FieldOrgPhone, "directory.phone", false, f.phone),
			field(alliance.FieldOrgEmail, "directory.email", false, f.email)),
		field(alliance.FieldOrgWebsite, "directory.website", false, f.website),
		field(alliance.FieldOrgAddress, "directory.address", false, f.address),
		field(alliance.FieldOrgLogo, "directory.logo", false, container.NewVBox(f.logoName, kit.Flow(pickLogo, f.logoDel))),
		kit.Pair(field(alliance.FieldOrgJoined, "directory.joined_year", false, f.joined), layout.NewSpacer()),
		kit.Flow(f.save, cancel),
	}
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(items...)))
	f.errs.Refresh, f.errs.Scroll = f.scroll.Refresh, f.scroll
	f.regions.OnResized, f.areas.OnResized = f.scroll.Refresh, f.scroll.Refresh
	f.initial, _ = f.collect()
	return f
}

func (f *form) object() fyne.CanvasObject { return f.scroll }

// collect reads the inputs into an organisation, or says what cannot be
// read.
func (f *form) collect() (alliance.Organisation, []alliance.FieldError) {
	o := f.org
	o.Name, o.NameRU, o.NameEN = f.name.Text, f.nameRU.Text, f.nameEN.Text
	o.FocalPerson, o.Phone, o.Email = f.focal.Text, f.phone.Text, f.email.Text
	o.Website, o.Address = f.website.Text, f.address.Text
	if i := f.kind.SelectedIndex(); i >= 0 {
		o.Kind = alliance.OrgKinds[i]
	}
	if i := f.region.SelectedIndex(); i >= 0 {
		o.RegionID = f.s.e.Regions()[i].ID
	}
	o.Regions = f.regions.Chosen()
	o.Areas = nil
	for _, a := range f.areas.Chosen() {
		o.Areas = append(o.Areas, alliance.Area(a))
	}
	o.Logo = f.logo
	var errs []alliance.FieldError
	o.Joined = 0
	if t := strings.TrimSpace(f.joined.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			errs = append(errs, alliance.FieldError{Field: alliance.FieldOrgJoined, Key: "validation.year_range",
				Args: alliance.Args{"From": alliance.FoundedYear, "To": alliance.Today().Year}})
		}
		o.Joined = n
	}
	return o, errs
}

// showLogo says which logo is chosen.
func (f *form) showLogo() {
	if f.logo == nil {
		f.logoName.SetText(i18n.T("directory.no_logo"))
		f.logoDel.Hide()
		return
	}
	f.logoName.SetText(f.logo.Name + " · " + i18n.Bytes(f.logo.Size))
	f.logoDel.Show()
}

// pickLogo lets the user choose a picture and keeps it as the logo
// (checked off the UI goroutine; a refused one says why under the field).
func (f *form) pickLogo() {
	e := f.s.e
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			e.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		f.addLogo(rc.URI().Name(), rc)
	}, e.Window())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"}))
	kit.ShowFileDialog(d, e.Window(), "file.open_title")
}

// addLogo stores a chosen logo.
func (f *form) addLogo(name string, rc io.ReadCloser) {
	e := f.s.e
	var ref alliance.FileRef
	e.Background(func(ctx context.Context) (err error) {
		defer rc.Close()
		ref, err = e.Services().Files.AddFile(ctx, name, rc, alliance.PurposeLogo)
		return err
	}, func(err error) {
		if err != nil {
			kit.SetError(f.errs.Fields[alliance.FieldOrgLogo], i18n.Error(err))
			f.scroll.Refresh()
			return
		}
		kit.SetError(f.errs.Fields[alliance.FieldOrgLogo], "")
		f.logo = &ref
		f.showLogo()
	})
}

// dirty tells whether anything differs from what was loaded.
func (f *form) dirty() bool {
	o, _ := f.collect()
	return !reflect.DeepEqual(norm(o), norm(f.initial))
}

// norm makes empty lists compare equal to none.
func norm(o alliance.Organisation) alliance.Organisation {
	if len(o.Regions) == 0 {
		o.Regions = nil
	}
	if len(o.Areas) == 0 {
		o.Areas = nil
	}
	return o
}

// submit checks the inputs and saves off the UI goroutine; the store's
// rules speak under their fields.
func (f *form) submit() {
	o, errs := f.collect()
	if len(errs) == 0 {
		o.Website = alliance.NormalizeWebsite(o.Website)
		errs = alliance.ErrorFields(o.Validate())
	}
	svc := f.s.e.Services().Organisations
	f.sub.Submit(f.s.e.Background, errs, func(ctx context.Context) error {
		if o.ID == "" {
			return svc.CreateOrganisation(ctx, &o)
		}
		return svc.UpdateOrganisation(ctx, &o)
	}, func() { f.s.saved(o.ID) })
}

// cancel leaves the form (asking first when it holds changes).
func (f *form) cancel() {
	f.s.ConfirmLeave(func(ok bool) {
		if !ok {
			return
		}
		f.s.form = nil
		if f.org.ID == "" {
			f.s.pane.ShowHint()
			return
		}
		f.s.open(f.org.ID)
	})
}
