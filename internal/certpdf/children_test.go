package certpdf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/certpdf"
)

func TestWriteChildren_Text(t *testing.T) {
	need(t, "pdftotext")
	cs := []certpdf.ChildCertificate{
		{Name: "Gülnarə İsmayılova", WorkTitle: "Evimiz və həyətimiz", Category: alliance.CatDrawing, AgeGroup: "7–10",
			ContestTitle: "Mənim hüquqlarım", Winner: true, Rank: 3, OrgName: "Şəki Uşaq Mərkəzi",
			Date: alliance.NewDate(2025, 6, 1), Code: "K7QM-4ZXD", Languages: "az+en"},
		{Name: "Ilqar Çələbi", WorkTitle: "Бакинский дворик", Category: alliance.CatFilm, AgeGroup: "11–14",
			ContestTitle: "Mənim hüquqlarım", OrgName: "Quba QHT", Date: alliance.NewDate(2025, 6, 1), Code: "9ZX2-QQ4T", Languages: "ru+en"},
	}
	path := filepath.Join(t.TempDir(), "children.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := certpdf.WriteChildren(f, cs, certpdf.Options{}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"Gülnarə İsmayılova", "Ilqar Çələbi", "DİPLOM", "DIPLOMA", "3-cü yer / 3rd place", "«Evimiz və həyətimiz»",
		"«Бакинский дворик»", "СЕРТИФИКАТ УЧАСТНИКА", "CERTIFICATE OF PARTICIPATION", "Минутный фильм", "Mənim hüquqlarım",
		"Şəki Uşaq Mərkəzi", "K7QM-4ZXD", "01.06.2025"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "yer") && strings.Count(text, "place") > 1 {
		t.Error("a participant's certificate names a place")
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
	if n := pagesOf(t, path); n != 2 {
		t.Errorf("%d pages, want 2", n)
	}
}
