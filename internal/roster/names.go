package roster

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// nameOrder is the order a name split in columns is joined in, as each
// language writes a full name: Russian lists "Фамилия Имя Отчество";
// Azerbaijani "Ad Soyad", or with the father's name the official "Soyad Ad
// Ata adı"; English "First Middle Last".
func nameOrder(header []string, cols map[string]int) []string {
	last, ok := cols[ColLast]
	if !ok {
		return []string{ColFirst, ColPatronymic}
	}
	_, patronymic := cols[ColPatronymic]
	switch lang := headerLanguage(header[last]); {
	case lang == "ru" || (lang == "az" && patronymic):
		return []string{ColLast, ColFirst, ColPatronymic}
	case lang == "az":
		return []string{ColFirst, ColLast}
	}
	return []string{ColFirst, ColPatronymic, ColLast}
}

// headerLanguage tells a Russian header (Cyrillic) from an Azerbaijani one
// (soyad…) and an English one.
func headerLanguage(h string) string {
	for _, r := range h {
		if unicode.Is(unicode.Cyrillic, r) {
			return "ru"
		}
	}
	if strings.HasPrefix(fold(h), "soyad") {
		return "az"
	}
	return "en"
}

// parseYear reads a birth year as staff write it: 2013, a date in any
// order and separator (15.03.2013, 2013-03-15, 3/15/13), or the serial
// number Excel stores a date as (41348).
func parseYear(s string, today alliance.Date) (int, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		switch {
		case n >= 1900 && n <= 2100 && n == float64(int(n)):
			return int(n), true
		case n >= 367 && n < 80000: // an Excel date: days since 30.12.1899
			return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n)).Year(), true
		}
		return 0, false
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
	if len(fields) != 3 {
		return 0, false
	}
	for _, f := range fields {
		if len(f) == 4 {
			y, _ := strconv.Atoi(f)
			return y, y >= 1900 && y <= 2100
		}
	}
	if y := fields[2]; len(y) == 2 { // 3/15/13: this century unless that is ahead of today
		n, _ := strconv.Atoi(y)
		if 2000+n > today.Year {
			return 1900 + n, true
		}
		return 2000 + n, true
	}
	return 0, false
}

// phone is a phone number as written; one Excel stored as a number keeps
// no ".0".
func phone(s string) string { return strings.TrimSuffix(s, ".0") }

// sortRows puts rows in the order of their lines.
func sortRows(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Line < rows[j].Line })
}
