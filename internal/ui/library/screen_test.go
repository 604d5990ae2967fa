package library

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// libraryScreen opens the screen over a store with a manual in two
// languages whose file is on the laptop, and a long film whose file is not.
func libraryScreen(t *testing.T, secretariat bool) (*Screen, *uitest.Env, *alliance.Resource, *alliance.Resource) {
	t.Helper()
	var manual, film *alliance.Resource
	e := uitest.Open(t, fyne.NewSize(1024, 600), func(db *sqlite.DB, svc *env.Services) {
		ctx := context.Background()
		ref, err := svc.Files.AddFile(ctx, "dərslik.pdf", bytes.NewReader(pdf), alliance.PurposeResource)
		if err != nil {
			t.Fatal(err)
		}
		manual = &alliance.Resource{Category: alliance.ResManual, Year: 2024, Versions: []alliance.ResourceVersion{
			{Lang: "az", Title: "Uşaq hüquqları dərsliyi", Description: "Müəllimlər üçün", File: ref},
			{Lang: "ru", Title: "Учебник по правам ребёнка", File: ref}}}
		film = &alliance.Resource{Category: alliance.ResFilm, Year: 2025, Versions: []alliance.ResourceVersion{
			{Lang: "az", Title: "Bizim səsimiz", File: alliance.FileRef{Hash: strings.Repeat("f", 64), Name: "film.mp4",
				Type: alliance.TypeMP4, Size: 120 << 20}}}}
		lib := sqlite.NewLibraryService(db)
		for _, r := range []*alliance.Resource{manual, film} {
			if err := lib.CreateResource(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	})
	e.IsSecretariat = secretariat
	s := New(e)
	e.Show(s.Object())
	return s, e, manual, film
}

func titles(s *Screen) string {
	var out []string
	for _, r := range s.pane.Items {
		out = append(out, r.Version("az").Title)
	}
	return strings.Join(out, ", ")
}

// TestScreen_Find: by a word of any language's title or description,
// without Azerbaijani letters, and by category.
func TestScreen_Find(t *testing.T) {
	s, _, _, _ := libraryScreen(t, false)
	if got := titles(s); got != "Bizim səsimiz, Uşaq hüquqları dərsliyi" {
		t.Fatalf("listed %s", got)
	}
	for typed, want := range map[string]string{"huquqlari": "Uşaq hüquqları dərsliyi", "учебник": "Uşaq hüquqları dərsliyi",
		"muellimler": "Uşaq hüquqları dərsliyi", "film.mp4": "Bizim səsimiz", "xyz": ""} {
		s.search.SetText(typed)
		if got := titles(s); got != want {
			t.Errorf("%q found %q, want %q", typed, got, want)
		}
	}
	s.search.SetText("")
	s.category.SetSelectedIndex(4) // film
	if got := titles(s); got != "Bizim səsimiz" {
		t.Fatalf("films: %s", got)
	}
}

// TestScreen_View: a resource on the laptop opens; a large one not here
// is asked for with Download; a member's laptop may not edit or withdraw.
func TestScreen_View(t *testing.T) {
	s, e, manual, film := libraryScreen(t, false)
	s.open(manual.ID)
	e.Wait()
	if uitest.FindButton(s.Object(), i18n.T("library.open")) == nil {
		t.Fatal("the manual on this laptop cannot be opened")
	}
	if uitest.FindButton(s.Object(), i18n.T("library.edit")) != nil || uitest.FindButton(s.Object(), i18n.T("library.new")) != nil {
		t.Fatal("a member's laptop may edit the library")
	}
	s.open(film.ID)
	e.Wait()
	get := uitest.FindButton(s.Object(), i18n.T("library.download"))
	if get == nil {
		t.Fatal("the large film not here has no Download")
	}
	test.Tap(get)
	if s.status.Text != i18n.T("library.asked") {
		t.Fatalf("status %q", s.status.Text)
	}
}

// TestScreen_Publish: the secretariat publishes a resource: without a
// title or a file it is refused; a text file is refused with why; with
// its file it is listed.
func TestScreen_Publish(t *testing.T) {
	s, e, _, _ := libraryScreen(t, true)
	test.Tap(uitest.FindButton(s.Object(), i18n.T("library.new")))
	f := s.form
	test.Tap(f.save)
	e.Wait()
	if !f.errs.Fields[alliance.FieldVersions].Visible() {
		t.Fatal("a resource without title or file was not refused")
	}
	row := f.rows[0]
	row.title.SetText("Plakat: Uşaq hüquqları")
	f.category.SetSelectedIndex(2)
	s.addFile("qeyd.txt", io.NopCloser(strings.NewReader("just words")), func(ref alliance.FileRef, err error) {
		if key, _ := alliance.ErrorKey(err); key != "error.file_type_resource" {
			t.Errorf("a text file: %v", err)
		}
	})
	e.Wait()
	s.addFile("plakat.pdf", io.NopCloser(bytes.NewReader(pdf)), func(ref alliance.FileRef, err error) {
		if err != nil {
			t.Fatal(err)
		}
		row.file = ref
	})
	e.Wait()
	test.Tap(f.save)
	e.Wait()
	if !strings.Contains(titles(s), "Plakat: Uşaq hüquqları") || s.status.Text != i18n.T("library.saved") {
		t.Fatalf("listed %s, status %q", titles(s), s.status.Text)
	}
}
