package sqlite_test

import (
	"context"
	"reflect"
	"testing"
	"time"

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

// TestOrganisationService_UpdateOrganisation: a profile is kept whole and
// read back, regions and areas in their order and a website with its
// scheme; only what changed travels, with the stamps it replaced; a
// profile that breaks a rule is refused with nothing written.
func TestOrganisationService_UpdateOrganisation(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewOrganisationService(db)
	o := &alliance.Organisation{Name: "Uşaq Hüquqları Qrupu", Kind: alliance.OrgNGO, RegionID: "baku"}
	if err := s.CreateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	o.OrgProfile = alliance.OrgProfile{NameRU: "Группа по правам ребёнка", NameEN: " Child Rights Group ",
		Regions: []string{"karabakh", "baku"}, Areas: []alliance.Area{alliance.AreaViolence, alliance.AreaEducation},
		Address: "Bakı, Nizami küç. 1", Phone: "+994 12 555-12-34", Email: "info@uhq.az", Website: "uhq.az",
		FocalPerson: "Leyla Əliyeva, sədr", Joined: 2012}
	if err := s.UpdateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindOrganisationByID(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := alliance.OrgProfile{NameRU: "Группа по правам ребёнка", NameEN: "Child Rights Group", Regions: []string{"baku", "karabakh"},
		Areas: []alliance.Area{alliance.AreaEducation, alliance.AreaViolence}, Address: "Bakı, Nizami küç. 1",
		Phone: "+994 12 555-12-34", Email: "info@uhq.az", Website: "https://uhq.az", FocalPerson: "Leyla Əliyeva, sədr", Joined: 2012}
	if !reflect.DeepEqual(got.OrgProfile, want) || got.NameIn("ru") != want.NameRU || got.NameIn("az") != "Uşaq Hüquqları Qrupu" {
		t.Fatalf("read back %+v", got.OrgProfile)
	}
	cs := pending(t, db)
	if len(cs) != 2 || cs[1].Op != syncproto.OpUpdate || len(cs[1].Fields) != 10 || cs[1].Fields["name"] != nil {
		t.Fatalf("outbox %+v", cs)
	}
	if cs[1].Base[alliance.FieldOrgEmail] != cs[0].HLC {
		t.Fatalf("base %v, want the creation's stamp %s", cs[1].Base, cs[0].HLC)
	}
	for _, bad := range []alliance.OrgProfile{{Email: "info at uhq"}, {Website: "ftp://uhq.az"}, {Phone: "zəng edin"},
		{Regions: []string{"mars"}}, {Joined: 1990}, {Areas: []alliance.Area{"football"}}} {
		x := *got
		x.OrgProfile = bad
		if err := s.UpdateOrganisation(ctx, &x); alliance.ErrorCode(err) != alliance.EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if len(pending(t, db)) != 2 {
		t.Fatal("an invalid profile reached the outbox")
	}
	// Nothing changed: nothing travels.
	if err := s.UpdateOrganisation(ctx, got); err != nil || len(pending(t, db)) != 2 {
		t.Fatalf("an unchanged profile: %v, %d in the outbox", err, len(pending(t, db)))
	}
}

// TestSyncStore_ApplyOrganisation: a pulled organisation brings its
// profile; a profile field changed here and not pushed yet keeps the
// laptop's newer value, the others take the server's.
func TestSyncStore_ApplyOrganisation(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	st := sqlite.NewSyncStore(db)
	s := sqlite.NewOrganisationService(db)
	o := &alliance.Organisation{ID: alliance.NewID(), Name: "Gənclər", Kind: alliance.OrgYouthGroup, RegionID: "baku",
		OrgProfile: alliance.OrgProfile{Email: "old@genc.az", Phone: "+994 50 111 22 33"}}
	old := syncproto.HLC{Wall: time.Now().Add(-time.Hour).UnixMilli(), Node: "server"}
	apply := func(o *alliance.Organisation, h syncproto.HLC, cursor int64) {
		t.Helper()
		if err := st.ApplyPull(ctx, &syncproto.PullResponse{Cursor: cursor, Records: []syncproto.Record{{Seq: cursor,
			Entity: syncproto.EntityOrganisation, ID: o.ID, Fields: syncproto.OrganisationFields(o, false),
			Stamps: syncproto.Stamps{syncproto.BaseStamp: h.String()}}}}); err != nil {
			t.Fatal(err)
		}
	}
	apply(o, old, 1)
	mine, err := s.FindOrganisationByID(ctx, o.ID)
	if err != nil || mine.Email != "old@genc.az" {
		t.Fatalf("pulled %+v, %v", mine, err)
	}
	mine.Email = "new@genc.az"
	if err := s.UpdateOrganisation(ctx, mine); err != nil {
		t.Fatal(err)
	}
	// The server's copy, older than the laptop's e-mail, with a new phone.
	o.Phone = "+994 50 999 88 77"
	apply(o, old, 2)
	got, err := s.FindOrganisationByID(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != "new@genc.az" || got.Phone != "+994 50 999 88 77" {
		t.Fatalf("after the pull: e-mail %q, phone %q", got.Email, got.Phone)
	}
}

// TestOrganisationService_MemberEditsOwn: on a member's laptop the store
// takes a change of its own organisation's profile and refuses another's.
func TestOrganisationService_MemberEditsOwn(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewOrganisationService(db)
	own := &alliance.Organisation{Name: "Şəki Uşaq Mərkəzi", Kind: alliance.OrgNGO, RegionID: "shaki-zagatala"}
	other := &alliance.Organisation{Name: "Quba Gənclər Evi", Kind: alliance.OrgYouthGroup, RegionID: "guba-khachmaz"}
	for _, o := range []*alliance.Organisation{own, other} {
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := sqlite.NewSettingsService(db).SetSetting(ctx, alliance.SettingOrgID, own.ID); err != nil {
		t.Fatal(err)
	}
	own.Email = "info@seki.az"
	if err := s.UpdateOrganisation(ctx, own); err != nil {
		t.Fatalf("its own profile: %v", err)
	}
	other.Email = "x@quba.az"
	if err := s.UpdateOrganisation(ctx, other); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("another's profile: %v", err)
	}
	if got, _ := s.FindOrganisationByID(ctx, other.ID); got.Email != "" {
		t.Fatalf("another's e-mail is now %q", got.Email)
	}
}
