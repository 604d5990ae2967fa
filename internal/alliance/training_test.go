package alliance_test

import (
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

func training() *alliance.Training {
	return &alliance.Training{
		Title: "Uşaq hüquqları", Area: alliance.AreaEducation, Audience: alliance.AudTeachers, RegionID: "baku",
		MinAttendance: 80,
		Sessions: []alliance.Session{
			{ID: "s1", Date: alliance.NewDate(2025, 3, 3), Start: "10:00", Hours: 4},
			{ID: "s2", Date: alliance.NewDate(2025, 3, 4), Hours: 4},
			{ID: "s3", Date: alliance.NewDate(2025, 3, 5), Hours: 2},
		},
	}
}

func TestParticipant_Completed(t *testing.T) {
	tr := training()
	for _, tc := range []struct {
		attended []string
		min      int
		want     bool
	}{
		{[]string{"s1", "s2", "s3"}, 80, true},
		{[]string{"s1", "s2"}, 80, true},  // 8 of 10 hours: exactly 80 %
		{[]string{"s1", "s3"}, 80, false}, // 6 of 10
		{[]string{"s2", "s3"}, 60, true},  // 6 of 10 at 60 %
		{[]string{}, 80, false},
		{[]string{"s1", "s1", "s3"}, 80, false}, // a session counts once
		{[]string{"s1", "s2", "gone"}, 80, true},
		{[]string{"s1", "s2"}, 0, true}, // no rule: the default 80 %
	} {
		tr.MinAttendance = tc.min
		p := alliance.Participant{Attended: tc.attended}
		if got := p.Completed(tr); got != tc.want {
			t.Errorf("attended %v at %d %%: completed %v, want %v (hours %.1f of %.1f)", tc.attended, tc.min, got, tc.want,
				p.AttendedHours(tr), tr.TotalHours())
		}
	}
	if from, to := tr.Period(); from != alliance.NewDate(2025, 3, 3) || to != alliance.NewDate(2025, 3, 5) {
		t.Errorf("period %v–%v", from, to)
	}
}

func TestTraining_Validate(t *testing.T) {
	if err := training().ValidateAt(today); err != nil {
		t.Fatalf("valid training: %v", err)
	}
	for name, edit := range map[string]func(tr *alliance.Training){
		"NoSessions":      func(tr *alliance.Training) { tr.Sessions = nil },
		"ZeroHours":       func(tr *alliance.Training) { tr.Sessions[1].Hours = 0 },
		"BadStart":        func(tr *alliance.Training) { tr.Sessions[0].Start = "25:00" },
		"DuplicateID":     func(tr *alliance.Training) { tr.Sessions[1].ID = "s1" },
		"NoDate":          func(tr *alliance.Training) { tr.Sessions[2].Date = alliance.Date{} },
		"Percent":         func(tr *alliance.Training) { tr.MinAttendance = 120 },
		"NoTitle":         func(tr *alliance.Training) { tr.Title = "" },
		"NoArea":          func(tr *alliance.Training) { tr.Area = "" },
		"UnknownAudience": func(tr *alliance.Training) { tr.Audience = "aliens" },
	} {
		tr := training()
		edit(tr)
		if err := tr.ValidateAt(today); alliance.ErrorCode(err) != alliance.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParticipant_Validate(t *testing.T) {
	score := 120
	for name, tc := range map[string]struct {
		p    alliance.Participant
		ok   bool
		want string
	}{
		"Adult":         {alliance.Participant{FullName: "Ilqar Çələbi", Gender: alliance.Male, Role: alliance.RoleTeacher}, true, ""},
		"ChildYear":     {alliance.Participant{FullName: "Aysu", Gender: alliance.Female, Role: alliance.RoleChild, BirthYear: 2014}, true, ""},
		"ChildGroup":    {alliance.Participant{FullName: "Aysu", Gender: alliance.Female, Role: alliance.RoleChild, AgeGroup: "10-13"}, true, ""},
		"ChildNoAge":    {alliance.Participant{FullName: "Aysu", Gender: alliance.Female, Role: alliance.RoleChild}, false, alliance.FieldBirthYear},
		"ChildTooOld":   {alliance.Participant{FullName: "Aysu", Gender: alliance.Female, Role: alliance.RoleChild, BirthYear: 1990}, false, alliance.FieldBirthYear},
		"NoName":        {alliance.Participant{Gender: alliance.Female, Role: alliance.RoleNGO}, false, alliance.FieldFullName},
		"BadEmail":      {alliance.Participant{FullName: "X", Gender: alliance.Male, Role: alliance.RoleMedia, Email: "x@"}, false, alliance.FieldEmail},
		"BadScore":      {alliance.Participant{FullName: "X", Gender: alliance.Male, Role: alliance.RoleMedia, PostScore: &score}, false, alliance.FieldScore},
		"UnknownGender": {alliance.Participant{FullName: "X", Gender: "x", Role: alliance.RoleMedia}, false, alliance.FieldGender},
	} {
		err := tc.p.ValidateAt(today)
		if tc.ok != (err == nil) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !tc.ok {
			found := false
			for _, f := range alliance.ErrorFields(err) {
				found = found || f.Field == tc.want
			}
			if !found {
				t.Errorf("%s: no error on %s: %v", name, tc.want, alliance.ErrorFields(err))
			}
		}
	}
}
