package contests

import (
	"bytes"
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/certpdf"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/osprint"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// resultsTab ranks a contest's entries per category and age group. The
// secretariat sees the ranking as the scores come in — ties shown, entries
// the judges disagree on flagged — and publishes it; members see their
// own entries' results once published, and print the children's
// certificates.
type resultsTab struct {
	v        *contestView
	box      *fyne.Container
	actions  *fyne.Container
	langs    *widget.Select
	status   *widget.Label
	progress *widget.ProgressBar
	content  *fyne.Container
	entries  []alliance.EntrySummary // this laptop's to print
}

func newResultsTab(v *contestView) *resultsTab {
	r := &resultsTab{v: v, box: container.NewVBox(), actions: container.NewVBox(), status: widget.NewLabel(""), progress: widget.NewProgressBar()}
	r.progress.Hide()
	r.status.Wrapping = fyne.TextWrapWord
	r.langs = widget.NewSelect(kit.LanguagePairLabels(), nil)
	r.langs.SetSelectedIndex(0)
	top := container.NewVBox(r.actions, r.progress, r.status)
	// Both ways: on a small screen the ranking is wider than the pane.
	r.content = container.NewBorder(top, nil, nil, nil, container.NewScroll(container.NewPadded(r.box)))
	return r
}

func (r *resultsTab) object() fyne.CanvasObject { return r.content }

// reload reads the ranking (secretariat) or this organisation's results.
func (r *resultsTab) reload() {
	u := r.v.s.u
	c := r.v.contest
	sec := u.Secretariat()
	var rs []alliance.Result
	var entries []alliance.EntrySummary
	var fresh *alliance.Contest
	u.Background(func(ctx context.Context) (err error) {
		if fresh, err = u.Services().Contests.FindContestByID(ctx, c.ID); err != nil {
			return err
		}
		f := alliance.EntryFilter{ContestID: c.ID}
		if !sec {
			f.OrgID = u.OrgID()
		}
		if entries, err = u.Services().Contests.FindEntries(ctx, f); err != nil || !sec {
			return err
		}
		rs, err = u.Services().Contests.Results(ctx, c.ID)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		r.v.contest = fresh
		r.render(rs, entries, sec)
	})
}

func (r *resultsTab) render(rs []alliance.Result, entries []alliance.EntrySummary, sec bool) {
	c := r.v.contest
	r.box.Objects, r.actions.Objects, r.entries = nil, nil, nil
	byID := map[string]*alliance.EntrySummary{}
	for i := range entries {
		byID[entries[i].ID] = &entries[i]
		if entries[i].State == alliance.StateWinner || entries[i].State == alliance.StateParticipant {
			r.entries = append(r.entries, entries[i])
		}
	}
	if c.Published {
		r.status.SetText(i18n.Tf("results.published", i18n.Args{"Date": i18n.DateTime(c.PublishedAt)}))
		if len(r.entries) > 0 {
			print := widget.NewButtonWithIcon(i18n.T("results.certificates"), theme.DocumentPrintIcon(), r.printCertificates)
			print.Importance = widget.HighImportance
			// As on a training's certificates: the languages, the button
			// under them (both fit a narrow screen).
			r.actions.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewLabel(i18n.T("certificates.languages")), nil, r.langs),
				container.NewHBox(print)}
		}
	} else if sec {
		r.status.SetText(i18n.T("results.not_published_sec"))
		publish := widget.NewButtonWithIcon(i18n.T("results.publish"), theme.UploadIcon(), func() { r.publish(rs) })
		publish.Importance = widget.HighImportance
		r.actions.Objects = []fyne.CanvasObject{container.NewHBox(publish)}
	} else {
		r.status.SetText(i18n.T("results.not_published"))
	}
	r.content.Refresh() // the actions' height changed: lay the top out again
	if sec {
		r.rankingTable(rs, byID)
	} else if c.Published {
		r.ownResults()
	}
	r.box.Refresh()
}

