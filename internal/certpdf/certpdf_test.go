package certpdf_test

import (
	"bytes"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/certpdf"
)

var names = []string{"Şəhla Əliyeva", "Gülnarə İsmayılova", "Ilqar Çələbi", "Анна Ковальчук"}

func certs(n int) []alliance.Certificate {
	var out []alliance.Certificate
	for i := 0; i < n; i++ {
		out = append(out, alliance.Certificate{
			Serial: "7F3A-3C91D2E0-" + strconv.Itoa(10000+i), Code: "K7QM4ZXD", HolderName: names[i%len(names)],
			TrainingTitle: "Uşaq hüquqları üzrə təlim: iştirakçıların hüquqları və məsuliyyəti",
			Hours:         12.5, From: alliance.NewDate(2025, 3, 3), To: alliance.NewDate(2025, 3, 5),
			Place: "Şəki, Gənclər evi", OrgName: "Şəki Uşaq Hüquqları Mərkəzi", Languages: "az+en",
			Signatories: "Aynur Məmmədova, təlimçi\nRəşad Hüseynov, sədr", IssuedAt: time.Now(),
		})
	}
	return out
}

func verifyURL(c *alliance.Certificate) string {
	return "https://alliance.example.az/verify/" + c.Serial + "?c=" + c.Code
}

// need skips the test when a poppler tool is missing (.ci/run installs it).
func need(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s is needed (poppler-utils; .ci/deps installs it)", tool)
	}
}

func write(t *testing.T, cs []alliance.Certificate) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	if err := certpdf.Write(f, cs, certpdf.Options{VerifyURL: verifyURL, Progress: func(done, total int) { pages = done }}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if pages != len(cs) {
		t.Fatalf("progress reached %d of %d", pages, len(cs))
	}
	return path
}

func TestWrite_Text(t *testing.T) {
	need(t, "pdftotext")
	path := write(t, certs(4))
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range append(names, "SERTİFİKAT", "CERTIFICATE", "Şəki Uşaq Hüquqları Mərkəzi", "12,5 saat", "12.5 hours",
		"03.03.2025 – 05.03.2025", "7F3A-3C91D2E0-10002", "Aynur Məmmədova", "təlimçi") {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if pagesOf(t, path) != 4 || !strings.Contains(string(info), "841.89 x 595.28") { // A4 landscape
		t.Errorf("pdfinfo:\n%s", info)
	}
}

func TestWrite_QR(t *testing.T) {
	need(t, "pdftoppm")
	cs := certs(2)
	path := write(t, cs)
	prefix := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-f", "2", "-l", "2", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	matches, _ := filepath.Glob(prefix + "*.png")
	if len(matches) != 1 {
		t.Fatalf("rendered %v", matches)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code found on page 2: %v", err)
	}
	if got, want := res.GetText(), verifyURL(&cs[1]); got != want {
		t.Fatalf("QR says %q, want %q", got, want)
	}
}

func TestWrite_Cancelled(t *testing.T) {
	var buf bytes.Buffer
	n := 0
	err := certpdf.Write(&buf, certs(10), certpdf.Options{Cancelled: func() bool { n++; return n > 3 }})
	if err != certpdf.ErrCancelled {
		t.Fatalf("err %v", err)
	}
}

// BenchmarkWrite1000 prints 1,000 certificates into one PDF (target ≤ 3 s,
// file ≤ 5 MB).
func BenchmarkWrite1000(b *testing.B) {
	cs := certs(1000)
	for range b.N {
		var buf bytes.Buffer
		start := time.Now()
		if err := certpdf.Write(&buf, cs, certpdf.Options{VerifyURL: verifyURL}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "seconds")
		b.ReportMetric(float64(buf.Len())/1e6, "MB")
	}
}

// pagesOf reads a PDF's page count with pdfinfo.
func pagesOf(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
