package activities

import (
	"context"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/thumbs"
)

// activityFiles is the activity form's files — photos, signed attendance
// sheets, reports — each with its picture, its kind, whether children can
// be recognised in it and whether their guardians agreed to share it, and
// the ways to open and remove it. A photo of children without that
// consent stays within the organisation: another organisation's laptop
// (the secretariat's) shows that it exists, not the photo.
type activityFiles struct {
	f      *activityForm
	items  []alliance.Attachment
	box    *fyne.Container
	add    *widget.Button
	busy   *widget.ProgressBarInfinite
	thumbs *thumbs.Cache
}

func newActivityFiles(f *activityForm) *activityFiles {
	a := &activityFiles{f: f, box: container.NewVBox(), busy: widget.NewProgressBarInfinite()}
	a.busy.Hide()
	a.add = widget.NewButtonWithIcon(i18n.T("activity.add_file"), theme.ContentAddIcon(), a.pick)
	a.thumbs = thumbs.New(f.s.u, media.ThumbSize, a.render)
	return a
}

// object is the files and the button that adds one.
func (a *activityFiles) object() fyne.CanvasObject {
	hint := widget.NewLabel(i18n.T("activity.files_hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.SizeName = theme.SizeNameCaptionText
	return container.NewVBox(a.box, container.NewBorder(nil, nil, a.add, nil, a.busy), hint)
}

// set shows as (as loaded: no change).
func (a *activityFiles) set(as []alliance.Attachment) {
	a.items = append([]alliance.Attachment(nil), as...)
	a.render()
}

// foreign tells whether the activity is another organisation's.
func (a *activityFiles) foreign() bool {
	e := a.f.editing
	return e != nil && e.OrgID != "" && e.OrgID != a.f.s.u.OrgID()
}

// render lists the files.
func (a *activityFiles) render() {
	a.box.Objects = nil
	for i := range a.items {
		a.box.Add(a.row(i))
	}
	a.add.Disable()
	if len(a.items) < alliance.MaxAttachments {
		a.add.Enable()
	}
	a.box.Refresh()
	if a.f.scroll != nil {
		a.f.scroll.Refresh()
	}
}

// row is the i-th file.
func (a *activityFiles) row(i int) fyne.CanvasObject {
	u := a.f.s.u
	at := a.items[i]
	img := canvas.NewImageFromResource(theme.FileIcon())
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(72, 54))
	detail := kit.FileDetail(at.FileRef)
	// Another organisation's photo of children without consent: the
	// server gives it to no other laptop; shown only if it is here.
	private := at.Private() && a.foreign()
	var st *thumbs.State // nil while it loads
	switch {
	case private:
		st = a.thumbs.Local(at.FileRef)
	case at.IsImage():
		st = a.thumbs.Get(at.FileRef)
	}
	hidden := private && (st == nil || st.Res == nil)
	switch {
	case hidden:
		img.Resource = theme.VisibilityOffIcon()
		detail += " · " + i18n.T("activity.file_private")
	case at.Type == alliance.TypePDF:
		img.Resource = theme.DocumentIcon()
	case st != nil && st.Res != nil:
		img.Resource = st.Res
	case st != nil && st.Missing:
		detail += " · " + i18n.T("entries.not_uploaded")
	}
	name := widget.NewLabelWithStyle(at.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	info := widget.NewLabel(detail)
	info.SizeName = theme.SizeNameCaptionText
	info.Wrapping = fyne.TextWrapWord

	kinds := make([]string, len(alliance.AttachmentKinds))
	for j, k := range alliance.AttachmentKinds {
		kinds[j] = i18n.T("attachment." + string(k))
	}
	kind := widget.NewSelect(kinds, nil)
	for j, k := range alliance.AttachmentKinds {
		if k == at.Kind {
			kind.SetSelectedIndex(j)
		}
	}
	kind.OnChanged = func(string) {
		a.items[i].Kind = alliance.AttachmentKinds[kind.SelectedIndex()]
		a.f.changed()
	}
	consent := widget.NewCheck(i18n.T("activity.file_consent"), nil)
	consent.SetChecked(at.Consent)
	consent.OnChanged = func(on bool) {
		a.items[i].Consent = on
		a.f.changed()
	}
	children := widget.NewCheck(i18n.T("activity.file_children"), nil)
	children.SetChecked(at.Children)
	children.OnChanged = func(on bool) {
		a.items[i].Children = on
		if !on {
			a.items[i].Consent = false
		}
		a.f.changed()
		a.render()
	}
	if !at.Children {
		consent.Disable()
	}
	open := widget.NewButtonWithIcon("", theme.VisibilityIcon(), func() { env.OpenFile(u, at.FileRef) })
	if hidden {
		open.Disable()
	}
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		a.items = append(a.items[:i], a.items[i+1:]...)
		a.f.changed()
		a.render()
	})
	del.Importance = widget.LowImportance
	texts := container.NewVBox(name, info, kit.Flow(kind, children, consent))
	return container.NewBorder(nil, widget.NewSeparator(), img, container.NewVBox(open, del), texts)
}

// pick lets the user choose a file and adds it.
func (a *activityFiles) pick() {
	u := a.f.s.u
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		a.addReader(rc.URI().Name(), rc)
	}, u.Window())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".jpg", ".jpeg", ".png", ".pdf", ".JPG", ".JPEG", ".PNG", ".PDF"}))
	kit.ShowFileDialog(d, u.Window(), "file.open_title")
}

// addReader stores a chosen file off the UI goroutine and lists it: a
// photo is taken for one with children until said otherwise — the safe
// side; a refused file says why under the files and nothing is added.
func (a *activityFiles) addReader(name string, rc io.ReadCloser) {
	u := a.f.s.u
	a.busy.Show()
	a.add.Disable()
	var ref alliance.FileRef
	u.Background(func(ctx context.Context) (err error) {
		defer rc.Close()
		ref, err = u.Services().Files.AddFile(ctx, name, rc, alliance.PurposeAttachment)
		return err
	}, func(err error) {
		a.busy.Hide()
		a.add.Enable()
		if err != nil {
			kit.SetError(a.f.errs[alliance.FieldAttachments], i18n.Error(err))
			a.render()
			return
		}
		kit.SetError(a.f.errs[alliance.FieldAttachments], "")
		for _, x := range a.items {
			if x.Hash == ref.Hash {
				return // there already
			}
		}
		at := alliance.Attachment{FileRef: ref, Kind: alliance.AttachReport}
		if ref.IsImage() {
			at.Kind, at.Children = alliance.AttachPhoto, true
		}
		a.items = append(a.items, at)
		a.f.changed()
		a.render()
	})
}
