package directory

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// directory opens the screen over a store of three organisations: the
// secretariat in Baku, a member in Shaki working in Baku too (the
// laptop's), and a children's group in Lankaran.
func directory(t *testing.T, secretariat bool) (*Screen, *uitest.Env, map[string]string) {
	t.Helper()
	ids := map[string]string{}
	e := uitest.Open(t, fyne.NewSize(1024, 600), func(db *sqlite.DB, _ *env.Services) {
		s := sqlite.NewOrganisationService(db)
		for key, o := range map[string]*alliance.Organisation{
			"sec": {Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true},
			"sheki": {Name: "Şəki Uşaq Mərkəzi", Kind: alliance.OrgNGO, RegionID: "shaki-zagatala",
				OrgProfile: alliance.OrgProfile{NameRU: "Шекинский детский центр", Regions: []string{"baku", "shaki-zagatala"},
					Areas: []alliance.Area{alliance.AreaEducation}, Email: "info@seki.az", FocalPerson: "Aynur Məmmədova"}},
			"lankaran": {Name: "Lənkəran Uşaq Parlamenti", Kind: alliance.OrgChildGroup, RegionID: "lankaran-astara",
				OrgProfile: alliance.OrgProfile{Areas: []alliance.Area{alliance.AreaParticipation}}},
		} {
			if err := s.CreateOrganisation(context.Background(), o); err != nil {
				t.Fatal(err)
			}
			ids[key] = o.ID
		}
	})
	e.IsSecretariat = secretariat
	e.SetOrgID(ids["sheki"])
	e.ReloadReference(nil)
	e.Wait()
	s := New(e)
	e.Show(s.Object())
	return s, e, ids
}

func names(s *Screen) string {
	var out []string
	for _, o := range s.pane.Items {
		out = append(out, o.Name)
	}
	return strings.Join(out, ", ")
}

// TestScreen_Filter: typed without Azerbaijani letters, by a person's
// name, by a region it works in (not only where it is based) and by area.
func TestScreen_Filter(t *testing.T) {
	s, e, _ := directory(t, false)
	if got := names(s); got != "Katiblik, Lənkəran Uşaq Parlamenti, Şəki Uşaq Mərkəzi" {
		t.Fatalf("listed %s", got)
	}
	if s.count.Text != i18n.N("directory.count", 3, nil) {
		t.Fatalf("count %q", s.count.Text)
	}
	for typed, want := range map[string]string{"seki usaq": "Şəki Uşaq Mərkəzi", "aynur": "Şəki Uşaq Mərkəzi",
		"lenkeran": "Lənkəran Uşaq Parlamenti", "шекинский": "Şəki Uşaq Mərkəzi", "xyz": ""} {
		s.search.SetText(typed)
		if got := names(s); got != want {
			t.Errorf("%q found %q, want %q", typed, got, want)
		}
	}
	s.search.SetText("")
	s.region.SetSelectedIndex(1) // Baku: the secretariat is based there, Shaki works there
	if got := names(s); got != "Katiblik, Şəki Uşaq Mərkəzi" {
		t.Fatalf("in Baku: %s", got)
	}
	s.region.SetSelectedIndex(0)
	s.area.SetSelectedIndex(1 + 9) // participation
	if got := names(s); got != "Lənkəran Uşaq Parlamenti" {
		t.Fatalf("participation: %s", got)
	}
	s.search.SetText("xyz")
	if uitest.FindLabel(s.Object(), i18n.T("directory.empty.title")) == nil {
		t.Fatal("nothing found and nothing said")
	}
	_ = e
}

// TestScreen_EditOwnProfile: a member's laptop edits its own profile —
// the kind, base region and year stay the secretariat's — and sees it
// saved; another organisation's profile has no Edit; a wrong e-mail is
// said under its field and nothing is saved; leaving a changed form asks.
func TestScreen_EditOwnProfile(t *testing.T) {
	s, e, ids := directory(t, false)
	s.open(ids["lankaran"])
	if uitest.FindButton(s.Object(), i18n.T("directory.edit")) != nil {
		t.Fatal("a member may edit another organisation's profile")
	}
	if uitest.FindButton(s.Object(), i18n.T("directory.add")) != nil {
		t.Fatal("a member's laptop offers to add organisations")
	}
	s.open(ids["sheki"])
	edit := uitest.FindButton(s.Object(), i18n.T("directory.edit"))
	if edit == nil {
		t.Fatal("no Edit on its own profile")
	}
	test.Tap(edit)
	f := s.form
	if !f.kind.Disabled() || !f.region.Disabled() || !f.joined.Disabled() {
		t.Fatal("a member may change its kind, base region or year of joining")
	}
	if f.dirty() {
		t.Fatal("a form just opened has changes")
	}
	test.Type(f.email, " (köhnə)")
	test.Tap(f.save)
	e.Wait()
	if msg := f.errs.Fields[alliance.FieldOrgEmail]; !msg.Visible() || msg.Text != i18n.T("validation.email") {
		t.Fatalf("e-mail error %q", msg.Text)
	}
	f.email.SetText("salam@seki.az")
	f.nameEN.SetText("Shaki Children's Centre")
	f.website.SetText("seki-usaq.az")
	f.regions.Toggle("karabakh")
	test.Tap(f.save)
	e.Wait()
	got, err := e.Services().Organisations.FindOrganisationByID(context.Background(), ids["sheki"])
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != "salam@seki.az" || got.NameEN != "Shaki Children's Centre" || got.Website != "https://seki-usaq.az" ||
		strings.Join(got.Regions, ",") != "baku,karabakh,shaki-zagatala" {
		t.Fatalf("saved %+v", got.OrgProfile)
	}
	if s.form != nil || s.status.Text != i18n.T("directory.saved") || uitest.FindLabel(s.Object(), "https://seki-usaq.az") == nil {
		t.Fatalf("after saving: form %v, status %q", s.form != nil, s.status.Text)
	}

	// A change not saved: leaving asks, and staying keeps it.
	test.Tap(uitest.FindButton(s.Object(), i18n.T("directory.edit")))
	test.Type(s.form.phone, "+994 24")
	left := false
	s.ConfirmLeave(func(ok bool) { left = ok })
	uitest.TapDialogButton(t, e.Window(), i18n.T("confirm.discard.keep"))
	if left || s.form == nil || s.form.phone.Text != "+994 24" {
		t.Fatal("the unsaved change was not kept")
	}
}

