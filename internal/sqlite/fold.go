package sqlite

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// letterFold maps letters that Unicode does not decompose into a base
// letter plus a mark, so that text typed on a keyboard without Azerbaijani
// (or Russian) letters still matches.
var letterFold = strings.NewReplacer(
	"ə", "e", "Ə", "e",
	"ı", "i", "I", "i", "İ", "i",
	"ё", "е", "Ё", "е",
)

var foldPool = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Fold returns s in the form the full-text index holds: lower case, ə→e,
// ı/İ/I→i, and every other accent removed (ş→s, ç→c, ğ→g, ö→o, ü→u, й→и).
func Fold(s string) string {
	s = letterFold.Replace(s)
	t := foldPool.Get().(transform.Transformer)
	defer foldPool.Put(t)
	t.Reset()
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

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
