package library

import (
	"context"
	"reflect"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// form publishes or edits a resource (the secretariat's laptops).
type form struct {
	s        *Screen
	r        alliance.Resource
	initial  alliance.Resource
	category *widget.Select
	year     *widget.Entry
	crc      *kit.ChipSelect
	rows     []*versionRow
	rowBox   *fyne.Container
	addRow   *widget.Button
	errs     *kit.FormErrors
	save     *widget.Button
	sub      kit.Submission
	scroll   *container.Scroll
}

// versionRow is one language's inputs.
type versionRow struct {
	lang  *widget.Select
	title *widget.Entry
	desc  *widget.Entry
	file  alliance.FileRef
	name  *widget.Label
	pick  *widget.Button
	box   fyne.CanvasObject
}

func newForm(s *Screen, r *alliance.Resource) *form {
	f := &form{s: s, r: *r, errs: kit.NewFormErrors(), rowBox: container.NewVBox()}
	cats := make([]string, len(alliance.ResourceCategories))
	for i, c := range alliance.ResourceCategories {
		cats[i] = i18n.T("library.category." + string(c))
	}
	f.category = widget.NewSelect(cats, nil)
	for i, c := range alliance.ResourceCategories {
		if c == r.Category {
			f.category.SetSelectedIndex(i)
		}
	}
	f.year = widget.NewEntry()
	if r.Year != 0 {
		f.year.SetText(strconv.Itoa(r.Year))
	}
	f.crc = kit.NewChipSelect(kit.ArticleCodes(), func(c string) string { return i18n.Article(alliance.Article(c)) })
	crc := make([]string, len(r.CRC))
	for i, a := range r.CRC {
		crc[i] = string(a)
	}
	f.crc.SetChosen(crc)
	for _, v := range r.Versions {
		f.add(v)
	}
	f.addRow = widget.NewButtonWithIcon(i18n.T("library.add_version"), theme.ContentAddIcon(), func() {
		f.add(alliance.ResourceVersion{Lang: f.freeLang()})
		f.scroll.Refresh()
	})
	if len(r.Versions) == 0 {
		f.add(alliance.ResourceVersion{Lang: i18n.Language()})
	}
	f.save = widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.sub = kit.Submission{Errs: f.errs, Save: f.save}
	cancel := widget.NewButton(i18n.T("form.cancel"), f.cancel)
	field := func(name, key string, required bool, input fyne.CanvasObject) fyne.CanvasObject {
		return f.errs.Field(name, i18n.T(key), required, input)
	}
	title := i18n.T("library.edit_title")
	if r.ID == "" {
		title = i18n.T("library.new_title")
	}
	hint := widget.NewLabel(i18n.T("form.required_hint"))
	hint.SizeName = theme.SizeNameCaptionText
	items := []fyne.CanvasObject{kit.Heading(title), hint, f.errs.Banner,
		kit.Pair(field(alliance.FieldCategory, "library.category", true, f.category), field(alliance.FieldYear, "library.year_field", true, f.year)),
		field(alliance.FieldVersions, "library.versions", true, container.NewVBox(f.rowBox, kit.Flow(f.addRow))),
		field(alliance.FieldCRC, "field.crc_articles", false, f.crc.Object()),
		kit.Flow(f.save, cancel),
	}
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(items...)))
	f.errs.Refresh, f.errs.Scroll = f.scroll.Refresh, f.scroll
	f.crc.OnResized = f.scroll.Refresh
	f.initial, _ = f.collect()
	f.updateAdd()
	return f
}

func (f *form) object() fyne.CanvasObject { return f.scroll }

// freeLang is a language no version has yet.
func (f *form) freeLang() string {
	for _, l := range i18n.Languages {
		taken := false
		for _, r := range f.rows {
			taken = taken || r.currentLang() == l
		}
		if !taken {
			return l
		}
	}
	return "az"
}

func (f *form) updateAdd() {
	if f.addRow == nil {
		return
	}
	if len(f.rows) >= alliance.MaxResourceVersions {
		f.addRow.Disable()
	} else {
		f.addRow.Enable()
	}
}

