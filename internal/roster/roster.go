// Package roster reads a training's list of participants from the CSV or
// Excel file NGO staff already keep, into a preview: every row as a
// participant with its own errors, before anything is saved. Column names
// may be in Azerbaijani, Russian or English, typed with or without
// Azerbaijani letters; values too (qadın, ж, female…).
package roster

import (
	"bytes"
	"encoding/csv"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Columns of a roster, as the preview names them.
const (
	ColName          = "full_name"
	ColGender        = "gender"
	ColBirthYear     = "birth_year"
	ColAgeGroup      = "age_group"
	ColRole          = "role"
	ColOrganisation  = "organisation"
	ColPhone         = "phone"
	ColEmail         = "email"
	ColAccessibility = "accessibility"
)

// headers are the column names staff write, folded (see fold).
var headers = map[string][]string{
	ColName:          {"full name", "name", "ad soyad", "ad, soyad", "adi soyadi", "soyad ad", "ad", "fio", "фио", "имя", "полное имя", "participant", "istirakci"},
	ColGender:        {"gender", "sex", "cins", "cinsi", "пол"},
	ColBirthYear:     {"birth year", "year of birth", "dogum ili", "dogum tarixi", "год рождения"},
	ColAgeGroup:      {"age group", "age", "yas qrupu", "yas", "возрастная группа", "возраст"},
	ColRole:          {"role", "rol", "vezife", "kateqoriya", "роль", "должность", "категория"},
	ColOrganisation:  {"organisation", "organization", "teskilat", "mekteb", "is yeri", "организация", "место работы", "школа"},
	ColPhone:         {"phone", "telefon", "tel", "телефон", "mobile", "mobil"},
	ColEmail:         {"email", "e-mail", "e-poct", "epoct", "эл. почта", "почта", "электронная почта"},
	ColAccessibility: {"accessibility", "accessibility needs", "xususi ehtiyaclar", "elillik", "особые потребности", "доступность"},
}

var genders = map[string]alliance.Gender{
	"f": alliance.Female, "female": alliance.Female, "woman": alliance.Female, "girl": alliance.Female,
	"q": alliance.Female, "qadin": alliance.Female, "qiz": alliance.Female, "ж": alliance.Female, "женский": alliance.Female, "жен": alliance.Female,
	"m": alliance.Male, "male": alliance.Male, "man": alliance.Male, "boy": alliance.Male,
	"k": alliance.Male, "kisi": alliance.Male, "oglan": alliance.Male, "м": alliance.Male, "мужской": alliance.Male, "муж": alliance.Male,
}

var roles = map[string]alliance.Role{
	"child": alliance.RoleChild, "usaq": alliance.RoleChild, "ребенок": alliance.RoleChild, "pupil": alliance.RoleChild, "sagird": alliance.RoleChild, "ученик": alliance.RoleChild,
	"teacher": alliance.RoleTeacher, "muellim": alliance.RoleTeacher, "учитель": alliance.RoleTeacher,
	"parent": alliance.RoleParent, "valideyn": alliance.RoleParent, "родитель": alliance.RoleParent,
	"central authority": alliance.RoleCentral, "merkezi hakimiyyet": alliance.RoleCentral, "центральная власть": alliance.RoleCentral,
	"local authority": alliance.RoleLocal, "yerli hakimiyyet": alliance.RoleLocal, "icra hakimiyyeti": alliance.RoleLocal, "местная власть": alliance.RoleLocal,
	"ngo": alliance.RoleNGO, "qht": alliance.RoleNGO, "нпо": alliance.RoleNGO,
	"media": alliance.RoleMedia, "journalist": alliance.RoleMedia, "jurnalist": alliance.RoleMedia, "сми": alliance.RoleMedia, "журналист": alliance.RoleMedia,
	"other": alliance.RoleOtherAdt, "diger": alliance.RoleOtherAdt, "другое": alliance.RoleOtherAdt,
}

// Row is one line of the file as a participant, with what is wrong in it.
type Row struct {
	Line        int // 1-based line (or sheet row) in the file
	Participant alliance.Participant
	Errors      []alliance.FieldError
}

// OK reports whether the row can be saved.
func (r Row) OK() bool { return len(r.Errors) == 0 }

// Preview is what a file would add to a roster.
type Preview struct {
	Rows    []Row
	Columns map[string]int // recognised column -> index in the file
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
	var table [][]string
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		table, err = readXLSX(r)
	default:
		table, err = readCSV(r)
	}
	if err != nil {
		return nil, alliance.Keyed(alliance.EINVALID, "roster.error.unreadable", nil, "cannot read %s: %v", name, err)
	}
	return parse(table, trainingID, today)
}

