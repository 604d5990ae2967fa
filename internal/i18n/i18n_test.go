package i18n_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/locales"
)

// pluralForms are the CLDR plural categories each language needs.
var pluralForms = map[string][]string{
	"az": {"one", "other"},
	"en": {"one", "other"},
	"ru": {"few", "many", "one", "other"},
}

func load(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := locales.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func placeholders(v any) string {
	var all []string
	switch x := v.(type) {
	case string:
		for _, m := range placeholder.FindAllStringSubmatch(x, -1) {
			all = append(all, m[1])
		}
	case map[string]any:
		set := map[string]bool{}
		for _, s := range x {
			for _, m := range placeholder.FindAllStringSubmatch(s.(string), -1) {
				set[m[1]] = true
			}
		}
		for k := range set {
			all = append(all, k)
		}
	}
	sort.Strings(all)
	return strings.Join(uniq(all), ",")
}

func uniq(ss []string) []string {
	var out []string
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// TestLocales checks that every language has every key, with the plural
// forms its grammar needs and the same placeholders as English.
func TestLocales(t *testing.T) {
	if err := i18n.LoadError(); err != nil {
		t.Fatal(err)
	}
	en := load(t, "en.json")
	for _, l := range i18n.Languages {
		msgs := load(t, l+".json")
		for k, ev := range en {
			v, ok := msgs[k]
			if !ok {
				t.Errorf("%s.json: missing %q", l, k)
				continue
			}
			if got, want := placeholders(v), placeholders(ev); got != want {
				t.Errorf("%s.json %q: placeholders {%s}, English has {%s}", l, k, got, want)
			}
			_, plural := ev.(map[string]any)
			if forms, ok := v.(map[string]any); ok != plural {
				t.Errorf("%s.json %q: plural in one language, not in the other", l, k)
			} else if ok {
				var got []string
				for f, s := range forms {
					got = append(got, f)
					if strings.TrimSpace(s.(string)) == "" {
						t.Errorf("%s.json %q.%s is empty", l, k, f)
					}
				}
				sort.Strings(got)
				if strings.Join(got, ",") != strings.Join(pluralForms[l], ",") {
					t.Errorf("%s.json %q: plural forms %v, want %v", l, k, got, pluralForms[l])
				}
			} else if strings.TrimSpace(v.(string)) == "" {
				t.Errorf("%s.json %q is empty", l, k)
			}
		}
		for k := range msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json: %q is not in en.json", l, k)
			}
		}
	}
}

// TestFyneLocales checks that the translations of Fyne's own widget texts
// cover every text Fyne has.
func TestFyneLocales(t *testing.T) {
	en := load(t, "fyne/en.json")
	for _, l := range i18n.Languages {
		msgs := load(t, "fyne/"+l+".json")
		for k := range en {
			if _, ok := msgs[k]; !ok {
				t.Errorf("fyne/%s.json: missing %q", l, k)
			}
		}
	}
}