// add adds a version's inputs.
func (f *form) add(v alliance.ResourceVersion) {
	r := &versionRow{title: widget.NewEntry(), desc: widget.NewMultiLineEntry(), file: v.File, name: widget.NewLabel("")}
	labels := make([]string, len(i18n.Languages))
	for i, l := range i18n.Languages {
		labels[i] = i18n.T("lang." + l)
	}
	r.lang = widget.NewSelect(labels, nil)
	for i, l := range i18n.Languages {
		if l == v.Lang {
			r.lang.SetSelectedIndex(i)
		}
	}
	r.title.SetText(v.Title)
	r.title.SetPlaceHolder(i18n.T("library.title"))
	r.desc.SetText(v.Description)
	r.desc.SetPlaceHolder(i18n.T("library.description"))
	r.desc.Wrapping = fyne.TextWrapWord
	r.desc.SetMinRowsVisible(2)
	r.name.Wrapping = fyne.TextWrapWord
	r.showFile()
	r.pick = widget.NewButtonWithIcon(i18n.T("library.choose_file"), theme.FolderOpenIcon(), func() { f.pick(r) })
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		for i, x := range f.rows {
			if x == r {
				f.rows = append(f.rows[:i], f.rows[i+1:]...)
				f.rowBox.Remove(r.box)
			}
		}
		f.updateAdd()
		f.scroll.Refresh()
	})
	del.Importance = widget.LowImportance
	r.box = container.NewBorder(nil, widget.NewSeparator(), nil, del,
		container.NewVBox(kit.Columns(2, r.lang, r.title), r.desc, container.NewBorder(nil, nil, r.pick, nil, r.name)))
	f.rows = append(f.rows, r)
	f.rowBox.Add(r.box)
	f.updateAdd()
}

func (r *versionRow) currentLang() string {
	if i := r.lang.SelectedIndex(); i >= 0 {
		return i18n.Languages[i]
	}
	return ""
}

func (r *versionRow) showFile() {
	if r.file.Hash == "" {
		r.name.SetText(i18n.T("library.no_file"))
		return
	}
	r.name.SetText(r.file.Name + " · " + i18n.Bytes(r.file.Size))
}

// pick lets the user choose the version's file and stores it.
func (f *form) pick(r *versionRow) {
	w := f.s.e.Window()
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			f.s.e.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		r.pick.Disable()
		f.s.addFile(rc.URI().Name(), rc, func(ref alliance.FileRef, err error) {
			r.pick.Enable()
			if err != nil {
				kit.SetError(f.errs.Fields[alliance.FieldVersions], i18n.Error(err))
				f.scroll.Refresh()
				return
			}
			kit.SetError(f.errs.Fields[alliance.FieldVersions], "")
			r.file = ref
			r.showFile()
		})
	}, w)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".jpg", ".jpeg", ".png", ".mp4", ".PDF", ".JPG", ".JPEG", ".PNG", ".MP4"}))
	kit.ShowFileDialog(d, w, "file.open_title")
}

// collect reads the inputs into a resource, or says what cannot be read.
func (f *form) collect() (alliance.Resource, []alliance.FieldError) {
	r := f.r
	var errs []alliance.FieldError
	if i := f.category.SelectedIndex(); i >= 0 {
		r.Category = alliance.ResourceCategories[i]
	}
	r.Year = 0
	if t := strings.TrimSpace(f.year.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			errs = append(errs, alliance.FieldError{Field: alliance.FieldYear, Key: "validation.year_range",
				Args: alliance.Args{"From": 1989, "To": alliance.Today().Year + 1}})
		}
		r.Year = n
	}
	r.Versions = nil
	for _, row := range f.rows {
		r.Versions = append(r.Versions, alliance.ResourceVersion{Lang: row.currentLang(), Title: row.title.Text,
			Description: row.desc.Text, File: row.file})
	}
	r.CRC = nil
	for _, c := range f.crc.Chosen() {
		r.CRC = append(r.CRC, alliance.Article(c))
	}
	return r, errs
}

func (f *form) dirty() bool {
	r, _ := f.collect()
	return !reflect.DeepEqual(r, f.initial)
}

func (f *form) submit() {
	r, errs := f.collect()
	if len(errs) == 0 {
		errs = alliance.ErrorFields(r.ValidateAt(alliance.Today()))
	}
	svc := f.s.e.Services().Library
	f.sub.Submit(f.s.e.Background, errs, func(ctx context.Context) error {
		if r.ID == "" {
			return svc.CreateResource(ctx, &r)
		}
		return svc.UpdateResource(ctx, &r)
	}, func() { f.s.saved(r.ID, i18n.T("library.saved")) })
}

func (f *form) cancel() {
	f.s.ConfirmLeave(func(ok bool) {
		if !ok {
			return
		}
		f.s.form = nil
		if f.r.ID == "" {
			f.s.pane.ShowHint()
			return
		}
		f.s.open(f.r.ID)
	})
}
