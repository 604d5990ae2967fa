package directory

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// profile is o's profile as the directory shows it: its names, what it
// is and where, what it works on, and how to reach it (texts that can be
// selected and copied); Edit when this laptop may change it.
func (s *Screen) profile(o *alliance.Organisation) fyne.CanvasObject {
	lang := i18n.Language()
	heading := fyne.CanvasObject(kit.Heading(o.NameIn(lang)))
	if o.Logo != nil {
		logo := canvas.NewImageFromResource(theme.FileImageIcon())
		logo.FillMode = canvas.ImageFillContain
		logo.SetMinSize(fyne.NewSize(64, 64))
		heading = container.NewBorder(nil, nil, logo, nil, heading)
		s.loadLogo(*o.Logo, logo)
	}
	items := []fyne.CanvasObject{heading}
	var others []string
	for _, l := range []string{"az", "ru", "en"} {
		if n := o.NameIn(l); l != lang && n != o.NameIn(lang) && !slices.Contains(others, n) {
			others = append(others, n)
		}
	}
	if len(others) > 0 {
		items = append(items, kit.Wrapped(strings.Join(others, " · ")))
	}
	about := []string{i18n.T("org_kind." + string(o.Kind)), i18n.Tf("directory.based_in",
		i18n.Args{"Region": kit.RegionName(s.e.Regions(), o.RegionID)})}
	if o.Secretariat {
		about = append([]string{i18n.T("directory.secretariat")}, about...)
	}
	if o.Joined != 0 {
		about = append(about, i18n.Tf("directory.joined", i18n.Args{"Year": strconv.Itoa(o.Joined)}))
	}
	items = append(items, kit.Wrapped(strings.Join(about, " · ")))

	details := container.New(layout.NewFormLayout())
	line := func(key, value string) {
		if value == "" {
			return
		}
		l := widget.NewLabel(value)
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
		details.Add(widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		details.Add(l)
	}
	regions := make([]string, len(o.Regions))
	for i, id := range o.Regions {
		regions[i] = kit.RegionName(s.e.Regions(), id)
	}
	areas := make([]string, len(o.Areas))
	for i, a := range o.Areas {
		areas[i] = i18n.T("area." + string(a))
	}
	line("directory.works_in", strings.Join(regions, ", "))
	line("directory.areas", strings.Join(areas, "; "))
	line("directory.focal_person", o.FocalPerson)
	line("directory.phone", o.Phone)
	line("directory.email", o.Email)
	line("directory.website", o.Website)
	line("directory.address", o.Address)
	items = append(items, details)
	if o.FocalPerson == "" && o.Phone == "" && o.Email == "" && o.Website == "" && o.Address == "" {
		none := kit.Wrapped(i18n.T("directory.no_contacts"))
		none.Importance = widget.LowImportance
		items = append(items, none)
	}
	if s.canEdit(o) {
		edit := widget.NewButtonWithIcon(i18n.T("directory.edit"), theme.DocumentCreateIcon(), func() { s.edit(o) })
		edit.Importance = widget.HighImportance
		items = append(items, kit.Flow(edit))
	}
	return container.NewVScroll(container.NewPadded(container.NewVBox(items...)))
}

// loadLogo shows the logo in img once read off the UI goroutine (a logo
// not here yet keeps the placeholder: it arrives with the next transfers).
func (s *Screen) loadLogo(f alliance.FileRef, img *canvas.Image) {
	var b []byte
	s.e.Background(func(ctx context.Context) (err error) {
		b, err = s.e.Services().Files.Thumbnail(ctx, f, media.ThumbSize)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		img.Resource = fyne.NewStaticResource(f.Hash[:16]+".jpg", b)
		img.Refresh()
	})
}
