package roster_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/roster"
)

// The roster files of these tests are made here, as staff's spreadsheets
// and Excel's "Save as" make them.

func names(p *roster.Preview) string {
	var out []string
	for _, x := range p.Valid() {
		out = append(out, x.FullName)
	}
	return strings.Join(out, "|")
}

func errorsAt(p *roster.Preview) map[int]string {
	out := map[int]string{}
	for _, r := range p.Rows {
		for _, e := range r.Errors {
			out[r.Line] += e.Key + ";"
		}
	}
	return out
}

// An Azerbaijani workbook: two title lines (one merged across), the name
// in Ad / Soyad / Ata adı columns, birth dates in Excel's short-date
// format, the organisation merged over three rows, and two Leylas.
func TestRead_AzerbaijaniWorkbook(t *testing.T) {
	f := excelize.NewFile()
	sh := "Sheet1"
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "Uşaq hüquqları üzrə təlim — iştirakçıların siyahısı")
	f.MergeCell(sh, "A1", "F1")
	set("A2", "Şəki, 3–5 mart 2025")
	for i, h := range []string{"Soyad", "Ad", "Ata adı", "Doğum tarixi", "Cinsi", "Təşkilat"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		set(cell, h)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy, Excel's short date
	rows := [][]any{
		{"Quliyeva", "Leyla", "Rəşad qızı", 41348, "qadın", "5 nömrəli məktəb"}, // 15.03.2013
		{"Məmmədova", "Leyla", "Elçin qızı", 40983, "qadın", nil},               // 15.03.2012, in the merged cell
		{"Həsənov", "Tural", "Vüqar oğlu", 40000, "kişi", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
		d, _ := excelize.CoordinatesToCellName(4, i+4)
		f.SetCellStyle(sh, d, d, style)
	}
	f.MergeCell(sh, "F4", "F6")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	p, err := roster.Read("siyahı.xlsx", &buf, "t", today)
	if err != nil {
		t.Fatal(err)
	}
	if p.Header != 3 {
		t.Errorf("header found on line %d, want 3 (below the title lines)", p.Header)
	}
	if got := names(p); got != "Quliyeva Leyla Rəşad qızı|Məmmədova Leyla Elçin qızı|Həsənov Tural Vüqar oğlu" {
		t.Fatalf("names %q; rows %+v", got, p.Rows)
	}
	v := p.Valid()
	if v[0].BirthYear != 2013 || v[1].BirthYear != 2012 || v[2].BirthYear != 2009 {
		t.Errorf("birth years from dates %d %d %d", v[0].BirthYear, v[1].BirthYear, v[2].BirthYear)
	}
	if v[1].Organisation != "5 nömrəli məktəb" || v[2].Organisation != "5 nömrəli məktəb" {
		t.Errorf("the merged organisation %q %q", v[1].Organisation, v[2].Organisation)
	}
	if len(p.Notes) != 1 || p.Notes[0].Line != 4 || p.Notes[0].Key != "roster.note.merged" {
		t.Errorf("notes %+v", p.Notes)
	}
	// Two Leylas of other surnames are two people; the same one again is not.
	p.MarkExisting([]alliance.Participant{{FullName: "Quliyeva Leyla Rəşad qızı"}})
	if got := names(p); got != "Məmmədova Leyla Elçin qızı|Həsənov Tural Vüqar oğlu" {
		t.Fatalf("after marking who is on the roster: %q", got)
	}
}

// A Russian list saved by Excel as "CSV (разделители — точки с запятой)":
// Windows-1251, Фамилия / Имя / Отчество, dates dd.mm.yyyy, the values
// written out ("Женский", "мужской": й folds as the headers do).
func TestRead_RussianCSV1251(t *testing.T) {
	text := "Список участников тренинга;;;;;\n" +
		"Фамилия;Имя;Отчество;Дата рождения;Пол;Должность\n" +
		"Иванова;Анна;Петровна;15.03.2012;ж;\n" +
		"Ковальчук;Анна;Сергеевна;1988;Женский;Учитель\n" +
		"Алиев;Рашад;Вагиф оглы;2010-09-01;мужской;\n"
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	p, err := roster.Read("список.csv", bytes.NewReader(b), "t", today)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(p); got != "Иванова Анна Петровна|Ковальчук Анна Сергеевна|Алиев Рашад Вагиф оглы" {
		t.Fatalf("names %q; rows %+v", got, p.Rows)
	}
	v := p.Valid()
	if len(v) != 3 {
		t.Fatalf("%d valid rows, want 3: %+v", len(v), p.Rows)
	}
	if v[0].BirthYear != 2012 || v[0].Gender != alliance.Female || v[2].BirthYear != 2010 || v[0].Role != alliance.RoleChild {
		t.Errorf("rows %+v", v)
	}
	if v[1].Gender != alliance.Female || v[1].Role != alliance.RoleTeacher || v[2].Gender != alliance.Male {
		t.Errorf("written-out values: %+v / %+v", v[1], v[2])
	}
	if p.Rows[0].Line != 3 {
		t.Errorf("the first participant is on line %d of the file, want 3", p.Rows[0].Line)
	}
}

// An English list saved by Excel as "Unicode Text": UTF-16 with its mark,
// tabs between cells, First name / Last name.
func TestRead_UTF16Tabs(t *testing.T) {
	text := "First name\tLast name\tGender\tBirth year\r\nNigar\tAliyeva\tF\t3/15/13\r\nJohn\tSmith\tM\t\r\n"
	for _, enc := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
		b, err := unicode.UTF16(enc, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		p, err := roster.Read("list.txt", bytes.NewReader(b), "t", today)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(p); got != "Nigar Aliyeva|John Smith" || p.Valid()[0].BirthYear != 2013 {
			t.Fatalf("%v: names %q; rows %+v", enc, got, p.Rows)
		}
	}
	// Without its mark, told by its zero bytes.
	b, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(text))
	if p, err := roster.Read("list.txt", bytes.NewReader(b), "t", today); err != nil || names(p) != "Nigar Aliyeva|John Smith" {
		t.Fatalf("UTF-16 without a mark: %v %v", err, p)
	}
}

