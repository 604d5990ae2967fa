package alliance_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

func contest() *alliance.Contest {
	return &alliance.Contest{
		Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing, alliance.CatFilm},
		AgeGroups: []alliance.AgeGroup{{ID: "a", Min: 7, Max: 10}, {ID: "b", Min: 11, Max: 14}},
		Opens:     alliance.NewDate(2025, 3, 1), Closes: alliance.NewDate(2025, 4, 30), JudgingEnds: alliance.NewDate(2025, 5, 20),
		Criteria: []alliance.Criterion{{ID: "idea", Name: "İdeya", Weight: 2}, {ID: "craft", Name: "İfadə", Weight: 1}},
		Jury:     []alliance.Juror{{ID: "j1", Name: "Aynur Məmmədova"}, {ID: "j2", Name: "Rəşad Hüseynov"}, {ID: "j3", Name: "Leyla Qasımova"}},
		Winners:  3,
	}
}

const hashA = "a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

func entry() *alliance.Entry {
	yes := true
	return &alliance.Entry{
		ContestID: "c1", OrgID: "org", Code: "K7QM-4ZXD", FirstName: "Aysel", LastName: "Məmmədova", Age: 9,
		Gender: alliance.Female, RegionID: "shaki-zagatala", Category: alliance.CatDrawing, Title: "Evimiz",
		Files:   []alliance.FileRef{{Hash: hashA, Name: "evimiz.jpg", Type: alliance.TypeJPEG, Size: 1000}},
		Consent: alliance.Consent{GuardianName: "Gülnarə Məmmədova", Relation: alliance.RelMother, Date: alliance.NewDate(2025, 3, 10), Publication: &yes},
		State:   alliance.StateDraft,
	}
}

func fieldsOf(err error) []string {
	var out []string
	for _, f := range alliance.ErrorFields(err) {
		out = append(out, f.Field+":"+f.Key)
	}
	return out
}