func readXLSX(r io.Reader) ([][]string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, io.ErrUnexpectedEOF
	}
	return f.GetRows(sheets[0])
}

func readCSV(r io.Reader) ([][]string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 20<<20))
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // Excel's UTF-8 mark
	first, _, _ := bytes.Cut(b, []byte("\n"))
	delim := ','
	for _, d := range []rune{';', '\t'} {
		if bytes.Count(first, []byte(string(d))) > bytes.Count(first, []byte(string(delim))) {
			delim = d
		}
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return cr.ReadAll()
}

// parse maps the header row to columns and every other row to a
// participant.
func parse(table [][]string, trainingID string, today alliance.Date) (*Preview, error) {
	if len(table) == 0 {
		return nil, alliance.Keyed(alliance.EINVALID, "roster.error.empty", nil, "the file is empty")
	}
	p := &Preview{Columns: map[string]int{}}
	for i, h := range table[0] {
		key := fold(h)
		for col, names := range headers {
			for _, n := range names {
				if key == n {
					if _, taken := p.Columns[col]; !taken {
						p.Columns[col] = i
					}
				}
			}
		}
	}
	if _, ok := p.Columns[ColName]; !ok {
		return nil, alliance.Keyed(alliance.EINVALID, "roster.error.no_name_column", nil, "no column of names (Ad Soyad, ФИО, Full name)")
	}
	for i, rec := range table[1:] {
		get := func(col string) string {
			if j, ok := p.Columns[col]; ok && j < len(rec) {
				return strings.TrimSpace(rec[j])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // an empty line
		}
		row := Row{Line: i + 2}
		part := alliance.Participant{TrainingID: trainingID, FullName: alliance.NormalizeName(get(ColName)),
			AgeGroup: get(ColAgeGroup), Organisation: get(ColOrganisation), Phone: get(ColPhone),
			Email: get(ColEmail), Accessibility: get(ColAccessibility), Attended: []string{}}
		if g := get(ColGender); g != "" {
			if part.Gender = genders[fold(g)]; part.Gender == "" {
				row.Errors = append(row.Errors, alliance.FieldError{Field: alliance.FieldGender, Key: "validation.unknown_value", Args: alliance.Args{"Value": g}})
			}
		}
		if y := get(ColBirthYear); y != "" {
			year, err := strconv.Atoi(strings.TrimSuffix(y, ".0"))
			if err != nil && len(y) == 10 { // a date: dd.mm.yyyy
				if d, derr := alliance.ParseDMY(y); derr == nil {
					year, err = d.Year, nil
				}
			}
			if err != nil {
				row.Errors = append(row.Errors, alliance.FieldError{Field: alliance.FieldBirthYear, Key: "validation.year_format"})
			}
			part.BirthYear = year
		}
		if r := get(ColRole); r != "" {
			if part.Role = roles[fold(r)]; part.Role == "" {
				row.Errors = append(row.Errors, alliance.FieldError{Field: alliance.FieldRole, Key: "validation.unknown_value", Args: alliance.Args{"Value": r}})
			}
		} else if part.BirthYear > today.Year-18 || part.AgeGroup != "" {
			part.Role = alliance.RoleChild
		} else {
			part.Role = alliance.RoleOtherAdt
		}
		if len(row.Errors) == 0 {
			row.Errors = alliance.ErrorFields(part.ValidateAt(today))
		}
		row.Participant = part
		p.Rows = append(p.Rows, row)
	}
	return p, nil
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
