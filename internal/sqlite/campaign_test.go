package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

func newCampaign() *alliance.Campaign {
	return &alliance.Campaign{Kind: alliance.KindOfProject, Name: "  Uşaq iştirakı  ", Donor: "UNICEF",
		Start: alliance.NewDate(2025, 1, 1), End: alliance.NewDate(2026, 12, 31), Regions: []string{"shaki-zagatala", "baku"},
		Indicators: []alliance.Indicator{
			{Name: "Tədbirlər", Measure: alliance.MeasureActivities, Target: 10},
			{Name: "Uşaqlar", Measure: alliance.MeasureChildren, Target: 100, Breakdown: alliance.ByGender},
			{Name: "İnsanlar", Measure: alliance.MeasurePeople, Target: 200, Breakdown: alliance.ByAge},
			{Name: "Təlimlər", Measure: alliance.MeasureTrainings, Target: 4, Breakdown: alliance.ByRegion},
			{Name: "Regionlar", Measure: alliance.MeasureRegions, Target: 5},
			{Name: "Məktəblər", Measure: alliance.MeasureManual, Unit: "məktəb", Target: 20, Breakdown: alliance.ByRegion,
				Progress: []alliance.Progress{{Date: alliance.NewDate(2025, 3, 1), Value: 3, RegionID: "baku"},
					{Date: alliance.NewDate(2025, 6, 1), Value: 4, RegionID: "shaki-zagatala"}, {Date: alliance.NewDate(2025, 9, 1), Value: 1}}},
		}}
}

// TestCampaignService_Progress: indicators computed from the live
// activities linked to the campaign (not the unlinked, not the deleted),
// split as asked; a manual one sums what was entered, by region.
func TestCampaignService_Progress(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	cs := sqlite.NewCampaignService(db)
	c := newCampaign()
	if err := cs.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := cs.FindCampaignByID(ctx, c.ID)
	if err != nil || got.Name != "Uşaq iştirakı" || fmt.Sprint(got.Regions) != "[baku shaki-zagatala]" || got.Indicators[0].ID == "" {
		t.Fatalf("read back %+v (%v)", got, err)
	}
	acts := sqlite.NewActivityService(db)
	add := func(kind alliance.ActivityKind, region string, r alliance.Reached, linked bool) *alliance.Activity {
		a := newActivity()
		a.Kind, a.RegionID, a.Reached = kind, region, r
		if linked {
			a.Campaigns = []string{c.ID}
		}
		if err := acts.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	add(alliance.KindTraining, "baku", alliance.Reached{Girls: 10, Boys: 5, Women: 2}, true)
	add(alliance.KindMeeting, "shaki-zagatala", alliance.Reached{Girls: 3, Men: 4}, true)
	add(alliance.KindTraining, "shaki-zagatala", alliance.Reached{Girls: 1000}, false)
	gone := add(alliance.KindTraining, "karabakh", alliance.Reached{Boys: 1000}, true)
	if err := acts.DeleteActivity(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	rep, err := cs.CampaignProgress(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Activities != 2 || rep.Reached.Total() != 24 || fmt.Sprint(rep.Regions) != "[baku shaki-zagatala]" {
		t.Fatalf("report %+v", rep)
	}
	want := []string{
		"Tədbirlər 2 []",
		"Uşaqlar 18 [{girls 13} {boys 5}]",
		"İnsanlar 24 [{children 18} {adults 6}]",
		"Təlimlər 1 [{baku 1} {shaki-zagatala 0}]",
		"Regionlar 2 []",
		"Məktəblər 8 [{baku 3} {shaki-zagatala 4} { 1}]",
	}
	for i, p := range rep.Indicators {
		if got := fmt.Sprintf("%s %v %v", p.Indicator.Name, p.Actual, p.Breakdown); got != want[i] {
			t.Errorf("indicator %d: %s, want %s", i, got, want[i])
		}
	}
	if p := rep.Indicators[1].Percent(); p != 18 {
		t.Errorf("children at %v %%", p)
	}
	sum, err := sqlite.NewReportService(db).Summary(ctx, alliance.ReportFilter{})
	if err != nil || fmt.Sprint(sum.ByCampaign) != fmt.Sprint([]alliance.Count{{Key: c.ID, Value: 2}}) {
		t.Fatalf("summary by campaign %v (%v)", sum.ByCampaign, err)
	}

	// An unlinked activity linked later counts; a deleted campaign is gone.
	var ids []string
	if err := cs.EachCampaignActivity(ctx, c.ID, func(a *alliance.Activity) error { ids = append(ids, a.ID); return nil }); err != nil || len(ids) != 2 {
		t.Fatalf("%d activities linked (%v)", len(ids), err)
	}
	if err := cs.DeleteCampaign(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if list, err := cs.FindCampaigns(ctx); err != nil || len(list) != 0 {
		t.Fatalf("after the delete: %v (%v)", list, err)
	}
}

// TestCampaignService_Invalid: broken campaigns are refused whole; a member
// laptop may not make one.
func TestCampaignService_Invalid(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	cs := sqlite.NewCampaignService(db)
	for name, change := range map[string]func(c *alliance.Campaign){
		"no name":             func(c *alliance.Campaign) { c.Name = " " },
		"ends first":          func(c *alliance.Campaign) { c.End = alliance.NewDate(2024, 1, 1) },
		"gender of trainings": func(c *alliance.Campaign) { c.Indicators[3].Breakdown = alliance.ByGender },
		"negative target":     func(c *alliance.Campaign) { c.Indicators[0].Target = -1 },
		"unknown measure":     func(c *alliance.Campaign) { c.Indicators[0].Measure = "smiles" },
		"bad region":          func(c *alliance.Campaign) { c.Regions = []string{"mars"} },
		"bad progress":        func(c *alliance.Campaign) { c.Indicators[5].Progress[0].Value = -3 },
	} {
		c := newCampaign()
		change(c)
		if err := cs.CreateCampaign(ctx, c); alliance.ErrorCode(err) != alliance.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	if list, _ := cs.FindCampaigns(ctx); len(list) != 0 {
		t.Fatalf("%d invalid campaigns kept", len(list))
	}
	orgs := sqlite.NewOrganisationService(db)
	member := &alliance.Organisation{Name: "Şəki Uşaq Mərkəzi", Kind: alliance.OrgNGO, RegionID: "shaki-zagatala"}
	if err := orgs.CreateOrganisation(ctx, member); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSettingsService(db).SetSetting(ctx, alliance.SettingOrgID, member.ID); err != nil {
		t.Fatal(err)
	}
	if err := cs.CreateCampaign(ctx, newCampaign()); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("a member laptop made a campaign: %v", err)
	}
}

// TestActivityService_LaterFieldsTravelWhenUsed: a new activity's change
// carries the later fields it uses, and leaves out those it does not.
func TestActivityService_LaterFieldsTravelWhenUsed(t *testing.T) {
	db := MustOpenDB(t)
	a := newActivity()
	a.CRC = []alliance.Article{"19"}
	a.Campaigns = []string{alliance.NewID()}
	if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	cs := pending(t, db)
	f := cs[len(cs)-1].Fields
	if string(f[alliance.FieldCRC]) != `["19"]` || f[alliance.FieldCampaigns] == nil {
		t.Fatalf("used later fields left out: %s", f)
	}
	if _, ok := f[alliance.FieldAttachments]; ok {
		t.Fatal("empty attachments travel")
	}
	if _, ok := f[alliance.FieldUses]; ok {
		t.Fatal("empty resources travel")
	}
}
