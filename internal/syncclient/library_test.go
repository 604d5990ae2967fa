package syncclient_test

import (
	"context"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestSync_Library: the secretariat publishes a manual in two languages
// and a long film; a member's laptop gets the manual's files with the
// next pass, the film only when asked for. A member's laptop cannot
// publish.
func TestSync_Library(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	orgS := srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	sec, mem := withFiles(t, newLaptop(t, "sec")), withFiles(t, newLaptop(t, "mem"))
	sec.enroll(srv, orgS)
	mem.enroll(srv, orgA)
	sec.sync()

	az, ru, film := sec.randomFile(t, 300<<10), sec.randomFile(t, 200<<10), sec.randomFile(t, alliance.SmallResource+1)
	az.Type, ru.Type = alliance.TypePDF, alliance.TypePDF
	manual := &alliance.Resource{Category: alliance.ResManual, Year: 2025, Versions: []alliance.ResourceVersion{
		{Lang: "az", Title: "Uşaq hüquqları dərsliyi", File: az}, {Lang: "ru", Title: "Учебник по правам ребёнка", File: ru}}}
	movie := &alliance.Resource{Category: alliance.ResFilm, Year: 2025, Versions: []alliance.ResourceVersion{
		{Lang: "az", Title: "Bizim hüquqlarımız", File: film}}}
	lib := sqlite.NewLibraryService(sec.db)
	for _, r := range []*alliance.Resource{manual, movie} {
		if err := lib.CreateResource(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	sec.sync()
	if err := sec.pass(); err != nil {
		t.Fatal(err)
	}
	mem.sync()
	if err := mem.pass(); err != nil {
		t.Fatal(err)
	}
	got, err := sqlite.NewLibraryService(mem.db).FindResources(ctx)
	if err != nil || len(got) != 2 {
		t.Fatalf("the member's library: %d (%v)", len(got), err)
	}
	if !mem.files.Has(az.Hash) || !mem.files.Has(ru.Hash) {
		t.Fatal("the manual's files did not come at once")
	}
	if mem.files.Has(film.Hash) {
		t.Fatal("the long film came without being asked for")
	}
	mem.tr.Fetch(film)
	if err := mem.pass(); err != nil {
		t.Fatal(err)
	}
	if !mem.files.Has(film.Hash) || mem.files.Verify(film.Hash) != nil {
		t.Fatal("the film asked for did not come intact")
	}
	if err := sqlite.NewLibraryService(mem.db).CreateResource(ctx, &alliance.Resource{Category: alliance.ResPoster, Year: 2025,
		Versions: []alliance.ResourceVersion{{Lang: "az", Title: "Poster", File: az}}}); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("a member's laptop published: %v", err)
	}
}
