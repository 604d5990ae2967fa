package alliance

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day without time or zone: the day an activity started,
// as written on the paper sheet. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date, normalised the way time.Date normalises.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today is the current day in local time. Tests replace it.
var Today = func() Date { return DateOf(time.Now()) }

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is a later day than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// AddYears returns the date n years later (29 February becomes 1 March).
func (d Date) AddYears(n int) Date { return NewDate(d.Year+n, d.Month, d.Day) }

// String returns the ISO form 2006-01-02, the form stored and sent on the wire;
// "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// DMY returns the local written form 02.01.2006.
func (d Date) DMY() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

// ParseISODate parses 2006-01-02; "" gives the zero Date.
func ParseISODate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "invalid date %q", s)
	}
	return DateOf(t), nil
}

// ParseDMY parses a typed date the way staff write it: 02.01.2006, also with
// "/" or "-" between the parts, one-digit day and month, and two-digit years
// (meaning 20xx). ISO 2006-01-02 is accepted too. It rejects days that do not
// exist, such as 31.02.2025.
func ParseDMY(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		return ParseISODate(s)
	}
	parts := strings.Split(strings.NewReplacer("/", ".", "-", ".").Replace(s), ".")
	if len(parts) != 3 {
		return Date{}, Errorf(EINVALID, "date %q is not dd.mm.yyyy", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] < '0' || p[0] > '9' {
			return Date{}, Errorf(EINVALID, "date %q is not dd.mm.yyyy", s)
		}
		n[i] = v
	}
	day, month, year := n[0], n[1], n[2]
	if len(parts[2]) == 2 {
		year += 2000
	} else if len(parts[2]) != 4 {
		return Date{}, Errorf(EINVALID, "date %q is not dd.mm.yyyy", s)
	}
	d := NewDate(year, time.Month(month), day)
	if month < 1 || month > 12 || d.Day != day || d.Month != time.Month(month) {
		return Date{}, Errorf(EINVALID, "date %q does not exist", s)
	}
	return d, nil
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarshalJSON writes the date as "2006-01-02" ("" when unset).
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// UnmarshalJSON reads "2006-01-02" or "".
func (d *Date) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := ParseISODate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
