package uitest

import (
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/locales"
)

// Sizes are the screens the app is drawn for: a common laptop's and a
// netbook's. At the smaller one a window's content must fit in what is
// left of 1024×600 under a title bar and a taskbar (Windows 10 at 100 %:
// 31 and 40 px): MinContent.
var Sizes = []struct {
	Name       string
	Size       fyne.Size
	MinContent fyne.Size
}{
	{"1366x768", fyne.NewSize(1366, 768), fyne.NewSize(1366, 697)},
	{"1024x600", fyne.NewSize(1024, 600), fyne.NewSize(1024, 529)},
}

// Shooter renders an area's screens at one size in one language: a
// TestScreenshots of each area runs its shots through Shots.
type Shooter struct {
	T          *testing.T
	Size       fyne.Size
	MinContent fyne.Size
	SizeName   string
	Lang       string
	out        string // the folder of the PNGs ("": none written)
	keys       map[string]bool
}

// Shots runs shoot at every size in every language, as subtests: it fails
// when a shown text is an untranslated message key or a screen needs more
// than the size leaves the window, and writes the PNGs to
// $ALLIANCE_SCREENSHOTS/<size>/<lang>-<name>.png when set (make
// screenshots).
func Shots(t *testing.T, shoot func(sh *Shooter)) {
	out := os.Getenv("ALLIANCE_SCREENSHOTS")
	keys := MessageKeys(t)
	for _, s := range Sizes {
		t.Run(s.Name, func(t *testing.T) {
			if out != "" {
				if err := os.MkdirAll(filepath.Join(out, s.Name), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, lang := range i18n.Languages {
				t.Run(lang, func(t *testing.T) {
					shoot(&Shooter{T: t, Size: s.Size, MinContent: s.MinContent, SizeName: s.Name, Lang: lang, out: out, keys: keys})
				})
			}
		})
	}
}

// Open is uitest.Open at the shot's size, in its language and the light
// theme most laptops use.
func (sh *Shooter) Open(prepare func(db *sqlite.DB, svc *env.Services)) *Env {
	e := Open(sh.T, sh.Size, prepare)
	sh.Dress(e)
	return e
}

// Dress gives an Env opened otherwise the shot's size, language and the
// light theme (make its screen anew after).
func (sh *Shooter) Dress(e *Env) {
	e.Window().Resize(sh.Size)
	sh.Theme()
	kit.SetLanguage(sh.Lang)
	sh.T.Cleanup(func() { kit.SetLanguage(i18n.Default) })
}

// Theme puts the app in the light theme most laptops use (the shell
// switches its language itself).
func (sh *Shooter) Theme() {
	fyne.CurrentApp().Settings().SetTheme(LightTheme{kit.Theme()})
}

// OpenDemo is Open over the demo data (Demo); more (may be nil) then
// adds to it.
func (sh *Shooter) OpenDemo(more func(db *sqlite.DB, svc *env.Services)) *Env {
	return sh.Open(func(db *sqlite.DB, svc *env.Services) {
		Demo(sh.T, db, svc)
		if more != nil {
			more(db, svc)
		}
	})
}

// Shoot runs the work in flight, checks the window of e and writes it as
// name.
func (sh *Shooter) Shoot(e *Env, name string) {
	sh.T.Helper()
	e.Wait()
	sh.ShootWindow(e.Window(), name)
}

// ShootWindow checks the window w (its work done) and writes it as name.
func (sh *Shooter) ShootWindow(w fyne.Window, name string) {
	t := sh.T
	t.Helper()
	Settle(w)
	CheckTranslated(t, name, w, sh.keys)
	if m := w.Content().MinSize(); m.Width > sh.MinContent.Width || m.Height > sh.MinContent.Height {
		t.Errorf("%s: the window needs %.0f×%.0f, more than the %.0f×%.0f a %s screen leaves it",
			name, m.Width, m.Height, sh.MinContent.Width, sh.MinContent.Height, sh.SizeName)
	}
	if sh.out == "" {
		return
	}
	img := w.Canvas().Capture()
	f, err := os.Create(filepath.Join(sh.out, sh.SizeName, sh.Lang+"-"+name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// ShowScreen puts o in the window as the shell shows screen id (one of
// env.Screens): beside the navigation, with a status bar's width under it.
func (e *Env) ShowScreen(id string, o fyne.CanvasObject) {
	nav := env.NewNav()
	for i, s := range env.Screens {
		if s == id {
			nav.Select(i)
		}
	}
	wide := canvas.NewRectangle(color.Transparent)
	wide.SetMinSize(fyne.NewSize(env.StatusWidth(), 0))
	status := container.NewStack(wide, container.NewPadded(kit.Wrapped(i18n.T("status.saved_locally"))))
	e.Show(env.Frame(nav, status, o))
}

// MessageKeys returns the message ids of the locale files, and their
// namespaces ("nav.").
func MessageKeys(t testing.TB) map[string]bool {
	b, err := locales.FS.ReadFile("en.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for k := range m {
		keys[k] = true
		keys[strings.SplitN(k, ".", 2)[0]+"."] = true // the key's namespace
	}
	return keys
}

var keyLike = regexp.MustCompile(`^([a-z_]+)(\.[a-z_0-9]+)+$`)

// CheckTranslated fails on any shown text that is a message key: a key
// the locales lack comes out of i18n as the key itself.
func CheckTranslated(t testing.TB, screen string, w fyne.Window, keys map[string]bool) {
	t.Helper()
	objs := []fyne.CanvasObject{w.Content()}
	objs = append(objs, w.Canvas().Overlays().List()...)
	for _, o := range objs {
		Walk(o, func(c fyne.CanvasObject) bool {
			var text string
			switch x := c.(type) {
			case *widget.Label:
				text = x.Text
			case *widget.Button:
				text = x.Text
			case *widget.Select:
				text = x.Selected + x.PlaceHolder
			case *widget.Entry:
				text = x.PlaceHolder
			}
			if m := keyLike.FindStringSubmatch(text); keys[text] || (m != nil && keys[m[1]+"."]) {
				t.Errorf("%s: untranslated text %q", screen, text)
			}
			return false
		})
	}
}

// LightTheme shows a theme in its light variant, the one most laptops
// use, whatever the test app's variant is.
type LightTheme struct{ fyne.Theme }

// Color is the light variant's colour n.
func (l LightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

// Demo fills a store with the demo data the screenshots show (300
// activities, 60 contest entries, the same each run).
func Demo(t testing.TB, db *sqlite.DB, svc *env.Services) {
	t.Helper()
	err := demo.Generate(context.Background(), demo.ServicesOf(db, svc.Files), demo.Options{Activities: 300, Entries: 60, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
}

// Picture is a w×h gradient, for a photo in the screenshots.
func Picture(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(80 + x*120/w), uint8(140 + y*80/h), 200, 255})
		}
	}
	return img
}

// Settle lays the window's content out again as the real driver does
// before it paints (the test canvas does not): a layout whose minimum size
// changed when it was last laid out (a grid that took fewer columns) gets
// the room it needs now, instead of overlapping what follows it.
func Settle(w fyne.Window) {
	for range 3 {
		relayout(w.Content())
		for _, o := range w.Canvas().Overlays().List() {
			relayout(o)
		}
	}
}

func relayout(o fyne.CanvasObject) {
	if o == nil || !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		if x.Layout != nil {
			x.Layout.Layout(x.Objects, x.Size())
		}
		for _, c := range x.Objects {
			relayout(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		r.Layout(x.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	}
}
