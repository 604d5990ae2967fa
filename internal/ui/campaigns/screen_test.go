package campaigns

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// campaignScreen opens the screen over a store with a project of two
// indicators (children by gender; schools, by hand) and two activities
// linked to it.
func campaignScreen(t *testing.T, secretariat bool) (*Screen, *uitest.Env, *alliance.Campaign) {
	t.Helper()
	c := &alliance.Campaign{Kind: alliance.KindOfProject, Name: "Uşaq iştirakı", Donor: "UNICEF",
		Start: alliance.NewDate(2025, 1, 1), End: alliance.NewDate(2026, 12, 31),
		Indicators: []alliance.Indicator{
			{Name: "Uşaqlar", Measure: alliance.MeasureChildren, Target: 100, Breakdown: alliance.ByGender},
			{Name: "Məktəblər", Measure: alliance.MeasureManual, Unit: "məktəb", Target: 10},
		}}
	e := uitest.Open(t, fyne.NewSize(1024, 600), func(db *sqlite.DB, _ *env.Services) {
		ctx := context.Background()
		if err := sqlite.NewCampaignService(db).CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
		acts := sqlite.NewActivityService(db)
		for _, r := range []alliance.Reached{{Girls: 12, Boys: 8}, {Girls: 5}} {
			a := uitest.Activity("Layihə tədbiri")
			a.Reached, a.Campaigns = r, []string{c.ID}
			if err := acts.CreateActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	})
	e.IsSecretariat = secretariat
	s := New(e)
	e.Show(s.Object())
	return s, e, c
}

// TestScreen_Progress: the indicators against their targets, computed
// from the linked activities; a member's laptop sees them and may not
// edit, enter progress or make campaigns.
func TestScreen_Progress(t *testing.T) {
	s, e, c := campaignScreen(t, false)
	s.openFirst()
	e.Wait()
	if s.view == nil || s.shown != c.ID {
		t.Fatal("the campaign did not open")
	}
	if len(s.view.bars) != 2 || s.view.bars[0].Value != 25 || s.view.bars[0].Max != 100 || s.view.bars[1].Value != 0 {
		t.Fatalf("bars %v", s.view.bars)
	}
	root := s.Object()
	if uitest.FindLabel(root, "qızlar 17; oğlanlar 8") == nil {
		t.Fatal("no breakdown by gender")
	}
	for _, key := range []string{"campaigns.edit", "campaigns.new", "campaigns.add_progress"} {
		if uitest.FindButton(root, i18n.T(key)) != nil {
			t.Errorf("a member's laptop offers %q", i18n.T(key))
		}
	}
	if uitest.FindButton(root, i18n.T("campaigns.export_pdf")) == nil {
		t.Fatal("no project report")
	}
}

// TestScreen_EnterProgress: the secretariat enters progress of the
// indicator counted by hand: a value that is no number is refused in the
// dialog; a right one is saved and counts.
func TestScreen_EnterProgress(t *testing.T) {
	s, e, c := campaignScreen(t, true)
	s.openFirst()
	e.Wait()
	s.view.addProgress(1)
	dlg := uitest.DialogOf(t, e.Window())
	var value *widget.Entry
	uitest.Walk(dlg, func(o fyne.CanvasObject) bool {
		if en, ok := o.(*widget.Entry); ok && en.PlaceHolder == "" && en.Text == "" && value == nil {
			value = en
			return true
		}
		return false
	})
	test.Type(value, "üç")
	uitest.TapDialogButton(t, e.Window(), i18n.T("form.save"))
	e.Wait()
	if uitest.FindLabel(uitest.DialogOf(t, e.Window()), i18n.T("validation.count_format")) == nil {
		t.Fatal("a value that is no number was not refused")
	}
	value.SetText("3,5")
	uitest.TapDialogButton(t, e.Window(), i18n.T("form.save"))
	e.Wait()
	got, err := e.Services().Campaigns.FindCampaignByID(context.Background(), c.ID)
	if err != nil || len(got.Indicators[1].Progress) != 1 || got.Indicators[1].Progress[0].Value != 3.5 {
		t.Fatalf("stored %+v (%v)", got.Indicators[1], err)
	}
	if s.view == nil || s.view.bars[1].Value != 3.5 {
		t.Fatal("the progress entered does not show")
	}
}

// TestScreen_NewCampaign: the secretariat makes a campaign with an
// indicator; a breakdown its measure cannot have is set back; edited
// later, the indicator keeps its id.
func TestScreen_NewCampaign(t *testing.T) {
	s, e, _ := campaignScreen(t, true)
	test.Tap(uitest.FindButton(s.Object(), i18n.T("campaigns.new")))
	f := s.form
	test.Tap(f.save)
	e.Wait()
	if !f.errs.Fields[alliance.FieldTitle].Visible() {
		t.Fatal("a nameless campaign was not refused")
	}
	f.name.SetText("LNCO kampaniyası")
	test.Tap(uitest.FindButton(s.Object(), i18n.T("campaigns.add_indicator")))
	r := f.rows[0]
	r.name.SetText("Tədbirlər")
	r.breakdown.SetSelectedIndex(1) // by gender: activities have none
	r.measure.SetSelectedIndex(0)
	r.target.SetText("12")
	if r.currentBreakdown() != alliance.ByNothing && !alliance.MeasureActivities.Splits(r.currentBreakdown()) {
		t.Fatalf("activities split by %q", r.currentBreakdown())
	}
	r.measure.SetSelectedIndex(1)
	r.measure.SetSelectedIndex(0)
	if r.currentBreakdown() != alliance.ByNothing {
		t.Fatalf("a breakdown activities cannot have stays: %q", r.currentBreakdown())
	}
	id := r.ind.ID
	test.Tap(f.save)
	e.Wait()
	var made *alliance.Campaign
	for _, c := range e.Campaigns() {
		if c.Name == "LNCO kampaniyası" {
			made = &c
		}
	}
	if made == nil || len(made.Indicators) != 1 || made.Indicators[0].ID != id || made.Indicators[0].Target != 12 {
		t.Fatalf("made %+v", made)
	}
	s.edit(made)
	s.form.rows[0].target.SetText("15")
	test.Tap(s.form.save)
	e.Wait()
	got, _ := e.Services().Campaigns.FindCampaignByID(context.Background(), made.ID)
	if got.Indicators[0].ID != id || got.Indicators[0].Target != 15 {
		t.Fatalf("after the edit %+v", got.Indicators[0])
	}
}

// TestScreen_ProjectReport: the project report saved as a workbook.
func TestScreen_ProjectReport(t *testing.T) {
	s, e, _ := campaignScreen(t, false)
	s.openFirst()
	e.Wait()
	path := filepath.Join(t.TempDir(), "layihə.xlsx")
	s.view.save("xlsx", path)
	e.Wait()
	xf, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	rows, _ := xf.GetRows(i18n.T("campaign.sheet.indicators"))
	if len(rows) < 8 || rows[6][0] != "Uşaqlar" || rows[6][3] != "25" || !strings.Contains(s.status.Text, path) {
		t.Fatalf("rows %q, status %q", rows, s.status.Text)
	}
}
