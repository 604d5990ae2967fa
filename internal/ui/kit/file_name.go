package kit

import "strings"

// SafeFileName makes a file name of s: no path separators or reserved
// marks (Windows' included).
func SafeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '_'
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