// rankingTable shows each category and age group's ranking.
func (r *resultsTab) rankingTable(rs []alliance.Result, byID map[string]*alliance.EntrySummary) {
	u := r.v.s.u
	c := r.v.contest
	if len(rs) == 0 {
		r.box.Add(kit.Wrapped(i18n.T("results.empty")))
		return
	}
	// The columns are as wide as their widest cell, in every group alike.
	widths := make([]float32, 7)
	cols := kit.NewColumnsLayout(widths)
	var cells []fyne.CanvasObject
	row := func(objs ...fyne.CanvasObject) {
		cells = append(cells, objs...)
		r.box.Add(container.New(cols, objs...))
	}
	head := func(keys ...string) {
		var objs []fyne.CanvasObject
		for _, k := range keys {
			objs = append(objs, widget.NewLabelWithStyle(i18n.T(k), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		}
		row(objs...)
	}
	group := ""
	for _, res := range rs {
		if g := string(res.Category) + "/" + res.AgeGroupID; g != group {
			group = g
			label := i18n.T("category." + string(res.Category))
			if ag, ok := c.AgeGroupByID(res.AgeGroupID); ok {
				label += " · " + ageGroupLabel(ag)
			}
			r.box.Add(kit.Heading(label))
			head("results.col.place", "results.col.code", "results.col.name", "results.col.score", "results.col.judges", "results.col.spread", "results.col.note")
		}
		place := "—"
		if res.Rank > 0 {
			place = fmt.Sprint(res.Rank)
			if res.Tied {
				place = "=" + place
			}
		}
		name := ""
		if e := byID[res.EntryID]; e != nil && c.Published {
			name = e.NameFor(u.OrgID()) // the jury's choice is made: names may show
		}
		note := ""
		switch {
		case res.Judges == 0:
			note = i18n.T("results.unjudged")
		case res.Disputed:
			note = "⚠ " + i18n.T("results.disputed")
		case res.Rank > 0 && res.Rank <= c.Winners && c.Published:
			note = i18n.T("entry.state.winner")
		case res.Rank > 0 && res.Rank <= c.Winners:
			note = i18n.T("results.winning_place")
		}
		score := "—"
		if res.Judges > 0 {
			score = i18n.Decimal(res.Score)
		}
		var objs []fyne.CanvasObject
		for _, text := range []string{place, res.Code, name, score, fmt.Sprint(res.Judges), i18n.Decimal(res.Spread), note} {
			objs = append(objs, widget.NewLabel(text))
		}
		if res.Disputed {
			objs[6].(*widget.Label).Importance = widget.WarningImportance
		}
		row(objs...)
	}
	for i, c := range cells {
		widths[i%7] = max(widths[i%7], c.MinSize().Width)
	}
}

// ownResults lists this organisation's published entries.
func (r *resultsTab) ownResults() {
	u := r.v.s.u
	if len(r.entries) == 0 {
		r.box.Add(kit.Wrapped(i18n.T("results.none_of_ours")))
		return
	}
	for _, e := range r.entries {
		line := e.Code + " · " + e.NameFor(u.OrgID()) + " · " + i18n.T("category."+string(e.Category)) + " · " + i18n.T("entry.state."+string(e.State))
		if e.State == alliance.StateWinner && e.Rank > 0 {
			line += " · " + i18n.Place(e.Rank)
		}
		l := kit.Wrapped(line)
		if e.State == alliance.StateWinner {
			l.TextStyle.Bold = true
		}
		r.box.Add(l)
	}
}

// publish asks, then writes the results to every judged entry.
func (r *resultsTab) publish(rs []alliance.Result) {
	u := r.v.s.u
	disputed := 0
	for _, res := range rs {
		if res.Disputed {
			disputed++
		}
	}
	body := i18n.T("results.publish.body")
	if disputed > 0 {
		body = i18n.N("results.publish.disputed", disputed, nil) + "\n\n" + body
	}
	kit.Confirm(u.Window(), i18n.T("results.publish"), body, i18n.T("results.publish"), i18n.T("form.cancel"), func(ok bool) {
		if !ok {
			return
		}
		id := r.v.contest.ID
		u.Background(func(ctx context.Context) error { return u.Services().Contests.PublishResults(ctx, id) }, func(err error) {
			if err != nil {
				u.ShowError(err)
				return
			}
			r.reload()
			r.v.s.Reload()
		})
	})
}

// childCertificatesName is the name of a contest's certificates file, as
// people read it: "Mənim hüquqlarım 2026 — uşaqların sertifikatları".
func childCertificatesName(c *alliance.Contest) string {
	return c.Title + " — " + i18n.T("results.certificates_file")
}

// printCertificates renders the children's certificates off the UI
// goroutine with a progress bar, and opens the PDF.
func (r *resultsTab) printCertificates() {
	u := r.v.s.u
	c := r.v.contest
	langs := alliance.LanguagePairs[max(0, r.langs.SelectedIndex())]
	orgNames := map[string]string{}
	for _, o := range u.Organisations() {
		orgNames[o.ID] = o.Name
	}
	var certs []certpdf.ChildCertificate
	for _, e := range r.entries {
		ag, _ := c.AgeGroupByID(e.AgeGroupID)
		certs = append(certs, certpdf.ChildCertificate{Name: e.NameFor(u.OrgID()), WorkTitle: e.Title, Category: e.Category,
			AgeGroup: ag.Label(), ContestTitle: c.Title, Winner: e.State == alliance.StateWinner, Rank: e.Rank,
			OrgName: orgNames[e.OrgID], Date: alliance.DateOf(c.PublishedAt.Local()), Code: e.Code, Languages: langs})
	}
	r.progress.SetValue(0)
	r.progress.Show()
	var path string
	u.Background(func(ctx context.Context) error {
		var buf bytes.Buffer
		err := certpdf.WriteChildren(&buf, certs, certpdf.Options{
			Progress:  func(done, total int) { u.Post(func() { r.progress.SetValue(float64(done) / float64(total)) }) },
			Cancelled: func() bool { return ctx.Err() != nil },
		})
		if err != nil {
			return err
		}
		if path, err = env.CertificateFile(u, childCertificatesName(c), buf.Bytes()); err != nil {
			return err
		}
		return kit.SavedAt(osprint.Open(ctx, path), path)
	}, func(err error) {
		r.progress.Hide()
		if err != nil && path == "" {
			u.ShowError(err)
			return
		}
		r.status.SetText(i18n.Tf("certificates.saved", i18n.Args{"Path": path}))
	})
}
