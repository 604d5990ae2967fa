package ui

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
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
	"github.com/ngo-alliance/alliance/internal/vault"
	"github.com/ngo-alliance/alliance/locales"
)

// screenSizes are the screens the app is drawn for: a common laptop's and
// a netbook's. At the smaller one a window's content must fit in what is
// left of 1024×600 under a title bar and a taskbar (Windows 10 at 100 %:
// 31 and 40 px): minContent.
var screenSizes = []struct {
	name       string
	size       fyne.Size
	minContent fyne.Size
}{
	{"1366x768", fyne.NewSize(1366, 768), fyne.NewSize(1366, 697)},
	{"1024x600", fyne.NewSize(1024, 600), fyne.NewSize(1024, 529)},
}

// TestScreenshots renders every screen in every language at 1366×768 and
// 1024×600 with the software renderer, fails when a rendered text is an
// untranslated message key or when a screen's minimum size exceeds what
// the screen leaves for the window, and writes the PNGs to
// $ALLIANCE_SCREENSHOTS when set (make screenshots).
func TestScreenshots(t *testing.T) {
	for _, s := range screenSizes {
		t.Run(s.name, func(t *testing.T) {
			testWindowSize = s.size
			t.Cleanup(func() { testWindowSize = fyne.Size{} })
			screenshots(t, s.name, s.minContent)
		})
	}
}

// screenshots renders every screen in every language at the size the
// test windows are given; minContent bounds each screen's minimum size.
func screenshots(t *testing.T, size string, minContent fyne.Size) {
	out := os.Getenv("ALLIANCE_SCREENSHOTS")
	if out != "" {
		if err := os.MkdirAll(filepath.Join(out, size), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	keys := messageKeys(t)
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			shoot := func(u *testUI, name string) {
				t.Helper()
				u.Wait()
				checkTranslated(t, name, u.win, keys)
				if m := u.win.Content().MinSize(); m.Width > minContent.Width || m.Height > minContent.Height {
					t.Errorf("%s: the window needs %.0f×%.0f, more than the %.0f×%.0f a %s screen leaves it",
						name, m.Width, m.Height, minContent.Width, minContent.Height, size)
				}
				if out == "" {
					return
				}
				img := u.win.Canvas().Capture()
				f, err := os.Create(filepath.Join(out, size, lang+"-"+name+".png"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := png.Encode(f, img); err != nil {
					t.Fatal(err)
				}
			}

			empty := openTestUI(t, t.TempDir(), nil)
			fyne.CurrentApp().Settings().SetTheme(lightTheme{kit.Theme()})
			empty.SetLanguage(lang)
			shoot(empty, "01-activities-empty")
			shootSignIn(t, lang, shoot)
			empty.ShowScreen(ScreenSync)
			shoot(empty, "08-sync")

			u := openTestUIWith(t, t.TempDir(), func(db *sqlite.DB, svc *Services) {
				err := demo.Generate(context.Background(), demo.ServicesOf(db, svc.Files), demo.Options{Activities: 300, Entries: 60, Seed: 7})
				if err != nil {
					t.Fatal(err)
				}
				// A new version is ready, and this one replaced another:
				// Settings shows both, the status bar the link.
				svc.Updates = uitest.NewUpdates(alliance.UpdateStatus{Current: "1.3.0", Previous: "1.2.0", Updated: "1.2.0",
					Version: "1.4.0", State: alliance.UpdateReady, Size: 9 << 20, Done: 9 << 20})
			})
			fyne.CurrentApp().Settings().SetTheme(lightTheme{kit.Theme()})
			u.SetLanguage(lang)
			u.Wait()
			test.Type(newActivityTitle(t, u), "Yarımçıq qeyd") // a form holding changes
			u.ShowScreen(ScreenSettings)
			shoot(u, "09-discard-changes")
			tapDialogButton(t, u.win, i18n.T("confirm.discard.discard"))
			shoot(u, "10-settings")
		})
	}
}

// messageKeys returns the message ids of the locale files.
func messageKeys(t *testing.T) map[string]bool {
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

// checkTranslated fails on any shown text that is a message key: a key
// the locales lack comes out of i18n as the key itself.
func checkTranslated(t *testing.T, screen string, w fyne.Window, keys map[string]bool) {
	t.Helper()
	objs := []fyne.CanvasObject{w.Content()}
	objs = append(objs, w.Canvas().Overlays().List()...)
	for _, o := range objs {
		walk(o, func(c fyne.CanvasObject) bool {
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

// lightTheme shows a theme in its light variant, the one most laptops use,
// whatever the test app's variant is.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

// shootSignIn shoots the first-profile screen, the sign-in (and a wrong
// PIN) and the people in Settings.
func shootSignIn(t *testing.T, lang string, shoot func(u *testUI, name string)) {
	t.Helper()
	gate := openSignInUI(t, t.TempDir(), nil)
	fyne.CurrentApp().Settings().SetTheme(lightTheme{kit.Theme()})
	gate.SetLanguage(lang)
	gate.Wait()
	shoot(gate, "00a-first-profile")
	f := gate.lock.first
	f.name.SetText("Aynur Məmmədova")
	f.secret.Secret.SetText("480915")
	f.secret.Repeat.SetText("480916")
	f.submit()
	shoot(gate, "00b-first-profile-mismatch")
	f.secret.Repeat.SetText("480915")
	f.submit()
	gate.Wait()
	ps := gate.svc.Profiles
	for _, name := range []string{"Rəşad Əliyev", "Günay Hüseynova"} {
		if err := ps.CreateProfile(context.Background(), &alliance.Profile{Name: name, Role: alliance.RoleStaff, Kind: alliance.SecretPIN}, "270418"); err != nil {
			t.Fatal(err)
		}
	}
	gate.ShowScreen(ScreenSettings)
	shoot(gate, "10c-settings-people")
	gate.Lock()
	gate.Wait()
	shoot(gate, "00c-sign-in")
	gate.lock.signIn.secret.SetText("000001")
	gate.lock.signIn.submit()
	shoot(gate, "00d-sign-in-wrong")
	// Every PIN forgotten: the request for the secretariat, once its
	// recovery key came with a sync.
	_, public, err := vault.NewRecoveryKey("the secretariat's passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSyncStore(gate.db).ApplyPull(context.Background(), &syncproto.PullResponse{RecoveryKey: public}); err != nil {
		t.Fatal(err)
	}
	findButton(gate.win.Content(), i18n.T("recovery.forgot")).OnTapped()
	gate.Wait()
	shoot(gate, "00e-sign-in-recovery")
}

// picture is a w×h gradient, for a photo in the screenshots.
func picture(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(80 + x*120/w), uint8(140 + y*80/h), 200, 255})
		}
	}
	return img
}