// TestKeysUsed checks that every message key the code asks for exists: the
// literal keys passed to T, Tf and N anywhere in internal/, the keys the
// domain's validation produces, and the keys made from domain lists.
func TestKeysUsed(t *testing.T) {
	en := load(t, "en.json")
	want := map[string]string{} // key -> where it is used
	for _, k := range alliance.ActivityKinds {
		want["kind."+string(k)] = "alliance.ActivityKinds"
	}
	for _, a := range alliance.Areas {
		want["area."+string(a)] = "alliance.Areas"
	}
	for _, a := range alliance.Audiences {
		want["audience."+string(a)] = "alliance.Audiences"
	}
	for _, k := range alliance.OrgKinds {
		want["org_kind."+string(k)] = "alliance.OrgKinds"
	}
	for _, s := range alliance.ActivitySorts {
		want["sort."+string(s)] = "alliance.ActivitySorts"
	}
	for _, l := range i18n.Languages {
		want["lang."+l] = "i18n.Languages"
	}
	for _, k := range alliance.AttachmentKinds {
		want["attachment."+string(k)] = "alliance.AttachmentKinds"
	}
	for _, a := range alliance.Articles {
		want["crc.article."+string(a)] = "alliance.Articles"
	}
	for _, c := range alliance.Clusters {
		want["crc.cluster."+string(c)] = "alliance.Clusters"
	}
	for _, f := range alliance.ActivityFields {
		want["export.col."+f.Export] = "alliance.ActivityFields"
	}
	for _, code := range []string{alliance.ECONFLICT, alliance.EINTERNAL, alliance.EINVALID, alliance.ENOTFOUND,
		alliance.ELOCKED, alliance.EINCOMPATIBLE, alliance.EDISKFULL, alliance.EUNAVAILABLE} {
		want["error."+code] = "alliance error codes"
	}
	for m := 1; m <= 12; m++ {
		want[fmt.Sprintf("month.%d", m)] = "i18n.Month"
	}
	for d := 0; d < 7; d++ {
		want[fmt.Sprintf("weekday.%d", d)] = "i18n.WeekdayShort"
	}

	// Literal keys in the code: arguments of T/Tf/N, and "validation.*" and
	// "error.*" strings of the domain and the store.
	keyLit := regexp.MustCompile(`^(validation|error)\.[a-z_]+$`)
	root := filepath.Join("..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if name := calleeName(x.Fun); (name == "T" || name == "Tf" || name == "N") && len(x.Args) > 0 {
					if s, ok := stringLit(x.Args[0]); ok {
						want[s] = fset.Position(x.Pos()).String()
					}
				}
			case *ast.BasicLit:
				if s, ok := stringLit(x); ok && keyLit.MatchString(s) {
					want[s] = fset.Position(x.Pos()).String()
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, where := range want {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q (used at %s) is missing from the locales", k, where)
		}
	}
}

func calleeName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && (x.Name == "i18n") {
			return f.Sel.Name
		}
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

