package kit

import (
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/locales"
)

// fyneLocales are the locales Fyne ships translations for, plus English.
// Fyne picks one of them (or the system's) at start and offers no way to
// switch at run time, so SetLanguage overwrites the texts of all of them,
// and of the system locale, with the chosen language's texts of
// locales/fyne/. Whatever Fyne picked, its own widgets (Cancel, Copy,
// Paste, weekday names…) then speak the app's language.
var fyneLocales = []fyne.Locale{"en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

// SetLanguage switches the app's own texts and Fyne's widget texts to code.
func SetLanguage(code string) {
	if err := i18n.SetLanguage(code); err != nil {
		log.Printf("kit: %v", err)
		return
	}
	data, err := locales.FS.ReadFile("fyne/" + code + ".json")
	if err != nil {
		log.Printf("kit: fyne texts for %s: %v", code, err)
		return
	}
	for _, l := range append(fyneLocales, lang.SystemLocale()) {
		if err := lang.AddTranslationsForLocale(data, l); err != nil {
			log.Printf("kit: fyne texts for %s as %s: %v", code, l, err)
		}
	}
}
