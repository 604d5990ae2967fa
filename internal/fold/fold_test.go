package fold_test

import (
	"testing"

	"github.com/ngo-alliance/alliance/internal/fold"
)

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"Uşaq Hüquqları": "usaq huquqlari", "ƏLİYEVA": "eliyeva", "Ağdam İnkişaf": "agdam inkisaf",
		"Ёлка и Йошкар": "елка и иошкар", "Şəki-Zaqatala": "seki-zaqatala", "": "",
	} {
		if got := fold.String(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