func TestT(t *testing.T) {
	t.Cleanup(func() { _ = i18n.SetLanguage(i18n.Default) })
	for _, tc := range []struct {
		lang, want string
	}{{"az", "Yadda saxla"}, {"ru", "Сохранить"}, {"en", "Save"}} {
		if err := i18n.SetLanguage(tc.lang); err != nil {
			t.Fatal(err)
		}
		if got := i18n.T("form.save"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
	if err := i18n.SetLanguage("tr"); err == nil {
		t.Error("unsupported language accepted")
	}
	if got := i18n.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key gives %q", got)
	}
}

func TestN(t *testing.T) {
	t.Cleanup(func() { _ = i18n.SetLanguage(i18n.Default) })
	_ = i18n.SetLanguage("ru")
	for n, want := range map[int]string{
		1: "1 мероприятие", 2: "2 мероприятия", 5: "5 мероприятий", 11: "11 мероприятий",
		21: "21 мероприятие", 22: "22 мероприятия", 25: "25 мероприятий",
	} {
		if got := i18n.N("activities.count", n, nil); got != want {
			t.Errorf("ru %d: %q, want %q", n, got, want)
		}
	}
	_ = i18n.SetLanguage("en")
	if got := i18n.N("activities.count", 1, nil); got != "1 activity" {
		t.Errorf("en 1: %q", got)
	}
	if got := i18n.N("activities.count", 12345, nil); got != "12,345 activities" {
		t.Errorf("en 12345: %q", got)
	}
	_ = i18n.SetLanguage("az")
	if got := i18n.N("activities.count", 3, nil); got != "3 fəaliyyət" {
		t.Errorf("az 3: %q", got)
	}
}

func TestUpper(t *testing.T) {
	t.Cleanup(func() { _ = i18n.SetLanguage(i18n.Default) })
	_ = i18n.SetLanguage("az")
	if got := i18n.Upper("iştirakçıların şəkli"); got != "İŞTİRAKÇILARIN ŞƏKLİ" {
		t.Errorf("az upper: %q", got)
	}
	_ = i18n.SetLanguage("en")
	if got := i18n.Upper("iştirak"); got != "IŞTIRAK" {
		t.Errorf("en upper: %q", got)
	}
}

func TestSort(t *testing.T) {
	t.Cleanup(func() { _ = i18n.SetLanguage(i18n.Default) })
	_ = i18n.SetLanguage("az")
	ss := []string{"Şəki", "Zaqatala", "Ağdam", "Ələt", "Çinarlı", "Cəlilabad", "Sabirabad", "İsmayıllı", "Ismayıl", "Eyvazlı"}
	i18n.Sort(ss)
	want := "Ağdam,Cəlilabad,Çinarlı,Eyvazlı,Ələt,Ismayıl,İsmayıllı,Sabirabad,Şəki,Zaqatala"
	if got := strings.Join(ss, ","); got != want {
		t.Errorf("az order:\n got %s\nwant %s", got, want)
	}
}

func TestMonth(t *testing.T) {
	t.Cleanup(func() { _ = i18n.SetLanguage(i18n.Default) })
	_ = i18n.SetLanguage("az")
	if got := i18n.Month(time.June); got != "İyun" {
		t.Errorf("az June: %q", got)
	}
	_ = i18n.SetLanguage("ru")
	if got := i18n.WeekdayShort(time.Monday); got != "Пн" {
		t.Errorf("ru Monday: %q", got)
	}
	// A chart's month labels are told apart in every language (İyun and
	// İyul both began "İyu").
	for _, lang := range i18n.Languages {
		l := i18n.For(lang)
		seen := map[string]bool{}
		for m := 1; m <= 12; m++ {
			short := l.T(fmt.Sprintf("month.short.%d", m))
			if seen[short] || short == "" || len([]rune(short)) > 3 {
				t.Errorf("%s: month %d is %q on a chart", lang, m, short)
			}
			seen[short] = true
		}
	}
}

func TestDateTime(t *testing.T) {
	now := time.Now()
	if got := i18n.DateTime(now); got != now.Format("02.01.2006, 15:04") {
		t.Errorf("today's moment %q has no date", got)
	}
}

func TestLocalizer_Hours(t *testing.T) {
	for _, c := range []struct {
		lang string
		h    float64
		want string
	}{
		{"en", 1, "1 hour"}, {"en", 2, "2 hours"}, {"en", 12.5, "12.5 hours"}, {"en", 0.5, "0.5 hours"},
		{"az", 1, "1 saat"}, {"az", 12.5, "12,5 saat"},
		{"ru", 1, "1 ч."}, {"ru", 12.5, "12,5 ч."}, {"ru", 5, "5 ч."},
	} {
		if got := i18n.For(c.lang).Hours(c.h); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.lang, c.h, got, c.want)
		}
	}
}

func TestLocalizer_Place(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"az", 1, "1-ci yer"}, {"az", 3, "3-cü yer"}, {"az", 6, "6-cı yer"}, {"az", 9, "9-cu yer"}, {"az", 10, "10-cu yer"},
		{"az", 40, "40-cı yer"}, {"az", 100, "100-cü yer"}, {"az", 12, "12-ci yer"},
		{"ru", 2, "2-е место"},
		{"en", 1, "1st place"}, {"en", 2, "2nd place"}, {"en", 3, "3rd place"}, {"en", 11, "11th place"}, {"en", 22, "22nd place"},
	} {
		if got := i18n.For(c.lang).Place(c.n); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestLocalizer_Figure(t *testing.T) {
	for _, c := range []struct {
		lang string
		v    float64
		want string
	}{
		{"az", 33028, "33.028"}, {"ru", 33028, "33\u00a0028"}, {"en", 33028, "33,028"},
		{"az", 7.5, "7,5"}, {"ru", 7.5, "7,5"}, {"en", 7.5, "7.5"}, {"en", 12, "12"},
	} {
		if got := i18n.For(c.lang).Figure(c.v); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.lang, c.v, got, c.want)
		}
	}
}
