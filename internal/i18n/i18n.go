// Package i18n is the app's translation layer: a go-i18n localizer over
// the az/ru/en files of locales/, switchable at run time, with Azerbaijani-
// aware casing, sorting, numbers and dates. Every user-visible string goes
// through T, Tf or N. It does not import Fyne.
package i18n

import (
	"encoding/json"
	"fmt"
	"log"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/cases"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/locales"
)

// Languages are the app's languages, Azerbaijani first (the default).
var Languages = []string{"az", "ru", "en"}

// Default is the language used until the user chooses one.
const Default = "az"

// Args fill the named placeholders of a message, e.g. {{.Count}}.
type Args = alliance.Args

var (
	mu        sync.RWMutex
	bundle    *i18n.Bundle
	localizer *i18n.Localizer
	current   string
	tag       language.Tag
	loadErr   error
)

func init() {
	bundle = i18n.NewBundle(language.Azerbaijani)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, l := range Languages {
		b, err := locales.FS.ReadFile(l + ".json")
		if err == nil {
			_, err = bundle.ParseMessageFileBytes(b, l+".json")
		}
		if err != nil && loadErr == nil {
			loadErr = fmt.Errorf("locales/%s.json: %w", l, err)
		}
	}
	_ = SetLanguage(Default)
}

// LoadError reports a translation file that could not be read (a build
// defect, caught by the tests).
func LoadError() error { return loadErr }

// SetLanguage switches every later T, Tf and N to code ("az", "ru", "en").
func SetLanguage(code string) error {
	if !Supported(code) {
		return fmt.Errorf("unsupported language %q", code)
	}
	mu.Lock()
	defer mu.Unlock()
	current = code
	tag = language.MustParse(code)
	localizer = i18n.NewLocalizer(bundle, code)
	return nil
}

// Supported reports whether code is one of Languages.
func Supported(code string) bool {
	for _, l := range Languages {
		if l == code {
			return true
		}
	}
	return false
}

// Language returns the current language code.
func Language() string {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// T returns the message id in the current language.
func T(id string) string { return localize(id, nil, nil) }

// Tf returns the message id filled with args.
func Tf(id string, args Args) string { return localize(id, nil, args) }

// N returns the plural form of id for count; {{.Count}} is count.
func N(id string, count int, args Args) string {
	a := Args{"Count": Number(count)}
	for k, v := range args {
		a[k] = v
	}
	return localize(id, &count, a)
}

func localize(id string, count *int, args Args) string {
	mu.RLock()
	l := localizer
	mu.RUnlock()
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: args}
	if count != nil {
		cfg.PluralCount = *count
	}
	s, err := l.Localize(cfg)
	if err != nil {
		log.Printf("i18n: %v", err)
		if s == "" {
			return id
		}
	}
	return s
}

// Error returns the translated message of err.
func Error(err error) string {
	key, args := alliance.ErrorKey(err)
	return Tf(key, args)
}

// Upper returns s in upper case by the rules of the current language
// (Azerbaijani i → İ, ı → I).
func Upper(s string) string {
	return cases.Upper(currentTag()).String(s)
}

// Title returns s with the first letter of each word in upper case by the
// rules of the current language.
func Title(s string) string {
	return cases.Title(currentTag()).String(s)
}

// Sort sorts ss in the alphabetical order of the current language.
func Sort(ss []string) {
	collate.New(currentTag()).SortStrings(ss)
}

// SortBy sorts xs by the names key gives, in the current language's order.
func SortBy[T any](xs []T, key func(T) string) {
	c := collate.New(currentTag())
	sort.SliceStable(xs, func(i, j int) bool { return c.CompareString(key(xs[i]), key(xs[j])) < 0 })
}

// Number formats n with the current language's digit grouping.
func Number(n int) string {
	return message.NewPrinter(currentTag()).Sprintf("%d", n)
}

// Date formats d the local way, dd.mm.yyyy, in every language.
func Date(d alliance.Date) string { return d.DMY() }

// Month returns the name of month m in the current language.
func Month(m time.Month) string { return T(fmt.Sprintf("month.%d", int(m))) }

// WeekdayShort returns the short name of day d in the current language.
func WeekdayShort(d time.Weekday) string { return T(fmt.Sprintf("weekday.%d", int(d))) }

// RegionName returns r's name in the current language.
func RegionName(r alliance.Region) string { return r.Name(Language()) }

func currentTag() language.Tag {
	mu.RLock()
	defer mu.RUnlock()
	return tag
}

