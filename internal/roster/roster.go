// Package roster reads a training's list of participants from the CSV or
// Excel file NGO staff already keep, into a preview: every row as a
// participant with its own errors, before anything is saved. Column names
// may be in Azerbaijani, Russian or English, typed with or without
// Azerbaijani letters; values too (qadın, ж, female…). Files come as staff
// keep them: title rows above the header, names in one column or split
// (Ad + Soyad, Фамилия + Имя + Отчество, First + Last name), saved by Excel
// in UTF-8, UTF-16 or a Windows code page, dates in any format, merged
// cells; every problem is reported with the file's own line number.
package roster

import (
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Columns of a roster, as the preview names them.
const (
	ColName          = "full_name"
	ColFirst         = "first_name" // a name split in columns: given name,
	ColLast          = "last_name"  // surname
	ColPatronymic    = "patronymic" // and father's name (ata adı, отчество)
	ColGender        = "gender"
	ColBirthYear     = "birth_year"
	ColAgeGroup      = "age_group"
	ColRole          = "role"
	ColOrganisation  = "organisation"
	ColPhone         = "phone"
	ColEmail         = "email"
	ColAccessibility = "accessibility"
)

// headers are the column names staff write, matched folded (see fold).
var headers = foldNames(map[string][]string{
	ColName: {"full name", "name", "ad soyad", "ad, soyad", "adi soyadi", "adi, soyadi", "soyad ad", "soyadi adi", "soyad, ad",
		"soyad ad ata adi", "soyadi, adi, ata adi", "fio", "фио", "ф.и.о", "ф. и. о", "полное имя", "фамилия имя", "фамилия, имя",
		"фамилия имя отчество", "participant", "istirakci", "istirakcinin adi"},
	ColFirst:      {"ad", "adi", "first name", "given name", "first", "имя"},
	ColLast:       {"soyad", "soyadi", "last name", "surname", "family name", "last", "фамилия"},
	ColPatronymic: {"ata adi", "ata adi (ogl/qizi)", "father's name", "patronymic", "middle name", "отчество"},
	ColGender:     {"gender", "sex", "cins", "cinsi", "пол"},
	ColBirthYear: {"birth year", "year of birth", "date of birth", "birth date", "birthday", "dogum ili", "dogum tarixi",
		"год рождения", "дата рождения"},
	ColAgeGroup:      {"age group", "age", "yas qrupu", "yas", "возрастная группа", "возраст"},
	ColRole:          {"role", "rol", "vezife", "kateqoriya", "роль", "должность", "категория"},
	ColOrganisation:  {"organisation", "organization", "teskilat", "mekteb", "is yeri", "организация", "место работы", "школа"},
	ColPhone:         {"phone", "telefon", "tel", "телефон", "mobile", "mobil"},
	ColEmail:         {"email", "e-mail", "e-poct", "epoct", "эл. почта", "почта", "электронная почта"},
	ColAccessibility: {"accessibility", "accessibility needs", "xususi ehtiyaclar", "elillik", "особые потребности", "доступность"},
})

// genders and roles are the values staff write, matched folded.
var genders = foldKeys(map[string]alliance.Gender{
	"f": alliance.Female, "female": alliance.Female, "woman": alliance.Female, "girl": alliance.Female,
	"q": alliance.Female, "qadin": alliance.Female, "qiz": alliance.Female, "ж": alliance.Female, "женский": alliance.Female, "жен": alliance.Female,
	"женщина": alliance.Female, "девочка": alliance.Female,
	"m": alliance.Male, "male": alliance.Male, "man": alliance.Male, "boy": alliance.Male,
	"k": alliance.Male, "kisi": alliance.Male, "oglan": alliance.Male, "м": alliance.Male, "мужской": alliance.Male, "муж": alliance.Male,
	"мужчина": alliance.Male, "мальчик": alliance.Male,
})

var roles = foldKeys(map[string]alliance.Role{
	"child": alliance.RoleChild, "usaq": alliance.RoleChild, "ребенок": alliance.RoleChild, "pupil": alliance.RoleChild, "sagird": alliance.RoleChild, "ученик": alliance.RoleChild,
	"учащийся": alliance.RoleChild, "школьник": alliance.RoleChild,
	"teacher": alliance.RoleTeacher, "muellim": alliance.RoleTeacher, "учитель": alliance.RoleTeacher, "педагог": alliance.RoleTeacher,
	"parent": alliance.RoleParent, "valideyn": alliance.RoleParent, "родитель": alliance.RoleParent,
	"central authority": alliance.RoleCentral, "merkezi hakimiyyet": alliance.RoleCentral, "центральная власть": alliance.RoleCentral,
	"local authority": alliance.RoleLocal, "yerli hakimiyyet": alliance.RoleLocal, "icra hakimiyyeti": alliance.RoleLocal, "местная власть": alliance.RoleLocal,
	"ngo": alliance.RoleNGO, "qht": alliance.RoleNGO, "нпо": alliance.RoleNGO,
	"media": alliance.RoleMedia, "journalist": alliance.RoleMedia, "jurnalist": alliance.RoleMedia, "сми": alliance.RoleMedia, "журналист": alliance.RoleMedia,
	"other": alliance.RoleOtherAdt, "diger": alliance.RoleOtherAdt, "другое": alliance.RoleOtherAdt,
})

// Row is one line of the file as a participant, with what is wrong in it.
type Row struct {
	Line        int // 1-based line (or sheet row) in the file
	Participant alliance.Participant
	Errors      []alliance.FieldError
}

// OK reports whether the row can be saved.
func (r Row) OK() bool { return len(r.Errors) == 0 }

// Note says how a line was read otherwise than written (a merged cell's
// value given to every row it covers); it does not stop the line.
type Note struct {
	Line int
	Key  string
	Args alliance.Args
}

// Preview is what a file would add to a roster.
type Preview struct {
	Rows    []Row
	Notes   []Note
	Columns map[string]int // recognised column -> index in the file
	Header  int            // the header's line (title lines above it are skipped)
}

// Valid returns the participants of the rows without errors.
func (p *Preview) Valid() []*alliance.Participant {
	var out []*alliance.Participant
	for i := range p.Rows {
		if p.Rows[i].OK() {
			x := p.Rows[i].Participant
			out = append(out, &x)
		}
	}
	return out
}

// MarkExisting sets aside the rows naming someone already on the roster,
// or named by an earlier row of the file, so that importing the same sheet
// twice (or a sheet updated since) adds nobody twice. People match by name,
// letters folded, and by birth year when both sides have one.
func (p *Preview) MarkExisting(roster []alliance.Participant) {
	type person struct {
		name string
		year int
	}
	seen := map[string][]int{}
	same := func(x person) bool {
		for _, y := range seen[x.name] {
			if y == 0 || x.year == 0 || y == x.year {
				return true
			}
		}
		return false
	}
	for i := range roster {
		k := fold(roster[i].FullName)
		seen[k] = append(seen[k], roster[i].BirthYear)
	}
	for i := range p.Rows {
		r := &p.Rows[i]
		x := person{fold(r.Participant.FullName), r.Participant.BirthYear}
		if x.name == "" || !r.OK() {
			continue
		}
		if same(x) {
			r.Errors = append(r.Errors, alliance.FieldError{Field: alliance.FieldFullName, Key: "validation.already_on_roster",
				Args: alliance.Args{"Name": r.Participant.FullName}})
			continue
		}
		seen[x.name] = append(seen[x.name], x.year)
	}
}

// Read reads a roster file (.csv, .txt or .xlsx, by name) for a training.
// A file that cannot be read at all, or has no name column, is an error
// with a translation key; rows with problems are in the preview.
func Read(name string, r io.Reader, trainingID string, today alliance.Date) (*Preview, error) {
	var t *table
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		t, err = readXLSX(r)
	default:
		t, err = readText(r)
	}
	if err != nil {
		return nil, alliance.Keyed(alliance.EINVALID, "roster.error.unreadable", nil, "cannot read %s: %v", name, err)
	}
	return parse(t, trainingID, today)
}

