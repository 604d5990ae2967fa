package places_test

import (
	"context"
	"testing"

	"github.com/ngo-alliance/alliance/internal/places"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestRegions: the regions' names are the seeded table's.
func TestRegions(t *testing.T) {
	db, err := sqlite.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := sqlite.NewRegionService(db).FindRegions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != len(places.Regions) {
		t.Fatalf("%d regions in the table, %d here", len(rs), len(places.Regions))
	}
	for _, r := range rs {
		p, ok := places.Regions[r.ID]
		if !ok || p.AZ != r.NameAZ || p.RU != r.NameRU || p.EN != r.NameEN {
			t.Errorf("region %s: %+v here, %s/%s/%s in the table", r.ID, p, r.NameAZ, r.NameRU, r.NameEN)
		}
	}
}

// TestIndex_Spellings: a settlement is known by every spelling, alone or
// with a case ending, and no spelling names two places.
func TestIndex_Spellings(t *testing.T) {
	x := places.NewIndex(sqlite.Fold)
	seen := map[string]string{}
	for _, p := range places.Settlements {
		for _, n := range p.Names() {
			f := sqlite.Fold(n)
			if other, ok := seen[f]; ok && other != p.AZ {
				t.Errorf("%q names both %s and %s", n, other, p.AZ)
			}
			seen[f] = p.AZ
		}
	}
	has := func(list []string, w string) bool {
		for _, s := range list {
			if s == w {
				return true
			}
		}
		return false
	}
	for text, want := range map[string]string{
		"Şəki":                      "sheki",
		"Şəki şəhəri":               "шеки",
		"Lənkəranda 3 saylı məktəb": "lankaran",
		"г. Гянджа":                 "gence",
		"Sheki":                     "seki",
		"Qax":                       "gakh",
		"Qaxda":                     "", // three letters: only as the whole word
		"Masazır qəsəbəsi":          "masazir",
		"Yeni kənd":                 "",
	} {
		got := x.Spellings(text)
		if want == "" && len(got) > 0 || want != "" && !has(got, want) {
			t.Errorf("%q: %v, want %q among them", text, got, want)
		}
	}
}