// Bytes formats a size: 512 B, 12.4 KB, 3.1 MB (with the language's units
// and decimal mark).
func Bytes(n int64) string {
	switch {
	case n < 1024:
		return Tf("units.bytes", Args{"N": Number(int(n))})
	case n < 1024*1024:
		return Tf("units.kb", Args{"N": oneDecimal(float64(n) / 1024)})
	}
	return Tf("units.mb", Args{"N": oneDecimal(float64(n) / (1024 * 1024))})
}

// oneDecimal writes x with one decimal the current language's way.
func oneDecimal(x float64) string {
	return message.NewPrinter(currentTag()).Sprintf("%.1f", x)
}

// Time formats a moment the local way: 15:04, 02.01.2006 (today: 15:04).
func Time(t time.Time) string {
	t = t.Local()
	if alliance.DateOf(t) == alliance.Today() {
		return t.Format("15:04")
	}
	return t.Format("15:04, 02.01.2006")
}

// DateTime writes a moment that is kept (a publication, a correction)
// with its date, even today's: "12.05.2026, 14:30".
func DateTime(t time.Time) string { return t.Local().Format("02.01.2006, 15:04") }

// Localizer translates into one language, whatever the app's current
// language is: for the server, which answers each request in its own.
type Localizer struct {
	l    *i18n.Localizer
	Lang string
}

// For returns a localizer for code (Azerbaijani for an unknown code).
func For(code string) *Localizer {
	if !Supported(code) {
		code = Default
	}
	return &Localizer{l: i18n.NewLocalizer(bundle, code), Lang: code}
}

// T returns the message id.
func (l *Localizer) T(id string) string { return l.Tf(id, nil) }

// Number writes n grouped the language's way, as Number does.
func (l *Localizer) Number(n int) string {
	return message.NewPrinter(language.Make(l.Lang)).Sprintf("%d", n)
}

// Figure writes a figure of a report: a whole number grouped, otherwise
// with the language's decimal mark.
func (l *Localizer) Figure(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return l.Number(int(v))
	}
	return decimal(v, l.Lang)
}

// Upper returns s in upper case by the language's rules (az: i → İ).
func (l *Localizer) Upper(s string) string {
	return cases.Upper(language.MustParse(l.Lang)).String(s)
}

// Hours returns a number of hours with its unit in the language: "1 hour",
// "12.5 hours", "12,5 saat", "12,5 ч.".
func (l *Localizer) Hours(h float64) string {
	n, shown := strconv.FormatFloat(h, 'f', -1, 64), decimal(h, l.Lang)
	s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: "hours", PluralCount: n, TemplateData: Args{"Hours": shown}})
	if err != nil && s == "" {
		return shown
	}
	return s
}

// Decimal writes f the current language's way: 7.5 in English, 7,5 in
// Azerbaijani and Russian.
func Decimal(f float64) string { return decimal(f, Language()) }

func decimal(f float64, lang string) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Place returns a place in a ranking as the language writes it: "1-ci
// yer", "1-е место", "1st place".
func (l *Localizer) Place(rank int) string {
	return l.Tf("place", Args{"Ordinal": ordinal(rank, l.Lang)})
}

// Place returns a place in a ranking in the current language.
func Place(rank int) string { return For(Language()).Place(rank) }

// ordinal writes n as an ordinal number: Azerbaijani suffixes follow the
// last vowel of the number's name (1-ci, 3-cü, 6-cı, 9-cu, 40-cı, 100-cü).
func ordinal(n int, lang string) string {
	switch lang {
	case "ru":
		return strconv.Itoa(n) + "-е"
	case "en":
		suffix := "th"
		if n%100 < 11 || n%100 > 13 {
			switch n % 10 {
			case 1:
				suffix = "st"
			case 2:
				suffix = "nd"
			case 3:
				suffix = "rd"
			}
		}
		return strconv.Itoa(n) + suffix
	}
	units := []string{"", "ci", "ci", "cü", "cü", "ci", "cı", "ci", "ci", "cu"}
	tens := []string{"", "cu", "ci", "cu", "cı", "ci", "cı", "ci", "ci", "cı"}
	suffix := "cü" // yüz, min
	switch {
	case n%10 != 0:
		suffix = units[n%10]
	case n%100 != 0:
		suffix = tens[(n/10)%10]
	}
	return strconv.Itoa(n) + "-" + suffix
}

// Hours returns a number of hours with its unit in the current language.
func Hours(h float64) string { return For(Language()).Hours(h) }

// Tf returns the message id filled with args.
func (l *Localizer) Tf(id string, args Args) string {
	s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: args})
	if err != nil && s == "" {
		return id
	}
	return s
}

// Has tells whether the current language has a message id (no log when
// it has not: a caller trying names in turn).
func Has(id string) bool {
	mu.RLock()
	l := localizer
	mu.RUnlock()
	_, err := l.Localize(&i18n.LocalizeConfig{MessageID: id})
	return err == nil
}
