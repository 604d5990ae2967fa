package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// allianceTheme is Fyne's default theme (light or dark as the system
// says) with the alliance's blue as primary colour. The default fonts
// (Noto Sans) cover Azerbaijani and Cyrillic letters.
type allianceTheme struct{}

// Theme returns the app's theme.
func Theme() fyne.Theme { return allianceTheme{} }

var allianceBlue = color.NRGBA{R: 0x1d, G: 0x5f, B: 0xa8, A: 0xff}

func (allianceTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary:
		return allianceBlue
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x1d, G: 0x5f, B: 0xa8, A: 0x66}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0x1d, G: 0x5f, B: 0xa8, A: 0x3a}
	case theme.ColorNameDisabled:
		// A locked record (a submitted entry, a member's view of a
		// contest) is read in disabled fields: Fyne's faint grey does not
		// read in daylight.
		if v == theme.VariantDark {
			return color.NRGBA{R: 0xa0, G: 0xa0, B: 0xa0, A: 0xff}
		}
		return color.NRGBA{R: 0x55, G: 0x58, B: 0x5e, A: 0xff}
	}
	return theme.DefaultTheme().Color(n, v)
}

func (allianceTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (allianceTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (allianceTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
