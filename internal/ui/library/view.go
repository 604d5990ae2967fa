package library

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// view is one resource: its versions, each with its file's state on this
// laptop (here, coming, or to ask for), a picture's preview, and Open.
type view struct {
	s    *Screen
	r    alliance.Resource
	here map[string]bool // the files on this laptop, once known
	box  *fyne.Container
	root fyne.CanvasObject
	pics map[string]fyne.Resource // previews of pictures, once made
}

func newView(s *Screen, r *alliance.Resource) *view {
	v := &view{s: s, r: *r, box: container.NewVBox(), pics: map[string]fyne.Resource{}}
	v.root = container.NewVScroll(container.NewPadded(v.box))
	v.render()
	v.check()
	return v
}

func (v *view) object() fyne.CanvasObject { return v.root }

// check learns off the UI goroutine which files are here, and makes the
// pictures' previews.
func (v *view) check() {
	e := v.s.e
	here := map[string]bool{}
	pics := map[string]fyne.Resource{}
	e.Background(func(ctx context.Context) error {
		files := e.Services().Files
		for _, x := range v.r.Versions {
			here[x.File.Hash] = files.HasFile(x.File.Hash)
			if here[x.File.Hash] && x.File.IsImage() {
				if b, err := files.Thumbnail(ctx, x.File, media.PreviewSize); err == nil {
					pics[x.File.Hash] = fyne.NewStaticResource(x.File.Hash[:16]+".jpg", b)
				}
			}
		}
		return nil
	}, func(err error) {
		v.here, v.pics = here, pics
		v.render()
	})
}

func (v *view) render() {
	r := v.r
	lang := i18n.Language()
	items := []fyne.CanvasObject{kit.Heading(r.Version(lang).Title),
		kit.Wrapped(i18n.T("library.category."+string(r.Category)) + " · " + i18n.Tf("library.year", i18n.Args{"Year": r.Year}))}
	if len(r.CRC) > 0 {
		arts := make([]string, len(r.CRC))
		for i, a := range r.CRC {
			arts[i] = i18n.Article(a)
		}
		l := kit.Wrapped(strings.Join(arts, "; "))
		l.SizeName = theme.SizeNameCaptionText
		items = append(items, l)
	}
	for _, x := range r.Versions {
		items = append(items, widget.NewSeparator(), v.version(x))
	}
	if v.s.e.Secretariat() {
		edit := widget.NewButtonWithIcon(i18n.T("library.edit"), theme.DocumentCreateIcon(), func() { v.s.edit(&v.r) })
		edit.Importance = widget.HighImportance
		del := widget.NewButtonWithIcon(i18n.T("library.withdraw"), theme.DeleteIcon(), v.withdraw)
		del.Importance = widget.DangerImportance
		items = append(items, widget.NewSeparator(), kit.Flow(edit, del))
	}
	v.box.Objects = items
	v.box.Refresh()
}

// version is one language's title, description and file.
func (v *view) version(x alliance.ResourceVersion) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(i18n.T("lang."+x.Lang)+": "+x.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(title)
	if x.Description != "" {
		box.Add(kit.Wrapped(x.Description))
	}
	if pic := v.pics[x.File.Hash]; pic != nil {
		img := canvas.NewImageFromResource(pic)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(240, 180))
		box.Add(container.NewHBox(img))
	}
	detail := x.File.Name + " · " + i18n.Bytes(x.File.Size)
	var buttons []fyne.CanvasObject
	switch here, known := v.here[x.File.Hash]; {
	case !known:
	case here:
		open := widget.NewButtonWithIcon(i18n.T("library.open"), theme.VisibilityIcon(), func() { env.OpenFile(v.s.e, x.File) })
		buttons = append(buttons, open)
	case x.File.Size <= alliance.SmallResource:
		detail += " · " + i18n.T("library.coming")
	default:
		get := widget.NewButtonWithIcon(i18n.T("library.download"), theme.DownloadIcon(), func() {
			if t := v.s.e.Services().Transfers; t != nil {
				t.Fetch(x.File)
			}
			v.s.say(i18n.T("library.asked"))
		})
		buttons = append(buttons, get)
	}
	info := widget.NewLabel(detail)
	info.SizeName = theme.SizeNameCaptionText
	info.Wrapping = fyne.TextWrapWord
	box.Add(info)
	if len(buttons) > 0 {
		box.Add(kit.Flow(buttons...))
	}
	return box
}

// withdraw asks, then takes the resource out of the library.
func (v *view) withdraw() {
	e := v.s.e
	kit.Confirm(e.Window(), i18n.T("library.withdraw_title"), i18n.Tf("library.withdraw_body", i18n.Args{"Title": v.r.Version(i18n.Language()).Title}),
		i18n.T("library.withdraw"), i18n.T("form.cancel"), func(ok bool) {
			if !ok {
				return
			}
			e.Background(func(ctx context.Context) error {
				return e.Services().Library.DeleteResource(ctx, v.r.ID)
			}, func(err error) {
				if err != nil {
					e.ShowError(err)
					return
				}
				v.s.saved("", i18n.T("library.withdrawn"))
			})
		})
}