// An Azerbaijani CSV saved in the Windows code page Excel uses for it
// (1254: ç, ş, ğ, ı, ö, ü; no ə).
func TestRead_Azerbaijani1254(t *testing.T) {
	text := "Ad Soyad;Cinsi\nŞahin Güləliyev;kişi\nAyşən Çiçək;qadın\n"
	text = strings.NewReplacer("ə", "e").Replace(text)
	b, err := charmap.Windows1254.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	p, err := roster.Read("siyahi.csv", bytes.NewReader(b), "t", today)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(p); got != "Şahin Güleliyev|Ayşen Çiçek" {
		t.Fatalf("names %q", got)
	}
}

// A CSV typed by hand: a title line, a line cut short, a quote opened and
// never closed in the middle, a quote inside a name; every problem on the
// file's own line, and the lines after the bad quote still read.
func TestRead_BrokenCSV(t *testing.T) {
	text := "Təlim: 12 may\n" + // 1
		"Ad Soyad,Cinsi,Doğum ili,Vəzifə,Təşkilat,Telefon\n" + // 2
		"Şəhla Əliyeva,qadın,1990,müəllim,Məktəb 5,+994501234567\n" + // 3
		"Orxan Babayev,kişi,1985\n" + // 4: 3 of 6 cells
		"\"Nigar Quliyeva,qadın,2012,uşaq,Məktəb 5,\n" + // 5: a quote opened, never closed
		"Aynur \"Ayka\" Həsənova,qadın,2011,uşaq,Məktəb 5,\n" + // 6: a quote inside the name
		"\"Kamran, Rüstəmov\",kişi,2010,uşaq,\"Məktəb \"\"Ümid\"\"\",\n" + // 7: quoted as Excel does
		"Leyla Məmmədova,qadın,2012,uşaq,Məktəb 5,\n" // 8
	p, err := roster.Read("siyahı.csv", strings.NewReader(text), "t", today)
	if err != nil {
		t.Fatal(err)
	}
	errs := errorsAt(p)
	if !strings.Contains(errs[4], "roster.error.short_row") {
		t.Errorf("line 4 (cut short): %q", errs[4])
	}
	if !strings.Contains(errs[5], "roster.error.quote") {
		t.Errorf("line 5 (unclosed quote): %q; all %v", errs[5], errs)
	}
	if got := names(p); got != "Şəhla Əliyeva|Aynur \"Ayka\" Həsənova|Kamran, Rüstəmov|Leyla Məmmədova" {
		t.Fatalf("names %q; errors %v", got, errs)
	}
	for _, r := range p.Rows {
		if r.Participant.FullName == "Kamran, Rüstəmov" && r.Participant.Organisation != "Məktəb \"Ümid\"" {
			t.Errorf("a quoted cell: %q", r.Participant.Organisation)
		}
		if r.Line < 3 || r.Line > 8 {
			t.Errorf("a row on line %d", r.Line)
		}
	}
}
