package alliance_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

var today = alliance.NewDate(2025, time.June, 15)

func valid() alliance.Activity {
	return alliance.Activity{
		Kind:       alliance.KindSeminar,
		Title:      "Təşkilatlararası seminar",
		Start:      alliance.NewDate(2025, time.May, 1),
		End:        alliance.NewDate(2025, time.May, 2),
		RegionID:   "baku",
		Areas:      []alliance.Area{alliance.AreaParticipation},
		Reached:    alliance.Reached{Girls: 3, Boys: 2, Disabled: 1},
		RecordedBy: "Leyla",
	}
}

func TestActivity_Validate(t *testing.T) {
	if err := func() *alliance.Activity { a := valid(); return &a }().ValidateAt(today); err != nil {
		t.Fatalf("valid activity: %v", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(a *alliance.Activity)
		field string
		key   string
	}{
		{"NoKind", func(a *alliance.Activity) { a.Kind = "" }, alliance.FieldKind, "validation.choose"},
		{"UnknownKind", func(a *alliance.Activity) { a.Kind = "party" }, alliance.FieldKind, "validation.choose"},
		{"BlankTitle", func(a *alliance.Activity) { a.Title = " \t" }, alliance.FieldTitle, "validation.required"},
		{"LongTitle", func(a *alliance.Activity) { a.Title = strings.Repeat("ə", alliance.MaxTitle+1) }, alliance.FieldTitle, "validation.too_long"},
		{"NoStart", func(a *alliance.Activity) { a.Start = alliance.Date{} }, alliance.FieldStart, "validation.date_required"},
		{"EndBeforeStart", func(a *alliance.Activity) { a.End = a.Start.AddDays(-1) }, alliance.FieldEnd, "validation.end_before_start"},
		{"FarFuture", func(a *alliance.Activity) { a.Start = today.AddDays(400); a.End = a.Start }, alliance.FieldStart, "validation.date_too_late"},
		{"TooEarly", func(a *alliance.Activity) { a.Start = alliance.NewDate(1999, 12, 31) }, alliance.FieldStart, "validation.date_too_early"},
		{"NoRegion", func(a *alliance.Activity) { a.RegionID = "" }, alliance.FieldRegion, "validation.choose"},
		{"NoArea", func(a *alliance.Activity) { a.Areas = nil }, alliance.FieldAreas, "validation.choose_one_or_more"},
		{"UnknownArea", func(a *alliance.Activity) { a.Areas = append(a.Areas, "weather") }, alliance.FieldAreas, "validation.unknown_value"},
		{"DuplicateAudience", func(a *alliance.Activity) { a.Audiences = []alliance.Audience{"media", "media"} }, alliance.FieldAudiences, "validation.duplicate"},
		{"NegativeCount", func(a *alliance.Activity) { a.Reached.Boys = -1 }, alliance.FieldBoys, "validation.count_negative"},
		{"HugeCount", func(a *alliance.Activity) { a.Reached.Men = alliance.MaxCount + 1 }, alliance.FieldMen, "validation.count_too_large"},
		{"DisabledOverTotal", func(a *alliance.Activity) { a.Reached.Disabled = 6 }, alliance.FieldDisabled, "validation.disabled_over_total"},
		{"LongDescription", func(a *alliance.Activity) { a.Description = strings.Repeat("x", alliance.MaxLongText+1) }, alliance.FieldDescription, "validation.too_long"},
		{"NoRecordedBy", func(a *alliance.Activity) { a.RecordedBy = "" }, alliance.FieldRecordedBy, "validation.required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.edit(&a)
			err := a.ValidateAt(today)
			if alliance.ErrorCode(err) != alliance.EINVALID {
				t.Fatalf("err %v, want EINVALID", err)
			}
			for _, f := range alliance.ErrorFields(err) {
				if f.Field == tc.field && f.Key == tc.key {
					return
				}
			}
			t.Fatalf("no %s on %s in %v", tc.key, tc.field, alliance.ErrorFields(err))
		})
	}
	t.Run("ReportsEveryField", func(t *testing.T) {
		a := alliance.Activity{Reached: alliance.Reached{Girls: -1}}
		fields := map[string]bool{}
		for _, f := range alliance.ErrorFields(a.ValidateAt(today)) {
			fields[f.Field] = true
		}
		for _, want := range []string{alliance.FieldKind, alliance.FieldTitle, alliance.FieldStart, alliance.FieldEnd, alliance.FieldRegion, alliance.FieldAreas, alliance.FieldGirls, alliance.FieldRecordedBy} {
			if !fields[want] {
				t.Errorf("no error on %s", want)
			}
		}
	})
}

func TestParseDMY(t *testing.T) {
	for in, want := range map[string]alliance.Date{
		"03.02.2025":  alliance.NewDate(2025, 2, 3),
		"3.2.2025":    alliance.NewDate(2025, 2, 3),
		" 29/02/2024": alliance.NewDate(2024, 2, 29),
		"31-12-25":    alliance.NewDate(2025, 12, 31),
		"2025-02-03":  alliance.NewDate(2025, 2, 3),
	} {
		got, err := alliance.ParseDMY(in)
		if err != nil || got != want {
			t.Errorf("ParseDMY(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "31.02.2025", "29.02.2025", "00.01.2025", "1.13.2025", "1.1.225", "tomorrow", "1.1", "1.1.2025.1", "-1.1.2025"} {
		if d, err := alliance.ParseDMY(bad); err == nil {
			t.Errorf("ParseDMY(%q) = %v, want an error", bad, d)
		}
	}
	if s := alliance.NewDate(2025, 2, 3).DMY(); s != "03.02.2025" {
		t.Errorf("DMY %q", s)
	}
}