// headerSearch is how many lines from the top the header may be (title
// lines of the training, the date, the place above it).
const headerSearch = 30

// parse finds the header — the first line naming a column of names — and
// makes every line after it a participant.
func parse(t *table, trainingID string, today alliance.Date) (*Preview, error) {
	if len(t.lines) == 0 && len(t.bad) == 0 {
		return nil, alliance.Keyed(alliance.EINVALID, "roster.error.empty", nil, "the file is empty")
	}
	p := &Preview{Notes: t.notes}
	header := -1
	for i, l := range t.lines[:min(len(t.lines), headerSearch)] {
		if cols := columnsOf(l.cells); cols[ColName] || cols[ColFirst] {
			header = i
			break
		}
	}
	if header < 0 {
		return nil, alliance.Keyed(alliance.EINVALID, "roster.error.no_name_column", nil, "no column of names (Ad Soyad, ФИО, Full name)")
	}
	head := t.lines[header]
	p.Header = head.n
	p.Columns = map[string]int{}
	width := 0
	for i, h := range head.cells {
		if strings.TrimSpace(h) != "" {
			width = i + 1
		}
		if col := columnOf(h); col != "" {
			if _, taken := p.Columns[col]; !taken {
				p.Columns[col] = i
			}
		}
	}
	order := nameOrder(head.cells, p.Columns)
	for _, l := range t.lines[header+1:] {
		if strings.TrimSpace(strings.Join(l.cells, "")) == "" {
			continue // an empty line
		}
		row := Row{Line: l.n}
		if t.text && len(l.cells) < width {
			row.Errors = append(row.Errors, alliance.FieldError{Key: "roster.error.short_row",
				Args: alliance.Args{"Cells": len(l.cells), "Columns": width}})
		}
		row.Participant, row.Errors = participant(l.cells, p.Columns, order, trainingID, today, row.Errors)
		p.Rows = append(p.Rows, row)
	}
	p.Rows = append(p.Rows, t.bad...)
	sortRows(p.Rows)
	return p, nil
}

