package report

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Evidence is what the alliance did, in a period and scope, for each
// cluster and article of the Convention: the heart of an alternative
// report to the UN Committee on the Rights of the Child.
type Evidence struct {
	Filter     alliance.ReportFilter
	Activities int               // the activities of the period
	Tagged     int               // of them, those tagged with an article
	Clusters   []ClusterEvidence // in the Committee's order, those with activities
}

// Reach is how many activities, in which regions, and whom they reached.
type Reach struct {
	Activities int
	Regions    []string // region ids, in alliance.RegionIDs order
	Reached    alliance.Reached
	regions    map[string]bool
}

// ClusterEvidence is one cluster: its reach (an activity counted once
// however many of its articles the cluster holds) and its articles.
type ClusterEvidence struct {
	Cluster alliance.Cluster
	Reach
	Articles []ArticleEvidence // in the Convention's order, those with activities
}

// ArticleEvidence is one article: its reach and its examples.
type ArticleEvidence struct {
	Article alliance.Article
	Reach
	// Examples are the activities that reached the most people (the later
	// first among equals), at most the number asked for.
	Examples []*alliance.Activity
}

// EvidenceExamples is how many activities an article gives as examples.
const EvidenceExamples = 5

// exampleText is how much of an example's description is kept.
const exampleText = 400

func (r *Reach) add(a *alliance.Activity) {
	r.Activities++
	r.Reached.Girls += a.Reached.Girls
	r.Reached.Boys += a.Reached.Boys
	r.Reached.Women += a.Reached.Women
	r.Reached.Men += a.Reached.Men
	r.Reached.Disabled += a.Reached.Disabled
	if r.regions == nil {
		r.regions = map[string]bool{}
	}
	r.regions[a.RegionID] = true
}

func (r *Reach) finish() {
	for _, id := range alliance.RegionIDs {
		if r.regions[id] {
			r.Regions = append(r.Regions, id)
		}
	}
	for id := range r.regions { // a region of a newer version, last
		if !slices.Contains(alliance.RegionIDs, id) && id != "" {
			r.Regions = append(r.Regions, id)
		}
	}
}

// better tells whether a is a better example than b: more people reached,
// then later.
func better(a, b *alliance.Activity) bool {
	if ta, tb := a.Reached.Total(), b.Reached.Total(); ta != tb {
		return ta > tb
	}
	return a.Start.After(b.Start)
}

// example keeps a copy of a among the best n of ex.
func example(ex []*alliance.Activity, a *alliance.Activity, n int) []*alliance.Activity {
	if n <= 0 || (len(ex) == n && !better(a, ex[n-1])) {
		return ex
	}
	c := *a // the service may reuse a
	c.Areas, c.Audiences, c.CRC = slices.Clone(a.Areas), slices.Clone(a.Audiences), slices.Clone(a.CRC)
	if r := []rune(c.Description); len(r) > exampleText {
		c.Description = strings.TrimSpace(string(r[:exampleText])) + "…"
	}
	c.Results, c.FollowUp = "", ""
	i := len(ex)
	for i > 0 && better(&c, ex[i-1]) {
		i--
	}
	ex = slices.Insert(ex, i, &c)
	if len(ex) > n {
		ex = ex[:n]
	}
	return ex
}

