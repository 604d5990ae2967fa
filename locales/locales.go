// Package locales embeds the app's translation files: az.json, ru.json and
// en.json (go-i18n JSON, CLDR plural forms) and fyne/*.json, the Azerbaijani,
// Russian and English texts of Fyne's own widgets (Cancel, Copy, weekdays…).
package locales

import "embed"

// FS holds every translation file.
//
//go:embed *.json fyne/*.json
var FS embed.FS
