package alliance_test

import (
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// TestCampaign_ValidateAt: what a laptop could send that the forms never
// make — progress on a computed indicator, an indicator's id twice, a
// breakdown its measure cannot have — is refused on the indicators.
func TestCampaign_ValidateAt(t *testing.T) {
	today := alliance.NewDate(2025, 6, 1)
	ok := func() *alliance.Campaign {
		return &alliance.Campaign{Kind: alliance.KindOfCampaign, Name: "LNCO", Start: alliance.NewDate(2025, 1, 1),
			End: alliance.NewDate(2025, 12, 31), Indicators: []alliance.Indicator{
				{ID: alliance.NewID(), Name: "Uşaqlar", Measure: alliance.MeasureChildren, Target: 10, Breakdown: alliance.ByGender},
				{ID: alliance.NewID(), Name: "Məktəblər", Measure: alliance.MeasureManual, Target: 5,
					Progress: []alliance.Progress{{Date: alliance.NewDate(2025, 2, 1), Value: 2}}}}}
	}
	if err := ok().ValidateAt(today); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(c *alliance.Campaign){
		"progress on computed": func(c *alliance.Campaign) { c.Indicators[0].Progress = c.Indicators[1].Progress },
		"same id":              func(c *alliance.Campaign) { c.Indicators[1].ID = c.Indicators[0].ID },
		"age of children":      func(c *alliance.Campaign) { c.Indicators[0].Breakdown = alliance.ByAge },
		"no id":                func(c *alliance.Campaign) { c.Indicators[0].ID = "" },
		"undated progress":     func(c *alliance.Campaign) { c.Indicators[1].Progress[0].Date = alliance.Date{} },
		"huge target":          func(c *alliance.Campaign) { c.Indicators[1].Target = 2e9 },
		"unknown breakdown":    func(c *alliance.Campaign) { c.Indicators[1].Breakdown = "religion" },
	} {
		c := ok()
		change(c)
		fs := alliance.ErrorFields(c.ValidateAt(today))
		if len(fs) != 1 || fs[0].Field != alliance.FieldIndicators {
			t.Errorf("%s: %v", name, fs)
		}
	}
}
