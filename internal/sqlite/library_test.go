package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

func newResource(title string, size int64) *alliance.Resource {
	return &alliance.Resource{Category: alliance.ResManual, Year: 2024, Versions: []alliance.ResourceVersion{
		{Lang: "en", Title: title + " (EN)", File: alliance.FileRef{Hash: strings.Repeat("e", 64), Name: "manual-en.pdf", Type: alliance.TypePDF, Size: size}},
		{Lang: "az", Title: " " + title + " ", File: alliance.FileRef{Hash: strings.Repeat("a", 64), Name: "dərslik.pdf", Type: alliance.TypePDF, Size: size}},
	}}
}

// TestLibraryService: a resource keeps its language versions together,
// in the languages' order; the activities that used it are counted with
// the copies they handed out, within the report's period; a small file is
// one every laptop fetches, a large one not.
func TestLibraryService(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	lib := sqlite.NewLibraryService(db)
	small, large := newResource("Uşaq hüquqları", 2<<20), newResource("Film", 200<<20)
	large.Category = alliance.ResFilm
	large.Versions = large.Versions[1:]
	large.Versions[0].File.Hash, large.Versions[0].File.Type, large.Versions[0].File.Name = strings.Repeat("f", 64), alliance.TypeMP4, "film.mp4"
	for _, r := range []*alliance.Resource{small, large} {
		if err := lib.CreateResource(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := lib.FindResourceByID(ctx, small.ID)
	if err != nil || got.Versions[0].Lang != "az" || got.Versions[0].Title != "Uşaq hüquqları" || got.Version("ru").Lang != "az" ||
		got.Version("en").Title != "Uşaq hüquqları (EN)" {
		t.Fatalf("read back %+v (%v)", got, err)
	}
	acts := sqlite.NewActivityService(db)
	for i, copies := range []int{40, 0, 25} {
		a := newActivity()
		a.Resources = []alliance.ResourceUse{{ResourceID: small.ID, Copies: copies}}
		if i == 2 {
			a.Start, a.End = alliance.NewDate(2024, 5, 1), alliance.NewDate(2024, 5, 1)
		}
		if err := acts.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	uses, err := lib.ResourceUses(ctx, alliance.ReportFilter{From: alliance.NewDate(2025, 1, 1), To: alliance.NewDate(2025, 12, 31)})
	if err != nil || len(uses) != 1 || uses[0] != (alliance.ResourceCount{ResourceID: small.ID, Activities: 2, Copies: 40}) {
		t.Fatalf("uses %+v (%v)", uses, err)
	}
	files, err := sqlite.NewSyncStore(db).LibraryFiles(ctx, alliance.SmallResource)
	if err != nil || len(files) != 2 || files[0].Size != 2<<20 {
		t.Fatalf("small library files %+v (%v)", files, err)
	}
	bad := newResource("İki azərbaycanca", 10)
	bad.Versions[0].Lang = "az"
	if err := lib.CreateResource(ctx, bad); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("two versions in one language: %v", err)
	}
	a := newActivity()
	a.Resources = []alliance.ResourceUse{{ResourceID: small.ID, Copies: -4}}
	if err := acts.CreateActivity(ctx, a); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("negative copies: %v", err)
	}
}