// CollectEvidence reads the filter's activities once and groups them by
// cluster and article, keeping examples of each article.
func CollectEvidence(ctx context.Context, src alliance.ReportService, f alliance.ReportFilter, examples int) (*Evidence, error) {
	ev := &Evidence{Filter: f}
	clusters := map[alliance.Cluster]*ClusterEvidence{}
	articles := map[alliance.Article]*ArticleEvidence{}
	err := src.EachActivity(ctx, f, func(a *alliance.Activity) error {
		ev.Activities++
		tagged := false
		for _, code := range a.CRC {
			if _, ok := alliance.LookupArticle(code); !ok {
				continue // an article of a newer version
			}
			tagged = true
			ae := articles[code]
			if ae == nil {
				ae = &ArticleEvidence{Article: code}
				articles[code] = ae
			}
			ae.add(a)
			ae.Examples = example(ae.Examples, a, examples)
		}
		if !tagged {
			return nil
		}
		ev.Tagged++
		for _, c := range alliance.ArticleClusters(a.CRC) {
			ce := clusters[c]
			if ce == nil {
				ce = &ClusterEvidence{Cluster: c}
				clusters[c] = ce
			}
			ce.add(a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("collect evidence: %w", err)
	}
	for _, c := range alliance.Clusters {
		ce := clusters[c]
		if ce == nil {
			continue
		}
		ce.finish()
		for _, art := range alliance.ClusterArticles(c) {
			if ae := articles[art.Code]; ae != nil {
				ae.finish()
				ae.regions = nil
				ce.Articles = append(ce.Articles, *ae)
			}
		}
		ev.Clusters = append(ev.Clusters, *ce)
	}
	return ev, nil
}

// EvidenceFormats are the kinds of file the evidence is written as.
var EvidenceFormats = []string{"docx", "xlsx"}

// WriteEvidence writes the evidence of the filter as a Word document the
// secretariat edits (docx) or as an Excel workbook (xlsx).
func WriteEvidence(ctx context.Context, w io.Writer, format string, src alliance.ReportService, f alliance.ReportFilter, o Options) error {
	ev, err := CollectEvidence(ctx, src, f, EvidenceExamples)
	if err != nil {
		return err
	}
	x := newExporter(o)
	switch strings.ToLower(format) {
	case "docx":
		return x.evidenceDOCX(w, ev)
	case "xlsx":
		return x.evidenceXLSX(w, ev)
	}
	return fmt.Errorf("unknown evidence format %q: docx or xlsx", format)
}

// reachLine says a reach in one line: activities, regions, people.
func (x *exporter) reachLine(r Reach) string {
	names := make([]string, len(r.Regions))
	for i, id := range r.Regions {
		names[i] = x.region(id)
	}
	return x.loc.Tf("evidence.reach", map[string]any{
		"Activities": x.loc.Number(r.Activities), "Regions": x.loc.Number(len(r.Regions)),
		"RegionNames": strings.Join(names, ", "), "Children": x.loc.Number(r.Reached.Children()),
		"Adults": x.loc.Number(r.Reached.Women + r.Reached.Men), "Disabled": x.loc.Number(r.Reached.Disabled)})
}

// place is an example's dates and place: "30.11.2026 · Masazır, Abşeron-Xızı".
func (x *exporter) place(a *alliance.Activity) string {
	when := a.Start.DMY()
	if a.End != a.Start && !a.End.IsZero() {
		when += "–" + a.End.DMY()
	}
	where := x.region(a.RegionID)
	if a.Settlement != "" {
		where = a.Settlement + ", " + where
	}
	return when + " · " + where
}

// exampleLine is what an example says after its place.
func (x *exporter) exampleLine(a *alliance.Activity) string {
	s := " — " + a.Title
	if org := x.o.Orgs[a.OrgID]; org != "" {
		s += " (" + org + ")"
	}
	s += ". " + x.loc.Tf("evidence.example_reached", map[string]any{
		"Children": x.loc.Number(a.Reached.Children()), "Adults": x.loc.Number(a.Reached.Women + a.Reached.Men)})
	if a.Description != "" {
		s += " " + a.Description
	}
	return s
}

// evidenceDOCX writes the evidence as a Word document: an overview table,
// then a heading per cluster and per article with its reach and examples.
func (x *exporter) evidenceDOCX(w io.Writer, ev *Evidence) error {
	var d docx
	period, scope := x.title(&alliance.Summary{Filter: ev.Filter})
	d.Title(x.loc.T("evidence.title"))
	d.Para(x.loc.T("export.col.period") + ": " + period)
	d.Para(x.loc.T("export.col.scope") + ": " + scope)
	if by := x.madeBy(); by != "" {
		d.Para(by)
	}
	d.Para(x.loc.Tf("evidence.overview", map[string]any{
		"Activities": x.loc.Number(ev.Activities), "Tagged": x.loc.Number(ev.Tagged)}))
	if n := ev.Activities - ev.Tagged; n > 0 {
		d.Para(x.loc.Tf("evidence.untagged", map[string]any{"Untagged": x.loc.Number(n)}))
	}
	if len(ev.Clusters) == 0 {
		d.Para(x.loc.T("evidence.none"))
	} else {
		rows := [][]string{x.evidenceHeader()[:6]}
		for _, c := range ev.Clusters {
			rows = append(rows, []string{x.loc.Cluster(c.Cluster), x.loc.Number(c.Activities), x.loc.Number(len(c.Regions)),
				x.loc.Number(c.Reached.Children()), x.loc.Number(c.Reached.Women + c.Reached.Men), x.loc.Number(c.Reached.Disabled)})
		}
		d.Table(rows)
	}
	for _, c := range ev.Clusters {
		d.Heading1(x.loc.Cluster(c.Cluster))
		d.Para(x.reachLine(c.Reach))
		for _, a := range c.Articles {
			d.Heading2(x.loc.Article(a.Article))
			d.Para(x.reachLine(a.Reach))
			for _, e := range a.Examples {
				d.Item(x.place(e), x.exampleLine(e))
			}
		}
	}
	return d.WriteTo(w, x.o.Lang)
}

// evidenceHeader are the columns of the evidence's figures.
func (x *exporter) evidenceHeader() []string {
	var out []string
	for _, k := range []string{"cluster", "activities", "regions", "children", "adults", "disabled", "article",
		"girls", "boys", "women", "men", "region_names"} {
		out = append(out, x.loc.T("evidence.col."+k))
	}
	return out
}
