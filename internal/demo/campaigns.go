package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// campaigns makes the secretariat's campaign and two donor projects with
// their indicators (as its laptop would: the laptop's organisation is the
// secretariat's while they are made). They take nothing from the random
// source, so the rest of the demo stays as it was.
func campaigns(ctx context.Context, svc Services, today alliance.Date) ([]alliance.Campaign, error) {
	ind := func(name string, m alliance.Measure, target float64, b alliance.Breakdown) alliance.Indicator {
		return alliance.Indicator{Name: name, Measure: m, Target: target, Breakdown: b}
	}
	networks := ind("Yaradılmış yerli uşaq şəbəkələri", alliance.MeasureManual, 20, alliance.ByRegion)
	networks.Unit = "şəbəkə"
	for i, r := range []string{"baku", "shaki-zagatala", "lankaran-astara", "ganja-dashkasan", "guba-khachmaz"} {
		networks.Progress = append(networks.Progress, alliance.Progress{Date: today.AddDays(-600 + 90*i), Value: float64(1 + i%3), RegionID: r})
	}
	cs := []alliance.Campaign{
		{Kind: alliance.KindOfCampaign, Name: "Uşaq hüquqları naminə yerli şəbəkələr (LNCO)", NameRU: "Местные сети за права ребёнка (LNCO)",
			NameEN: "Local networks for child rights (LNCO)", Start: today.AddDays(-730), End: today.AddDays(365),
			Description: "Alyansın regionlarda uşaq hüquqları üzrə yerli şəbəkələr yaratmaq kampaniyası.",
			Indicators: []alliance.Indicator{
				ind("Keçirilən tədbirlər", alliance.MeasureActivities, 300, alliance.ByRegion),
				ind("Əhatə olunan uşaqlar", alliance.MeasureChildren, 6000, alliance.ByGender),
				ind("Əhatə olunan regionlar", alliance.MeasureRegions, 14, alliance.ByNothing),
				networks,
			}},
		{Kind: alliance.KindOfProject, Name: "Uşaq iştirakı layihəsi", NameRU: "Проект «Участие детей»", NameEN: "Child participation project",
			Donor: "UNICEF", Start: today.AddDays(-500), End: today.AddDays(200), Regions: []string{"baku", "shaki-zagatala", "lankaran-astara"},
			Indicators: []alliance.Indicator{
				ind("Təlimlər", alliance.MeasureTrainings, 40, alliance.ByRegion),
				ind("İştirakçılar", alliance.MeasurePeople, 3000, alliance.ByAge),
			}},
		{Kind: alliance.KindOfProject, Name: "Məktəbdə zorakılığa yox", NameRU: "Нет насилию в школе", NameEN: "No to violence at school",
			Donor: "Avropa İttifaqı", Start: today.AddDays(-300), End: today.AddDays(400),
			Indicators: []alliance.Indicator{
				ind("Tədbirlər", alliance.MeasureActivities, 120, alliance.ByNothing),
				ind("Əlilliyi olan uşaqlar", alliance.MeasureDisabled, 150, alliance.ByNothing),
			}},
	}
	for i := range cs {
		if err := svc.Campaigns.CreateCampaign(ctx, &cs[i]); err != nil {
			return nil, fmt.Errorf("campaign %q: %w", cs[i].Name, err)
		}
	}
	return cs, nil
}

// link ties the i-th demo activity to the campaigns it belongs to: every
// third to the alliance's campaign, those on participation to the
// participation project, those on violence to the school project — when
// they fall in the campaign's period.
func link(a *alliance.Activity, i int, cs []alliance.Campaign) {
	if len(cs) < 3 {
		return
	}
	in := func(c alliance.Campaign) bool { return !a.Start.Before(c.Start) && !a.Start.After(c.End) }
	if i%3 == 0 && in(cs[0]) {
		a.Campaigns = append(a.Campaigns, cs[0].ID)
	}
	if slices.Contains(a.Areas, alliance.AreaParticipation) && in(cs[1]) {
		a.Campaigns = append(a.Campaigns, cs[1].ID)
	}
	if slices.Contains(a.Areas, alliance.AreaViolence) && in(cs[2]) {
		a.Campaigns = append(a.Campaigns, cs[2].ID)
	}
}
