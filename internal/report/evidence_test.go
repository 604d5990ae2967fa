package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// evidenceFixture is a store whose 2025 holds two activities tagged with
// articles of two clusters, one untagged, seven more under article 31, and
// outside the period or deleted ones that must not count.
func evidenceFixture(t *testing.T) (*sqlite.DB, report.Options) {
	t.Helper()
	db, err := sqlite.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	acts := sqlite.NewActivityService(db)
	add := func(title string, start alliance.Date, region string, crc []alliance.Article, r alliance.Reached, desc string) *alliance.Activity {
		a := &alliance.Activity{OrgID: orgA, Kind: alliance.KindTraining, Title: title, Start: start, End: start, RegionID: region,
			Settlement: "Şəki", Areas: []alliance.Area{alliance.AreaProtection}, CRC: crc, Reached: r, RecordedBy: "Gülnarə",
			Description: desc}
		if err := acts.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	long := "Məktəbdə <zorakılıq> & təhqir haqqında söhbət. " + strings.Repeat("Uşaqlar öz fikirlərini dedilər. ", 30)
	add("Şəkidə məktəb təlimi", alliance.NewDate(2025, 1, 10), "shaki-zagatala", []alliance.Article{"28", "19"},
		alliance.Reached{Girls: 12, Boys: 9, Women: 3, Disabled: 2}, long)
	add("Встреча с родителями", alliance.NewDate(2025, 3, 5), "baku", []alliance.Article{"19", "34"},
		alliance.Reached{Women: 14, Men: 6}, "")
	add("Etiketsiz görüş", alliance.NewDate(2025, 4, 1), "baku", nil, alliance.Reached{Girls: 50}, "")
	for i := range 7 {
		add("Uşaq teatrı", alliance.NewDate(2025, 5, 1+i), "baku", []alliance.Article{"31"}, alliance.Reached{Girls: 10 + i}, "")
	}
	add("Köhnə", alliance.NewDate(2024, 5, 1), "baku", []alliance.Article{"19"}, alliance.Reached{Girls: 1000}, "")
	gone := add("Silinmiş", alliance.NewDate(2025, 6, 1), "baku", []alliance.Article{"19"}, alliance.Reached{Girls: 1000}, "")
	if err := acts.DeleteActivity(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	regions, err := sqlite.NewRegionService(db).FindRegions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return db, report.Options{Lang: "az", Regions: regions, Orgs: map[string]string{orgA: "Uşaq Hüquqları QHT"}}
}

func TestCollectEvidence(t *testing.T) {
	db, _ := evidenceFixture(t)
	ev, err := report.CollectEvidence(context.Background(), sqlite.NewReportService(db), year, report.EvidenceExamples)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Activities != 10 || ev.Tagged != 9 {
		t.Fatalf("%d activities, %d tagged; want 10 and 9", ev.Activities, ev.Tagged)
	}
	got := map[alliance.Cluster]report.ClusterEvidence{}
	var order []alliance.Cluster
	for _, c := range ev.Clusters {
		got[c.Cluster] = c
		order = append(order, c.Cluster)
	}
	if strings.Join(codes(order), " ") != "V VIII IX" {
		t.Fatalf("clusters %v", order)
	}
	// V holds 19 (both) and 34 (the second): each activity once.
	v := got[alliance.ClusterViolence]
	if v.Activities != 2 || v.Reached.Children() != 21 || v.Reached.Women+v.Reached.Men != 23 || len(v.Regions) != 2 {
		t.Fatalf("cluster V: %+v", v.Reach)
	}
	if len(v.Articles) != 2 || v.Articles[0].Article != "19" || v.Articles[1].Article != "34" ||
		v.Articles[0].Activities != 2 || v.Articles[1].Activities != 1 {
		t.Fatalf("cluster V's articles: %+v", v.Articles)
	}
	if ix := got[alliance.ClusterSpecial]; ix.Activities != 1 || ix.Articles[0].Article != "34" {
		t.Fatalf("cluster IX: %+v", ix)
	}
	// VIII: 28 once, 31 seven times; five examples, those that reached most.
	viii := got[alliance.ClusterEducation]
	if viii.Activities != 8 {
		t.Fatalf("cluster VIII: %d activities", viii.Activities)
	}
	a31 := viii.Articles[1]
	if a31.Article != "31" || len(a31.Examples) != report.EvidenceExamples {
		t.Fatalf("article 31: %+v", a31)
	}
	for i, e := range a31.Examples {
		if want := 16 - i; e.Reached.Girls != want {
			t.Fatalf("example %d reached %d girls, want %d", i, e.Reached.Girls, want)
		}
	}
	ex := v.Articles[0].Examples
	if len(ex) != 2 || ex[0].Title != "Şəkidə məktəb təlimi" {
		t.Fatalf("article 19's examples: %+v", ex)
	}
	if n := utf8.RuneCountInString(ex[0].Description); n != 401 || !strings.HasSuffix(ex[0].Description, "…") {
		t.Fatalf("example description of %d letters", n)
	}
}

func codes(cs []alliance.Cluster) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// docxText reads a .docx back: every part must be well-formed XML and
// every part the package names must be there; it returns the document's
// paragraphs (their text) and the style of each.
func docxText(t *testing.T, b []byte) (paras, styles []string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], _ = io.ReadAll(r)
		r.Close()
		d := xml.NewDecoder(bytes.NewReader(parts[f.Name]))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/numbering.xml"} {
		if parts[name] == nil {
			t.Fatalf("no part %s", name)
		}
	}
	for _, style := range []string{"Title", "Heading1", "Heading2", "ListBullet", "TableGrid"} {
		if !bytes.Contains(parts["word/styles.xml"], []byte(`w:styleId="`+style+`"`)) {
			t.Errorf("style %s is used but not defined", style)
		}
	}
	d := xml.NewDecoder(bytes.NewReader(parts["word/document.xml"]))
	var cur strings.Builder
	style, inText := "", false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "p":
				cur.Reset()
				style = ""
			case "pStyle":
				style = x.Attr[0].Value
			case "t":
				inText = true
			}
		case xml.EndElement:
			switch x.Name.Local {
			case "p":
				paras, styles = append(paras, cur.String()), append(styles, style)
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				cur.Write(x)
			}
		}
	}
	return paras, styles
}

