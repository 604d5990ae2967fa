package roster_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/roster"
)

var today = alliance.NewDate(2025, 6, 1)

func TestRead_CSV(t *testing.T) {
	csv := "\xef\xbb\xbfAd, Soyad;Cinsi;Doğum ili;Vəzifə;Telefon;E-poçt\n" +
		"Şəhla Əliyeva;qadın;;müəllim;+994 50 123 45 67;shahla@example.az\n" +
		"  Ilqar   Çələbi ;K;;QHT;;\n" +
		"Aysu Məmmədova;q;2013;;;\n" +
		";qadın;;müəllim;;\n" + // no name
		"Nərmin Hüseynova;x;;müəllim;;\n" + // unknown gender
		"Orxan Babayev;kişi;iki min on;uşaq;;\n" + // not a year
		"Leyla Quliyeva;qadın;;;;bad@\n" + // bad e-mail, role guessed
		";;;;;\n" // an empty line
	p, err := roster.Read("siyahı.csv", strings.NewReader(csv), "t1", today)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 7 {
		t.Fatalf("%d rows, want 7 (the empty line skipped)", len(p.Rows))
	}
	ok := p.Valid()
	if len(ok) != 3 {
		for _, r := range p.Rows {
			t.Logf("line %d %+v %v", r.Line, r.Participant, r.Errors)
		}
		t.Fatalf("%d valid rows, want 3", len(ok))
	}
	s, i, a := p.Rows[0].Participant, p.Rows[1].Participant, p.Rows[2].Participant
	if s.FullName != "Şəhla Əliyeva" || s.Gender != alliance.Female || s.Role != alliance.RoleTeacher || s.Email != "shahla@example.az" || s.TrainingID != "t1" {
		t.Errorf("row 1: %+v", s)
	}
	if i.FullName != "Ilqar Çələbi" || i.Gender != alliance.Male || i.Role != alliance.RoleNGO {
		t.Errorf("row 2: %+v", i)
	}
	if a.Role != alliance.RoleChild || a.BirthYear != 2013 {
		t.Errorf("row 3 (a child by birth year): %+v", a)
	}
	want := map[int]string{5: alliance.FieldFullName, 6: alliance.FieldGender, 7: alliance.FieldBirthYear, 8: alliance.FieldEmail}
	for _, r := range p.Rows[3:] {
		field := want[r.Line]
		found := false
		for _, e := range r.Errors {
			found = found || e.Field == field
		}
		if !found {
			t.Errorf("line %d: errors %v, want one on %s", r.Line, r.Errors, field)
		}
	}
}

func TestRead_XLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"ФИО", "Пол", "Год рождения", "Роль", "Организация"},
		{"Анна Ковальчук", "ж", 2012, "ребёнок", "Школа 5"},
		{"Gülnarə İsmayılova", "female", nil, "teacher", "Məktəb 12"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	p, err := roster.Read("roster.xlsx", &buf, "t2", today)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Valid(); len(got) != 2 || got[0].FullName != "Анна Ковальчук" || got[0].Role != alliance.RoleChild ||
		got[0].BirthYear != 2012 || got[1].Organisation != "Məktəb 12" {
		t.Fatalf("valid %+v; rows %+v", got, p.Rows)
	}
}

func TestRead_Unusable(t *testing.T) {
	for name, content := range map[string]string{
		"noname.csv": "Telefon,Cinsi\n123,qadın\n",
		"empty.csv":  "",
		"bad.xlsx":   "this is not a spreadsheet",
	} {
		_, err := roster.Read(name, strings.NewReader(content), "t", today)
		if key, _ := alliance.ErrorKey(err); !strings.HasPrefix(key, "roster.error.") {
			t.Errorf("%s: %v (key %s)", name, err, key)
		}
	}
}

func TestPreview_MarkExisting(t *testing.T) {
	csv := "Full name,Gender,Birth year,Role\n" +
		"Şəhla Əliyeva,F,,teacher\n" + // on the roster already
		"SƏHLA  ƏLİYEVA,F,,teacher\n" + // the same person, typed otherwise
		"Aysu Məmmədova,F,2013,\n" + // on the roster, born 2013
		"Aysu Məmmədova,F,2014,\n" + // another child of the same name
		"Aysu Məmmədova,F,2014,\n" + // that child again, later in the file
		"Ilqar Çələbi,M,,NGO\n" // new
	p, err := roster.Read("r.csv", strings.NewReader(csv), "t1", today)
	if err != nil {
		t.Fatal(err)
	}
	p.MarkExisting([]alliance.Participant{{FullName: "Şəhla Əliyeva"}, {FullName: "Aysu Məmmədova", BirthYear: 2013}})
	var added []string
	for _, x := range p.Valid() {
		added = append(added, x.FullName)
	}
	if strings.Join(added, "|") != "Aysu Məmmədova|Ilqar Çələbi" || p.Valid()[0].BirthYear != 2014 {
		t.Fatalf("would add %v", added)
	}
	for _, r := range p.Rows {
		if !r.OK() && (len(r.Errors) != 1 || r.Errors[0].Key != "validation.already_on_roster") {
			t.Errorf("line %d: %v", r.Line, r.Errors)
		}
	}
}