// participant reads one line's cells.
func participant(cells []string, cols map[string]int, order []string, trainingID string, today alliance.Date,
	errs []alliance.FieldError) (alliance.Participant, []alliance.FieldError) {
	get := func(col string) string {
		if j, ok := cols[col]; ok && j < len(cells) {
			return strings.TrimSpace(cells[j])
		}
		return ""
	}
	name := get(ColName)
	if name == "" {
		var parts []string
		for _, col := range order {
			if v := get(col); v != "" {
				parts = append(parts, v)
			}
		}
		name = strings.Join(parts, " ")
	}
	part := alliance.Participant{TrainingID: trainingID, FullName: alliance.NormalizeName(name),
		AgeGroup: get(ColAgeGroup), Organisation: get(ColOrganisation), Phone: phone(get(ColPhone)),
		Email: get(ColEmail), Accessibility: get(ColAccessibility), Attended: []string{}}
	if g := get(ColGender); g != "" {
		if part.Gender = genders[fold(g)]; part.Gender == "" {
			errs = append(errs, alliance.FieldError{Field: alliance.FieldGender, Key: "validation.unknown_value", Args: alliance.Args{"Value": g}})
		}
	}
	if y := get(ColBirthYear); y != "" {
		year, ok := parseYear(y, today)
		if !ok {
			errs = append(errs, alliance.FieldError{Field: alliance.FieldBirthYear, Key: "validation.year_format"})
		}
		part.BirthYear = year
	}
	if r := get(ColRole); r != "" {
		if part.Role = roles[fold(r)]; part.Role == "" {
			errs = append(errs, alliance.FieldError{Field: alliance.FieldRole, Key: "validation.unknown_value", Args: alliance.Args{"Value": r}})
		}
	} else if part.BirthYear > today.Year-18 || part.AgeGroup != "" {
		part.Role = alliance.RoleChild
	} else {
		part.Role = alliance.RoleOtherAdt
	}
	if len(errs) == 0 {
		errs = alliance.ErrorFields(part.ValidateAt(today))
	}
	return part, errs
}

// columnOf is the roster column a header cell names ("" for none).
func columnOf(h string) string {
	key := fold(h)
	for col, names := range headers {
		for _, n := range names {
			if key == n {
				return col
			}
		}
	}
	return ""
}

func columnsOf(cells []string) map[string]bool {
	out := map[string]bool{}
	for _, c := range cells {
		if col := columnOf(c); col != "" {
			out[col] = true
		}
	}
	return out
}

// foldKeys returns m with its keys folded, as what they are matched with
// is: "женский" folds to "женскии" (fold takes the breve off й).
func foldKeys[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[fold(k)] = v
	}
	return out
}

// foldNames folds each column's names.
func foldNames(m map[string][]string) map[string][]string {
	for col, names := range m {
		for i, n := range names {
			names[i] = fold(n)
		}
		m[col] = names
	}
	return m
}

// fold lowers, trims and strips accents (ə→e, ı→i, ş→s…) and trailing
// punctuation, so "Ad, Soyad:" and "ad soyad" match.
func fold(s string) string {
	s = strings.NewReplacer("ə", "e", "Ə", "e", "ı", "i", "I", "i", "İ", "i", "ё", "е", "Ё", "е").Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimRight(s, ":*. ")
	return strings.Join(strings.Fields(s), " ")
}