func TestWriteEvidence_DOCX(t *testing.T) {
	db, o := evidenceFixture(t)
	var buf bytes.Buffer
	if err := report.WriteEvidence(context.Background(), &buf, "docx", sqlite.NewReportService(db), year, o); err != nil {
		t.Fatal(err)
	}
	paras, styles := docxText(t, buf.Bytes())
	loc := i18n.For("az")
	byStyle := map[string][]string{}
	for i, p := range paras {
		byStyle[styles[i]] = append(byStyle[styles[i]], p)
	}
	if got := byStyle["Title"]; len(got) != 1 || got[0] != loc.T("evidence.title") {
		t.Fatalf("title %q", got)
	}
	want := []string{loc.Cluster("V"), loc.Cluster("VIII"), loc.Cluster("IX")}
	if got := byStyle["Heading1"]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("clusters %q, want %q", got, want)
	}
	if got := byStyle["Heading2"]; len(got) != 5 || got[0] != "Maddə 19 · Zorakılığın bütün formalarından müdafiə" {
		t.Fatalf("articles %q", got)
	}
	if n := len(byStyle["ListBullet"]); n != 2+1+1+5+1 {
		t.Fatalf("%d examples", n)
	}
	all := strings.Join(paras, "\n")
	for _, s := range []string{
		"Məktəbdə <zorakılıq> & təhqir", // escaped on the way, itself on the way back
		"10.01.2025 · Şəki, Şəki-Zaqatala",
		"(Uşaq Hüquqları QHT)",
		loc.Tf("evidence.untagged", map[string]any{"Untagged": "1"}),
		"01.01.2025 – 31.12.2025",
	} {
		if !strings.Contains(all, s) {
			t.Errorf("the document does not say %q", s)
		}
	}
	for _, s := range []string{"Köhnə", "Silinmiş", "Etiketsiz"} {
		if strings.Contains(all, s) {
			t.Errorf("the document names %q", s)
		}
	}
	if !bytes.Contains(buf.Bytes(), []byte("word/document.xml")) {
		t.Fatal("not a Word package")
	}
}

func TestWriteEvidence_XLSX(t *testing.T) {
	db, o := evidenceFixture(t)
	o.Lang = "ru"
	var buf bytes.Buffer
	if err := report.WriteEvidence(context.Background(), &buf, "xlsx", sqlite.NewReportService(db), year, o); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	loc := i18n.For("ru")
	rows, err := xf.GetRows(loc.T("evidence.sheet.figures"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range rows[5:] {
		lines = append(lines, strings.Join(r[:4], "|"))
	}
	want := []string{
		"evidence.col.cluster",
		loc.Cluster("V") + "||2|2",
		loc.Cluster("V") + "|" + loc.Article("19") + "|2|2",
		loc.Cluster("V") + "|" + loc.Article("34") + "|1|1",
		loc.Cluster("VIII") + "||8|2",
	}
	want[0] = loc.T("evidence.col.cluster") + "|" + loc.T("evidence.col.article") + "|" + loc.T("evidence.col.activities") + "|" + loc.T("evidence.col.regions")
	if strings.Join(lines[:5], "\n") != strings.Join(want, "\n") {
		t.Fatalf("figures:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	ex, err := xf.GetRows(loc.T("evidence.sheet.examples"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 1+2+1+1+5+1 {
		t.Fatalf("%d example rows", len(ex))
	}
	if ex[1][4] != "Şəkidə məktəb təlimi" || ex[1][2] != "10.01.2025" {
		t.Fatalf("first example %q", ex[1])
	}
}

// TestWriteEvidence_Empty: a period with nothing tagged still makes a
// document that says so.
func TestWriteEvidence_Empty(t *testing.T) {
	db, o := evidenceFixture(t)
	f := alliance.ReportFilter{From: alliance.NewDate(2020, 1, 1), To: alliance.NewDate(2020, 12, 31)}
	for _, format := range report.EvidenceFormats {
		var buf bytes.Buffer
		if err := report.WriteEvidence(context.Background(), &buf, format, sqlite.NewReportService(db), f, o); err != nil {
			t.Fatal(err)
		}
		if format == "docx" {
			paras, _ := docxText(t, buf.Bytes())
			if !strings.Contains(strings.Join(paras, "\n"), i18n.For("az").T("evidence.none")) {
				t.Fatalf("empty document: %q", paras)
			}
		}
	}
	if err := report.WriteEvidence(context.Background(), io.Discard, "odt", sqlite.NewReportService(db), f, o); err == nil {
		t.Fatal("an unknown format written")
	}
}