func TestContest_Validate(t *testing.T) {
	if err := contest().Validate(); err != nil {
		t.Fatalf("a good contest: %v", err)
	}
	for name, tc := range map[string]struct {
		edit func(c *alliance.Contest)
		want string
	}{
		"no categories":   {func(c *alliance.Contest) { c.Categories = nil }, "categories:validation.choose_one_or_more"},
		"overlap":         {func(c *alliance.Contest) { c.AgeGroups[1].Min = 10 }, "age_groups:validation.age_groups_overlap"},
		"age out of 3-18": {func(c *alliance.Contest) { c.AgeGroups[1].Max = 19 }, "age_groups:validation.age_group"},
		"closes first":    {func(c *alliance.Contest) { c.Closes = alliance.NewDate(2025, 2, 1) }, "closes:validation.closes_before_opens"},
		"judging first":   {func(c *alliance.Contest) { c.JudgingEnds = alliance.NewDate(2025, 4, 1) }, "judging_ends:validation.judging_before_closes"},
		"no criteria":     {func(c *alliance.Contest) { c.Criteria = nil }, "criteria:validation.criteria_required"},
		"zero weight":     {func(c *alliance.Contest) { c.Criteria[0].Weight = 0 }, "criteria:validation.criterion_weight"},
		"no jury":         {func(c *alliance.Contest) { c.Jury = nil }, "jury:validation.jury_required"},
		"juror unnamed":   {func(c *alliance.Contest) { c.Jury[0].Name = "" }, "jury:validation.juror"},
	} {
		c := contest()
		tc.edit(c)
		got := fieldsOf(c.Validate())
		if !contains(got, tc.want) {
			t.Errorf("%s: %v, want %s", name, got, tc.want)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestEntry_ValidateSubmit(t *testing.T) {
	c, day := contest(), alliance.NewDate(2025, 4, 1)
	if err := entry().ValidateSubmit(c, day); err != nil {
		t.Fatalf("a complete entry: %v", err)
	}
	for name, tc := range map[string]struct {
		edit func(e *alliance.Entry)
		want string
	}{
		"no guardian":          {func(e *alliance.Entry) { e.Consent.GuardianName = " " }, "guardian_name:validation.required"},
		"no relation":          {func(e *alliance.Entry) { e.Consent.Relation = "" }, "relation:validation.choose"},
		"no consent date":      {func(e *alliance.Entry) { e.Consent.Date = alliance.Date{} }, "consent_date:validation.date_required"},
		"consent in future":    {func(e *alliance.Entry) { e.Consent.Date = alliance.NewDate(2025, 4, 2) }, "consent_date:validation.date_in_future"},
		"publication unasked":  {func(e *alliance.Entry) { e.Consent.Publication = nil }, "publication:validation.publication_answer"},
		"no artwork":           {func(e *alliance.Entry) { e.Files = nil }, "files:validation.artwork_required"},
		"film without a video": {func(e *alliance.Entry) { e.Category = alliance.CatFilm }, "files:validation.film_required"},
		"age without group":    {func(e *alliance.Entry) { e.Age = 16 }, "age:validation.no_age_group"},
		"category not taken":   {func(e *alliance.Entry) { e.Category = alliance.CatEssay }, "category:validation.choose"},
		"broken file ref":      {func(e *alliance.Entry) { e.Files[0].Hash = "abc" }, "files:validation.file_ref"},
	} {
		e := entry()
		tc.edit(e)
		got := fieldsOf(e.ValidateSubmit(c, day))
		if !contains(got, tc.want) {
			t.Errorf("%s: %v, want %s", name, got, tc.want)
		}
	}
	// A draft may lack consent and artwork, not a name.
	e := entry()
	e.Consent, e.Files = alliance.Consent{}, nil
	if err := e.ValidateDraft(c, day); err != nil {
		t.Errorf("a draft without consent: %v", err)
	}
	e.FirstName = ""
	if got := fieldsOf(e.ValidateDraft(c, day)); !contains(got, "first_name:validation.required") {
		t.Errorf("a draft without a name: %v", got)
	}
	// The contest must be taking entries.
	if got := fieldsOf(entry().ValidateSubmit(c, alliance.NewDate(2025, 5, 1))); !contains(got, "contest_id:validation.contest_closed") {
		t.Errorf("submitted after the contest closed: %v", got)
	}
}

func TestEntry_SeenBy(t *testing.T) {
	e := entry()
	e.School, e.Settlement = "5 nömrəli məktəb", "Kiş"
	e.Consent.Scan = &alliance.FileRef{Hash: hashA, Name: "razılıq.jpg"}
	if got := e.SeenBy("secretariat"); got.FullName() != "Aysel Məmmədova" || got.School == "" || got.Consent.Scan == nil {
		t.Errorf("publication allowed: %+v", got)
	}
	no := false
	e.Consent.Publication = &no
	for _, tc := range []struct {
		viewer, name string
		private      bool
	}{
		{"org", "Aysel Məmmədova", false}, // its own organisation
		{"secretariat", "Aysel M.", true}, // another organisation
		{"", "Aysel M.", true},            // a laptop not connected, an entry of an organisation
	} {
		got := e.SeenBy(tc.viewer)
		if got.FullName() != tc.name || e.NameFor(tc.viewer) != tc.name || e.PrivateFor(tc.viewer) != tc.private {
			t.Errorf("%q sees %q (%q), want %q", tc.viewer, got.FullName(), e.NameFor(tc.viewer), tc.name)
		}
		if tc.private && (got.School != "" || got.Settlement != "" || got.Consent.GuardianName != "" || got.Consent.Scan != nil) {
			t.Errorf("%q sees the school, settlement, guardian or scan: %+v", tc.viewer, got)
		}
		if !tc.private && (got.School == "" || got.Consent.GuardianName == "") {
			t.Errorf("the child's own organisation does not see the whole entry: %+v", got)
		}
	}
	if e.School == "" || e.Consent.GuardianName == "" {
		t.Fatal("SeenBy changed the entry itself")
	}
	e.LastName = "Əliyeva"
	if got := e.NameFor("secretariat"); got != "Aysel Ə." {
		t.Errorf("initial of an Azerbaijani letter: %q", got)
	}
	own := entry()
	own.OrgID, own.Consent.Publication = "", &no
	if got := own.NameFor(""); got != "Aysel Məmmədova" {
		t.Errorf("a laptop not connected sees its own child as %q", got)
	}
}

// TestJuryEntry_Blind checks the jury's view model itself: it has no field
// that could carry who made the work.
func TestJuryEntry_Blind(t *testing.T) {
	allowed := map[string]bool{"EntryID": true, "Code": true, "ContestID": true, "Category": true, "AgeGroupID": true, "Title": true, "Files": true}
	typ := reflect.TypeOf(alliance.JuryEntry{})
	for i := 0; i < typ.NumField(); i++ {
		if !allowed[typ.Field(i).Name] {
			t.Errorf("JuryEntry has field %s: the jury must not see it", typ.Field(i).Name)
		}
	}
	b, _ := json.Marshal(alliance.JuryEntry{})
	for _, leak := range []string{"Name", "School", "Org", "Guardian", "Region", "Consent"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the jury view carries %s: %s", leak, b)
		}
	}
}

func score(entryID, juror string, idea, craft int) alliance.Score {
	return alliance.Score{EntryID: entryID, JurorID: juror, Marks: map[string]int{"idea": idea, "craft": craft}}
}

func TestComputeResults(t *testing.T) {
	c := contest()
	entries := []alliance.JuryEntry{
		{EntryID: "e1", Code: "A", Category: alliance.CatDrawing, AgeGroupID: "a"},
		{EntryID: "e2", Code: "B", Category: alliance.CatDrawing, AgeGroupID: "a"},
		{EntryID: "e3", Code: "C", Category: alliance.CatDrawing, AgeGroupID: "a"},
		{EntryID: "e4", Code: "D", Category: alliance.CatDrawing, AgeGroupID: "a"},
		{EntryID: "e5", Code: "E", Category: alliance.CatDrawing, AgeGroupID: "b"},
		{EntryID: "e6", Code: "F", Category: alliance.CatFilm, AgeGroupID: "a"},
		{EntryID: "e7", Code: "G", Category: alliance.CatDrawing, AgeGroupID: "a"},
	}
	scores := []alliance.Score{
		// e1: (2·9+1·6)/3 = 8 and (2·8+1·8)/3 = 8 → 8
		score("e1", "j1", 9, 6), score("e1", "j2", 8, 8),
		// e2: (2·6+1·9)/3 = 7, and (2·10+1·7)/3 = 9 → 8: ties with e1 though the plain means differ
		score("e2", "j1", 6, 9), score("e2", "j2", 10, 7),
		// e3: 9 and 3 → 6, judges disagree
		score("e3", "j1", 9, 9), score("e3", "j2", 3, 3),
		// e4: one judge, 7; a second judge's unfinished marks do not count
		score("e4", "j1", 7, 7), {EntryID: "e4", JurorID: "j2", Marks: map[string]int{"idea": 1}},
		score("e5", "j1", 5, 5),
		score("e6", "j3", 10, 10),
		// e7: no complete score
		{EntryID: "e7", JurorID: "j1", Marks: map[string]int{"craft": 4}},
	}
	rs := resultsByCode(alliance.ComputeResults(c, entries, scores))
	for code, want := range map[string]alliance.Result{
		"A": {Score: 8, Judges: 2, Rank: 1, Tied: true},
		"B": {Score: 8, Judges: 2, Rank: 1, Tied: true, Spread: 2},
		"D": {Score: 7, Judges: 1, Rank: 3},
		"C": {Score: 6, Judges: 2, Rank: 4, Spread: 6, Disputed: true},
		"G": {Rank: 0},
		"E": {Score: 5, Judges: 1, Rank: 1},
		"F": {Score: 10, Judges: 1, Rank: 1},
	} {
		got := rs[code]
		if got.Score != want.Score || got.Judges != want.Judges || got.Rank != want.Rank || got.Tied != want.Tied ||
			got.Disputed != want.Disputed || (want.Spread != 0 && got.Spread != want.Spread) {
			t.Errorf("%s: %+v, want %+v", code, got, want)
		}
	}
	order := ""
	for _, r := range alliance.ComputeResults(c, entries, scores) {
		order += r.Code
	}
	if order != "ABDCGEF" {
		t.Errorf("order %s: want drawing 7–10 by rank (unjudged last), drawing 11–14, then film", order)
	}
}

func resultsByCode(rs []alliance.Result) map[string]alliance.Result {
	m := map[string]alliance.Result{}
	for _, r := range rs {
		m[r.Code] = r
	}
	return m
}

func TestScore_Validate(t *testing.T) {
	c := contest()
	s := score("e1", "j1", 9, 11)
	if got := fieldsOf(s.Validate(c)); !contains(got, "craft:validation.mark") {
		t.Errorf("mark 11: %v", got)
	}
	s = score("e1", "nobody", 9, 9)
	if got := fieldsOf(s.Validate(c)); !contains(got, "jury:validation.choose") {
		t.Errorf("unknown juror: %v", got)
	}
	s = score("e1", "j1", 9, 9)
	s.Marks["beauty"] = 5
	if got := fieldsOf(s.Validate(c)); !contains(got, "criteria:validation.unknown_value") {
		t.Errorf("unknown criterion: %v", got)
	}
}