// TestScreen_AddOrganisation: the secretariat's laptop adds an
// organisation, sets its kind and year, and it is listed.
func TestScreen_AddOrganisation(t *testing.T) {
	s, e, _ := directory(t, true)
	test.Tap(uitest.FindButton(s.Object(), i18n.T("directory.add")))
	f := s.form
	if f == nil || f.kind.Disabled() {
		t.Fatal("no form for a new organisation, or its kind is fixed")
	}
	test.Tap(f.save)
	e.Wait()
	if msg := f.errs.Fields["name"]; !msg.Visible() {
		t.Fatal("a nameless organisation was not refused")
	}
	f.name.SetText("Quba Gənclər Evi")
	f.kind.SetSelectedIndex(2)
	f.region.SetSelectedIndex(6) // Guba-Khachmaz
	f.joined.SetText("1999")
	test.Tap(f.save)
	e.Wait()
	if msg := f.errs.Fields[alliance.FieldOrgJoined]; !msg.Visible() {
		t.Fatal("a year before the alliance was accepted")
	}
	f.joined.SetText("2021")
	test.Tap(f.save)
	e.Wait()
	if !strings.Contains(names(s), "Quba Gənclər Evi") {
		t.Fatalf("listed %s", names(s))
	}
	orgs, err := e.Services().Organisations.FindOrganisations(context.Background())
	if err != nil || len(orgs) != 4 {
		t.Fatalf("%d organisations (%v)", len(orgs), err)
	}
}

// TestScreen_Export: the directory as it is filtered, to Excel, in the
// app's language; a folder that is not there says so.
func TestScreen_Export(t *testing.T) {
	s, e, _ := directory(t, false)
	i18n.SetLanguage("ru")
	s.region.SetSelectedIndex(1)
	path := filepath.Join(t.TempDir(), "kataloq.xlsx")
	s.save(path)
	e.Wait()
	xf, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	rows, _ := xf.GetRows(i18n.T("export.sheet.directory"))
	if len(rows) != 3 || rows[1][0] != "Katiblik" || rows[2][0] != "Шекинский детский центр" {
		t.Fatalf("rows %q", rows)
	}
	missing := filepath.Join(filepath.Dir(path), "yoxdur", "x.xlsx")
	s.save(missing)
	e.Wait()
	if _, err := os.Stat(missing); err == nil || e.Window().Canvas().Overlays().Top() == nil {
		t.Fatal("a missing folder was not said")
	}
}

// TestScreen_Logo: a member gives its organisation a logo (a text file is
// refused with why) and the profile shows it.
func TestScreen_Logo(t *testing.T) {
	s, e, ids := directory(t, false)
	s.open(ids["sheki"])
	test.Tap(uitest.FindButton(s.Object(), i18n.T("directory.edit")))
	f := s.form
	f.addLogo("loqo.txt", io.NopCloser(strings.NewReader("not a picture")))
	e.Wait()
	if l := f.errs.Fields[alliance.FieldOrgLogo]; !l.Visible() || !strings.Contains(l.Text, "loqo.txt") {
		t.Fatalf("a text logo: %q", l.Text)
	}
	var png bytes.Buffer
	if err := pngEncode(&png); err != nil {
		t.Fatal(err)
	}
	f.addLogo("loqo.png", io.NopCloser(bytes.NewReader(png.Bytes())))
	e.Wait()
	if f.logo == nil || !f.dirty() {
		t.Fatal("the logo was not taken")
	}
	test.Tap(f.save)
	e.Wait()
	got, err := e.Services().Organisations.FindOrganisationByID(context.Background(), ids["sheki"])
	if err != nil || got.Logo == nil || got.Logo.Type != alliance.TypePNG {
		t.Fatalf("stored %+v (%v)", got.Logo, err)
	}
	var img *canvas.Image
	uitest.Walk(s.Object(), func(o fyne.CanvasObject) bool {
		if i, ok := o.(*canvas.Image); ok && i.Resource != nil && strings.HasSuffix(i.Resource.Name(), ".jpg") {
			img = i
			return true
		}
		return false
	})
	if img == nil {
		t.Fatal("the profile does not show the logo")
	}
}

func pngEncode(w io.Writer) error {
	return png.Encode(w, image.NewRGBA(image.Rect(0, 0, 32, 32)))
}
