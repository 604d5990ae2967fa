package chart_test

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/chart"
)

func charts() map[string]*chart.Chart {
	return map[string]*chart.Chart{
		"kinds":   {Title: "Fəaliyyətlər növlərə görə", Kind: chart.Bars, Labels: []string{"Təlim", "Seminar", "Görüş", "Konfrans"}, Values: []float64{42, 17, 9, 3}},
		"regions": {Title: "Регионы", Kind: chart.HBars, Labels: []string{"Bakı", "Şəki-Zaqatala", "Нагорный Ширван", "Lənkəran-Astara"}, Values: []float64{120, 45, 7, 0}},
		"months":  {Title: "Activities by month", Kind: chart.Line, Labels: []string{"Yan", "Fev", "Mar", "Apr", "May", "İyn"}, Values: []float64{3, 8, 5, 12, 0, 4}},
		"people": {Title: "Əhatə olunanlar", Kind: chart.Bars, Labels: []string{"Qızlar", "Oğlanlar", "Qadınlar", "Kişilər"}, Values: []float64{1250, 1100, 430, 210},
			Colors: []color.Color{color.NRGBA{0xd9, 0x4f, 0x8a, 0xff}, color.NRGBA{0x1d, 0x5f, 0xa8, 0xff}}},
		"empty": {Title: "Nothing", Kind: chart.Bars},
	}
}

// TestChart_PNG draws every kind of chart; with ALLIANCE_CHARTS set, the
// pictures are written there to be looked at.
func TestChart_PNG(t *testing.T) {
	out := os.Getenv("ALLIANCE_CHARTS")
	for name, c := range charts() {
		b, err := c.PNG(420, 260, 2)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds(); got.Dx() != 840 || got.Dy() != 520 {
			t.Fatalf("%s: %v", name, got)
		}
		inked := 0
		for y := 0; y < 520; y += 2 {
			for x := 0; x < 840; x += 2 {
				if r, g, b, _ := img.At(x, y).RGBA(); r < 0xe000 || g < 0xe000 || b < 0xe000 {
					inked++
				}
			}
		}
		if name != "empty" && inked < 2000 {
			t.Errorf("%s: almost nothing drawn (%d)", name, inked)
		}
		if out != "" {
			os.WriteFile(filepath.Join(out, name+".png"), b, 0o644)
		}
	}
}
