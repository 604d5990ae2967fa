package kit_test

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

func TestDateEntry_Pick(t *testing.T) {
	test.NewTempApp(t)
	d := kit.NewDateEntry("")
	w := test.NewTempWindow(t, d.Object())
	w.Resize(fyne.NewSize(300, 400))
	d.SetDate(alliance.NewDate(2024, 2, 10))
	test.Tap(d.Button)
	if d.Popup == nil || !d.Popup.Visible() {
		t.Fatal("no calendar")
	}
	if uitest.FindLabel(d.Popup.Content, i18n.Month(2)+" 2024") == nil {
		t.Fatal("the calendar does not show February 2024 in Azerbaijani")
	}
	test.Tap(uitest.FindButton(d.Popup.Content, "29"))
	if got, ok := d.Date(); !ok || got != alliance.NewDate(2024, 2, 29) {
		t.Fatalf("picked %v %v", got, ok)
	}
	if d.Popup.Visible() {
		t.Fatal("the calendar stays open after picking")
	}
}

func TestNumberEntry_Step(t *testing.T) {
	test.NewTempApp(t)
	n := kit.NewNumberEntry()
	test.NewTempWindow(t, n.Object())
	n.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	n.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	n.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v, ok := n.Value(); !ok || v != 1 {
		t.Fatalf("after up, up, down: %d %v", v, ok)
	}
	n.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	n.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v, _ := n.Value(); v != 0 {
		t.Fatalf("stepped below zero: %d", v)
	}
}

func TestTheme_Complete(t *testing.T) {
	th := kit.Theme()
	if th.Font(fyne.TextStyle{}) == nil || th.Size(theme.SizeNameText) <= 0 {
		t.Fatal("theme incomplete")
	}
}

// TestTheme_ReadOnlyContrast: a locked record is read in disabled inputs:
// their text must read on their background in the light and the dark
// variant (WCAG AA, 4.5:1), not grey on dark grey.
func TestTheme_ReadOnlyContrast(t *testing.T) {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	th := kit.Theme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		fg, bg := lum(th.Color(theme.ColorNameDisabled, v)), lum(th.Color(theme.ColorNameInputBackground, v))
		// The input background is drawn over the window's background.
		if _, _, _, a := th.Color(theme.ColorNameInputBackground, v).RGBA(); a < 0xffff {
			bg = lum(th.Color(theme.ColorNameBackground, v))*(1-float64(a)/0xffff) + bg*float64(a)/0xffff
		}
		hi, lo := math.Max(fg, bg), math.Min(fg, bg)
		if ratio := (hi + 0.05) / (lo + 0.05); ratio < 4.5 {
			t.Errorf("variant %d: read-only text at %.1f:1 on its background", v, ratio)
		}
	}
}
