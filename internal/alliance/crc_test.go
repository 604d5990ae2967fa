package alliance_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// TestCRCArticles: the clusters hold the articles of the Committee's
// guidelines (CRC/C/58/Rev.3, as in the alliance's reference), every
// article 1–42 can be tagged, codes are unique and an article under two
// clusters is reported under both.
func TestCRCArticles(t *testing.T) {
	want := map[alliance.Cluster][]alliance.Article{
		"I":    {"4", "41", "42", "44.6"},
		"II":   {"1"},
		"III":  {"2", "3", "6", "12"},
		"IV":   {"7", "8", "13", "14", "15", "16", "17", "37.a"},
		"V":    {"19", "24.3", "28.2", "34", "37.a", "39"},
		"VI":   {"5", "9", "10", "11", "18", "20", "21", "25", "27.4"},
		"VII":  {"6", "18.3", "23", "24", "26", "27", "33"},
		"VIII": {"28", "29", "30", "31"},
		"IX":   {"22", "30", "32", "33", "34", "35", "36", "37", "38", "39", "40", "opsc", "opac"},
	}
	if len(alliance.Clusters) != 9 {
		t.Fatalf("%d clusters", len(alliance.Clusters))
	}
	for _, c := range alliance.Clusters {
		var got []alliance.Article
		for _, a := range alliance.ClusterArticles(c) {
			got = append(got, a.Code)
		}
		if !reflect.DeepEqual(got, want[c]) {
			t.Errorf("cluster %s: %v, want %v", c, got, want[c])
		}
	}
	seen := map[alliance.Article]bool{}
	numbers := map[string]bool{}
	for _, a := range alliance.CRCArticles {
		if seen[a.Code] || numbers[a.Number] {
			t.Errorf("%s (%s) twice", a.Code, a.Number)
		}
		seen[a.Code], numbers[a.Number] = true, true
		if len(a.Clusters) == 0 {
			t.Errorf("%s in no cluster", a.Code)
		}
	}
	for n := 1; n <= 42; n++ {
		code := alliance.Article(strconv.Itoa(n))
		if n == 37 {
			code = "37.a" // 37(b)–(d) is "37"
		}
		if !seen[code] {
			t.Errorf("article %d cannot be tagged", n)
		}
	}
	for area, arts := range alliance.AreaArticles {
		for _, a := range arts {
			if !seen[a] {
				t.Errorf("area %s suggests unknown article %s", area, a)
			}
		}
	}
	for _, area := range alliance.Areas {
		if len(alliance.AreaArticles[area]) == 0 {
			t.Errorf("area %s suggests no article", area)
		}
	}
	got := alliance.ArticleClusters([]alliance.Article{"39", "28", "nope", "19"})
	if !reflect.DeepEqual(got, []alliance.Cluster{"V", "VIII", "IX"}) {
		t.Fatalf("clusters of 39, 28, 19: %v", got)
	}
}

// TestActivity_ValidateCRC: an article not in the Convention, or one
// twice, is refused on the field.
func TestActivity_ValidateCRC(t *testing.T) {
	a := &alliance.Activity{Kind: alliance.KindTraining, Title: "t", Start: alliance.NewDate(2025, 3, 3),
		End: alliance.NewDate(2025, 3, 3), RegionID: "baku", Areas: []alliance.Area{alliance.AreaEducation},
		RecordedBy: "Aynur", CRC: []alliance.Article{"28", "29"}}
	if err := a.ValidateAt(alliance.NewDate(2025, 6, 1)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]alliance.Article{{"99"}, {"28", "28"}, {""}, {"19; DROP"}} {
		a.CRC = bad
		err := a.ValidateAt(alliance.NewDate(2025, 6, 1))
		fs := alliance.ErrorFields(err)
		if len(fs) != 1 || fs[0].Field != alliance.FieldCRC {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestActivity_ValidateAttachments: files that are not pictures or PDFs,
// over their limits, broken, twice or too many are refused on the field.
func TestActivity_ValidateAttachments(t *testing.T) {
	ok := func(n int) alliance.Attachment {
		return alliance.Attachment{FileRef: alliance.FileRef{Hash: strings.Repeat(strconv.Itoa(n%10), 64), Name: "foto.jpg",
			Type: alliance.TypeJPEG, Size: 1000}, Kind: alliance.AttachPhoto}
	}
	a := &alliance.Activity{Kind: alliance.KindTraining, Title: "t", Start: alliance.NewDate(2025, 3, 3),
		End: alliance.NewDate(2025, 3, 3), RegionID: "baku", Areas: []alliance.Area{alliance.AreaEducation},
		RecordedBy: "Aynur", Attachments: []alliance.Attachment{ok(1), ok(2)}}
	if err := a.ValidateAt(alliance.NewDate(2025, 6, 1)); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(x *alliance.Attachment){
		"film":      func(x *alliance.Attachment) { x.Type = alliance.TypeMP4 },
		"big PDF":   func(x *alliance.Attachment) { x.Type, x.Size = alliance.TypePDF, alliance.MaxAttachmentPDF+1 },
		"big photo": func(x *alliance.Attachment) { x.Size = alliance.MaxImageBytes + 1 },
		"no hash":   func(x *alliance.Attachment) { x.Hash = "../../etc/passwd" },
		"no name":   func(x *alliance.Attachment) { x.Name = " " },
		"no kind":   func(x *alliance.Attachment) { x.Kind = "selfie" },
		"empty":     func(x *alliance.Attachment) { x.Size = 0 },
	} {
		x := ok(3)
		change(&x)
		a.Attachments = []alliance.Attachment{ok(1), x}
		fs := alliance.ErrorFields(a.ValidateAt(alliance.NewDate(2025, 6, 1)))
		if len(fs) != 1 || fs[0].Field != alliance.FieldAttachments {
			t.Errorf("%s: %v", name, fs)
		}
	}
	a.Attachments = []alliance.Attachment{ok(1), ok(1)}
	if fs := alliance.ErrorFields(a.ValidateAt(alliance.NewDate(2025, 6, 1))); len(fs) != 1 {
		t.Errorf("the same file twice: %v", fs)
	}
	a.Attachments = nil
	for i := 0; i <= alliance.MaxAttachments; i++ {
		x := ok(i)
		x.Hash = strings.Repeat("a", 62) + strconv.Itoa(10+i)
		a.Attachments = append(a.Attachments, x)
	}
	if fs := alliance.ErrorFields(a.ValidateAt(alliance.NewDate(2025, 6, 1))); len(fs) != 1 || fs[0].Key != "validation.too_many_files" {
		t.Errorf("%d files: %v", len(a.Attachments), fs)
	}
	if !(alliance.Attachment{Children: true}).Private() || (alliance.Attachment{Children: true, Consent: true}).Private() {
		t.Fatal("Private")
	}
}
