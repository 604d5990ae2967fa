// Package campaigns is the Campaigns screen: the alliance's campaigns and
// the donors' projects, each with its indicators against their targets —
// computed from the activities linked to it, or entered where they cannot
// be — and its project report in Excel and printed. The secretariat makes
// and edits them; every laptop sees them and links its activities.
package campaigns

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Screen lists the campaigns; the chosen one's progress, or its form,
// opens beside the list.
type Screen struct {
	e      env.Env
	pane   *kit.ListPane[alliance.Campaign]
	shown  string
	view   *view
	form   *form
	status *widget.Label
}

// New makes the screen with the campaigns the shell holds.
func New(e env.Env) *Screen {
	s := &Screen{e: e, status: kit.Wrapped("")}
	s.status.Hide()
	var top []fyne.CanvasObject
	if e.Secretariat() {
		add := widget.NewButtonWithIcon(i18n.T("campaigns.new"), theme.ContentAddIcon(), s.add)
		add.Importance = widget.HighImportance
		top = append(top, kit.Flow(add))
	}
	top = append(top, s.status)
	s.pane = kit.NewListPane(container.NewVBox(top...), 0.32, i18n.T("campaigns.hint"),
		func(c *alliance.Campaign) string { return c.ID },
		func(c *alliance.Campaign) (string, string) { return c.NameIn(i18n.Language()), s.subtitle(c) })
	s.pane.Current = func() string { return s.shown }
	s.pane.ConfirmLeave = s.ConfirmLeave
	s.pane.Open = s.open
	s.list()
	return s
}

// Object is the screen's content.
func (s *Screen) Object() fyne.CanvasObject { return s.pane.Root }

// Reload shows the campaigns the shell holds now, and the one open again
// (its progress counts what the sync brought).
func (s *Screen) Reload() {
	s.list()
	if s.form == nil && s.shown != "" {
		s.open(s.shown)
	}
}

// Dirty tells whether a campaign form holds changes not saved.
func (s *Screen) Dirty() bool { return s.form != nil && s.form.dirty() }

// ConfirmLeave asks before a form with unsaved changes is left.
func (s *Screen) ConfirmLeave(then func(ok bool)) { kit.ConfirmLeave(s.e.Window(), s.Dirty(), then) }

// say shows msg over the list ("": nothing).
func (s *Screen) say(msg string) { kit.Say(s.status, msg) }

// subtitle is a row's second line: kind, period, donor.
func (s *Screen) subtitle(c *alliance.Campaign) string {
	parts := []string{i18n.T("campaign.kind." + string(c.Kind)), c.Start.DMY() + "–" + c.End.DMY()}
	if c.Donor != "" {
		parts = append(parts, c.Donor)
	}
	return strings.Join(parts, " · ")
}

func (s *Screen) list() {
	s.pane.Set(s.e.Campaigns(), func() fyne.CanvasObject {
		body := i18n.T("campaigns.empty.body")
		var btn *widget.Button
		if s.e.Secretariat() {
			btn = widget.NewButtonWithIcon(i18n.T("campaigns.new"), theme.ContentAddIcon(), s.add)
			btn.Importance = widget.HighImportance
		}
		return kit.EmptyState(i18n.T("campaigns.empty.title"), body, btn)
	})
}

// find is the campaign with id the shell holds (nil: gone).
func (s *Screen) find(id string) *alliance.Campaign {
	for _, c := range s.e.Campaigns() {
		if c.ID == id {
			return &c
		}
	}
	return nil
}

// open computes the campaign's progress off the UI goroutine and shows it.
func (s *Screen) open(id string) {
	s.form = nil
	s.shown = id
	env.Fetch(s.e, func(ctx context.Context) (*alliance.CampaignReport, error) {
		return s.e.Services().Campaigns.CampaignProgress(ctx, id)
	}, func(rep *alliance.CampaignReport) {
		if s.shown != id || s.form != nil {
			return // another was chosen meanwhile
		}
		s.view = newView(s, rep)
		s.pane.Show(s.view.object())
	}, func() {
		s.shown = ""
		s.pane.ShowHint()
	})
}

// edit puts c in the form (a new campaign when c.ID is "").
func (s *Screen) edit(c *alliance.Campaign) {
	s.form = newForm(s, c)
	s.pane.Show(s.form.object())
}

func (s *Screen) add() {
	s.ConfirmLeave(func(ok bool) {
		if ok {
			s.shown = ""
			today := alliance.Today()
			s.edit(&alliance.Campaign{Kind: alliance.KindOfProject, Start: today, End: today.AddDays(365)})
		}
	})
}

// saved shows the campaign once the shell holds it again.
func (s *Screen) saved(id, msg string) {
	s.form = nil
	s.e.ReloadReference(func() {
		s.list()
		if id == "" || s.find(id) == nil {
			s.shown = ""
			s.pane.ShowHint()
		} else {
			s.open(id)
		}
		s.say(msg)
	})
}
