package demo

import (
	"bytes"
	"context"
	"fmt"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// demoPDF is a small valid PDF with text, for the library's demo files.
func demoPDF(title string) []byte {
	content := fmt.Sprintf("BT /F1 18 Tf 60 760 Td (%s) Tj ET", title)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := []int{}
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), s)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// library publishes the secretariat's manuals and a poster, each in the
// languages it has (made as its laptop would). Nothing is taken from the
// random source.
func library(ctx context.Context, svc Services) ([]alliance.Resource, error) {
	type version struct{ lang, title, file string }
	items := []struct {
		cat      alliance.ResourceCategory
		year     int
		crc      []alliance.Article
		versions []version
	}{
		{alliance.ResManual, 2023, []alliance.Article{"12", "13"}, []version{
			{"az", "Uşaq iştirakı: müəllimlər üçün dərslik", "istirak-az.pdf"},
			{"ru", "Участие детей: пособие для учителей", "uchastie-ru.pdf"},
			{"en", "Child participation: a manual for teachers", "participation-en.pdf"}}},
		{alliance.ResKit, 2024, []alliance.Article{"19"}, []version{
			{"az", "Zorakılığa yox: məktəb dəsti", "zorakiliga-yox.pdf"},
			{"ru", "Нет насилию: школьный набор", "net-nasiliyu.pdf"}}},
		{alliance.ResPoster, 2025, []alliance.Article{"42"}, []version{
			{"az", "Uşaq Hüquqları Konvensiyası plakatı", "konvensiya-plakat.pdf"}}},
	}
	var out []alliance.Resource
	for _, it := range items {
		r := alliance.Resource{Category: it.cat, Year: it.year, CRC: it.crc}
		for _, v := range it.versions {
			ref, err := svc.Files.AddFile(ctx, v.file, bytes.NewReader(demoPDF(v.file)), alliance.PurposeResource)
			if err != nil {
				return nil, fmt.Errorf("resource file %s: %w", v.file, err)
			}
			r.Versions = append(r.Versions, alliance.ResourceVersion{Lang: v.lang, Title: v.title, File: ref})
		}
		if err := svc.Library.CreateResource(ctx, &r); err != nil {
			return nil, fmt.Errorf("resource %q: %w", r.Versions[0].Title, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// uses notes that the i-th demo activity used a resource: trainings the
// manuals, campaign events the poster, with copies handed out.
func uses(a *alliance.Activity, i int, rs []alliance.Resource) {
	if len(rs) < 3 {
		return
	}
	switch a.Kind {
	case alliance.KindTraining, alliance.KindSeminar:
		a.Resources = []alliance.ResourceUse{{ResourceID: rs[i%2].ID, Copies: 10 + i%25}}
	case alliance.KindCampaign, alliance.KindMarch, alliance.KindExhibition:
		a.Resources = []alliance.ResourceUse{{ResourceID: rs[2].ID, Copies: 50 + 10*(i%10)}}
	}
}
