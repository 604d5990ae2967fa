package sqlite

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/ngo-alliance/alliance/internal/fold"
)

// Fold returns s in the form the full-text index holds (fold.String).
func Fold(s string) string { return fold.String(s) }

// digraphs are the Latin spellings that English and Russian
// transliterations give Azerbaijani letters: "ushaq" is typed for "uşaq",
// "Khachmaz" for "Xaçmaz", "Aghdam" for "Ağdam".
var digraphs = strings.NewReplacer("sh", "s", "ch", "c", "kh", "x", "gh", "g", "zh", "j")

// queryWords are the words of what a user typed, folded; single letters
// are left out: they find nearly everything.
func queryWords(typed string) []string {
	var words []string
	for _, w := range strings.FieldsFunc(Fold(typed), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if utf8.RuneCountInString(w) >= 2 {
			words = append(words, w)
		}
	}
	return words
}

// ftsQuery turns what a user typed into an FTS5 query: every word must
// appear, as a prefix ("usaq hüq" finds "Uşaq hüquqları"), in its own
// spelling or with transliterated letters read as Azerbaijani ones
// ("ushaq" finds "uşaq"). It returns "" when nothing searchable is left.
func ftsQuery(typed string) string {
	var terms []string
	for _, w := range queryWords(typed) {
		if alt := digraphs.Replace(w); alt != w && utf8.RuneCountInString(alt) >= 2 {
			terms = append(terms, `("`+w+`"* OR "`+alt+`"*)`)
		} else {
			terms = append(terms, `"`+w+`"*`)
		}
	}
	return strings.Join(terms, " AND ")
}

var (
	collatorMu sync.Mutex
	collator   = collate.New(language.Azerbaijani)
	keyBuf     collate.Buffer
)

// titleKey returns the Azerbaijani collation key of s: comparing keys
// bytewise sorts titles as an Azerbaijani reader expects (Ç after C, Ə
// after E, İ after I).
func titleKey(s string) []byte {
	collatorMu.Lock()
	defer collatorMu.Unlock()
	k := collator.KeyFromString(&keyBuf, s)
	out := append([]byte(nil), k...)
	keyBuf.Reset()
	return out
}
