package sqlite_test

import (
	"context"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

func TestRegionService_FindRegions(t *testing.T) {
	rs, err := sqlite.NewRegionService(MustOpenDB(t)).FindRegions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 14 {
		t.Fatalf("%d regions, want the 14 economic regions", len(rs))
	}
	for i, r := range rs {
		if r.ID != alliance.RegionIDs[i] || r.NameAZ == "" || r.NameRU == "" || r.NameEN == "" {
			t.Errorf("region %d: %+v", i, r)
		}
	}
	if rs[10].NameAZ != "Şəki-Zaqatala" || rs[10].Name("ru") != "Шеки-Загатала" || rs[10].Name("en") != "Shaki-Zagatala" {
		t.Errorf("Shaki-Zagatala: %+v", rs[10])
	}
}

func TestOrganisationService_CreateOrganisation(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewOrganisationService(db)
	o := &alliance.Organisation{Name: " Gənc Liderlər Birliyi ", Kind: alliance.OrgYouthGroup, RegionID: "guba-khachmaz"}
	if err := s.CreateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindOrganisationByID(ctx, o.ID)
	if err != nil || got.Name != "Gənc Liderlər Birliyi" || got.Kind != alliance.OrgYouthGroup || got.Secretariat {
		t.Fatalf("read back %+v, %v", got, err)
	}
	cs := pending(t, db)
	if len(cs) != 1 || cs[0].Entity != syncproto.EntityOrganisation || cs[0].ID != o.ID {
		t.Fatalf("outbox %+v", cs)
	}
	for _, bad := range []*alliance.Organisation{
		{Name: "", Kind: alliance.OrgNGO, RegionID: "baku"},
		{Name: "X", Kind: "club", RegionID: "baku"},
		{Name: "X", Kind: alliance.OrgNGO, RegionID: "mars"},
	} {
		if err := s.CreateOrganisation(ctx, bad); alliance.ErrorCode(err) != alliance.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", bad, err)
		}
	}
	if len(pending(t, db)) != 1 {
		t.Fatal("invalid organisations reached the outbox")
	}
	if _, err := s.FindOrganisationByID(ctx, alliance.NewID()); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
	all, err := s.FindOrganisations(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("list %v %v", all, err)
	}
}

func TestSettingsService(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewSettingsService(db)
	if v, err := s.Setting(ctx, alliance.SettingLanguage); err != nil || v != "" {
		t.Fatalf("unset: %q %v", v, err)
	}
	for _, v := range []string{"ru", "en"} {
		if err := s.SetSetting(ctx, alliance.SettingLanguage, v); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Setting(ctx, alliance.SettingLanguage); got != v {
			t.Fatalf("got %q want %q", got, v)
		}
	}
	if d, err := s.Draft(ctx, "activity:new"); err != nil || d != nil {
		t.Fatalf("no draft yet: %q %v", d, err)
	}
	for _, d := range []string{`{"title":"a"}`, `{"title":"b"}`} {
		if err := s.SaveDraft(ctx, "activity:new", []byte(d)); err != nil {
			t.Fatal(err)
		}
	}
	if d, _ := s.Draft(ctx, "activity:new"); string(d) != `{"title":"b"}` {
		t.Fatalf("draft %q", d)
	}
	if err := s.DeleteDraft(ctx, "activity:new"); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.Draft(ctx, "activity:new"); d != nil {
		t.Fatal("draft survives delete")
	}
	if len(pending(t, db)) != 0 {
		t.Fatal("settings and drafts must not be synced")
	}
	if n, err := sqlite.NewOutboxService(db).PendingChanges(ctx); err != nil || n != 0 {
		t.Fatalf("pending %d %v", n, err)
	}
}
