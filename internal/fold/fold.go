// Package fold gives text the form searches compare: lower case, without
// accents, with the Azerbaijani and Russian letters a keyboard may lack
// folded to the ones it has — so that "usaq" finds "uşaq" in the store's
// full-text index and in the screens' own lists alike.
package fold

import (
	"strings"
	"sync"
	"unicode"

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

// String returns s in the form the full-text index holds: lower case, ə→e,
// ı/İ/I→i, and every other accent removed (ş→s, ç→c, ğ→g, ö→o, ü→u, й→и).
func String(s string) string {
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
