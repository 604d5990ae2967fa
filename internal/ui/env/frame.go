package env

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/i18n"
)

// NewNav is the navigation: a row per screen, its icon and its name in
// the current language.
func NewNav() *widget.List {
	return widget.NewList(
		func() int { return len(Screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.ListIcon()), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(ScreenIcon(Screens[id]))
			box.Objects[1].(*widget.Label).SetText(i18n.T("nav." + Screens[id]))
		})
}

// Frame is the window's content around a screen: the navigation with the
// status bar under it on the left, the screen's body on the right.
func Frame(nav *widget.List, status, body fyne.CanvasObject) *container.Split {
	left := container.NewBorder(nil, status, nil, nil, nav)
	split := container.NewHSplit(left, body)
	split.Offset = 0.16
	return split
}

// StatusWidth is the width the status bar under the navigation needs for the longest word of its
// texts in the current language, beside its icon.
func StatusWidth() float32 {
	widest := func(size float32, style fyne.TextStyle, texts ...string) float32 {
		w := float32(0)
		for _, t := range texts {
			for _, word := range strings.Fields(t) {
				w = max(w, fyne.MeasureText(word, size, style).Width)
			}
		}
		return w
	}
	state := widest(theme.TextSize(), fyne.TextStyle{Bold: true}, i18n.T("status.not_enrolled"), i18n.T("status.offline"),
		i18n.Tf("status.syncing", i18n.Args{"Percent": 100}), i18n.T("status.up_to_date"), i18n.T("status.error"))
	detail := widest(theme.CaptionTextSize(), fyne.TextStyle{}, i18n.N("status.pending", 1000, nil), i18n.T("status.saved_locally"),
		i18n.T("status.unsaved"),
		i18n.Tf("status.last", i18n.Args{"Time": "23:59"}),
		i18n.Tf("status.files", i18n.Args{"Files": i18n.N("files.count", 100, nil), "Percent": 100}))
	return max(state, detail) + theme.IconInlineSize() + 3*theme.Padding() + 2*theme.InnerPadding()
}
