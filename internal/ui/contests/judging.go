package contests

import (
	"context"
	"maps"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/thumbs"
)

// judgingTab is the jury's blind view: a judge picks their name, then
// goes through the entries by code, seeing only the work, its category
// and age group (the store gives this tab nothing else), and marks each
// criterion from 1 to 10 with a comment. Marks are saved as given — each
// mark when it is ticked, the comments when the judge moves on (another
// entry, another judge, another tab or screen, Enter, Save) — so a judge
// can stop anywhere and come back.
type judgingTab struct {
	v        *contestView
	juror    *widget.Select
	who      *widget.Label // as whom, on a laptop with people
	progress *widget.Label
	list     *widget.List
	pool     []alliance.JuryEntry
	scores   map[string]alliance.Score // this judge's, by entry id
	// saving holds the scores being stored, by entry id: a reload that
	// reads before they are stored shows them, not the older ones.
	saving map[string]alliance.Score
	// Saves are numbered (gen); store (held while one is stored) and
	// stored keep the number of each entry's last stored save, latest
	// (on the UI goroutine) the last one answered.
	gen      int
	store    sync.Mutex
	stored   map[string]int
	latest   map[string]int
	current  int
	panel    *fyne.Container
	previews *thumbs.Cache
	content  fyne.CanvasObject
	marks    map[string]*widget.RadioGroup
	comments map[string]*widget.Entry
	saved    *widget.Label
	// The current entry's picture, filled when its preview arrives.
	picture     *canvas.Image
	pictureNote *widget.Label
	pictureFile alliance.FileRef
}

func newJudgingTab(v *contestView) *judgingTab {
	j := &judgingTab{v: v, progress: widget.NewLabel(""), panel: container.NewStack(), current: -1, scores: map[string]alliance.Score{},
		saving: map[string]alliance.Score{}, stored: map[string]int{}, latest: map[string]int{}}
	j.previews = thumbs.New(v.s.u, media.PreviewSize, j.refreshPicture)
	j.juror = widget.NewSelect(nil, func(string) { j.reload() })
	j.juror.PlaceHolder = i18n.T("judging.choose_juror")
	j.list = widget.NewList(func() int { return len(j.pool) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.RadioButtonIcon()), nil, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := j.pool[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(e.Code + " · " + i18n.T("category."+string(e.Category)) + " · " + j.groupLabel(e.AgeGroupID))
			icon := theme.RadioButtonIcon()
			if s, ok := j.scores[e.EntryID]; ok {
				icon = theme.RadioButtonCheckedIcon()
				if s.Complete(j.v.contest) {
					icon = theme.ConfirmIcon()
				}
			}
			box.Objects[1].(*widget.Icon).SetResource(icon)
		})
	j.list.OnSelected = func(i widget.ListItemID) { j.showEntry(i) }
	// With people on the laptop, a judge judges as the one signed in:
	// there is no name to pick.
	var who fyne.CanvasObject = container.NewBorder(nil, nil, widget.NewLabel(i18n.T("judging.juror")), nil, j.juror)
	if v.s.u.Services().Profiles != nil {
		j.who = kit.Wrapped(j.signedInNote())
		who = j.who
	}
	top := container.NewVBox(
		kit.Wrapped(i18n.T("judging.blind_note")),
		who,
		j.progress)
	split := container.NewHSplit(j.list, j.panel)
	split.Offset = 0.32
	j.content = container.NewBorder(top, nil, nil, nil, split)
	j.panel.Objects = []fyne.CanvasObject{kit.CentredText(nil, i18n.T("judging.pick"))}
	return j
}

func (j *judgingTab) object() fyne.CanvasObject { return j.content }

func (j *judgingTab) groupLabel(id string) string {
	if g, ok := j.v.contest.AgeGroupByID(id); ok {
		return ageGroupLabel(g)
	}
	return ""
}

// jurorID is the judge's id: the one signed in when they are on this
// contest's jury (the laptop has people), else the one chosen; "" before.
func (j *judgingTab) jurorID() string {
	if j.v.s.u.Services().Profiles != nil {
		if p := j.v.s.u.SignedIn(); p != nil && p.Role == alliance.RoleJudge {
			if _, ok := j.v.contest.JurorByID(p.ID); ok {
				return p.ID
			}
		}
		return ""
	}
	if i := j.juror.SelectedIndex(); i >= 0 && i < len(j.v.contest.Jury) {
		return j.v.contest.Jury[i].ID
	}
	return ""
}

// signedInNote says as whom the marks are given, or why none can be.
func (j *judgingTab) signedInNote() string {
	p := j.v.s.u.SignedIn()
	switch {
	case p == nil:
		return i18n.T("judging.sign_in")
	case j.jurorID() != "":
		return i18n.Tf("judging.as", i18n.Args{"Name": p.Name})
	default:
		return i18n.Tf("judging.not_juror", i18n.Args{"Name": p.Name})
	}
}

// pickNote is what the panel says while there is no judge.
func (j *judgingTab) pickNote() string {
	if j.v.s.u.Services().Profiles != nil {
		return j.signedInNote()
	}
	return i18n.T("judging.pick_juror")
}

// reload reads the pool and the chosen judge's scores. What the judge
// gave on the entry shown is saved first.
func (j *judgingTab) reload() {
	j.flush()
	if j.who != nil {
		j.who.SetText(j.signedInNote())
	}
	c := j.v.contest
	if len(j.juror.Options) != len(c.Jury) {
		var names []string
		for _, m := range c.Jury {
			names = append(names, m.Name)
		}
		j.juror.Options = names
		j.juror.Refresh()
	}
	u := j.v.s.u
	juror := j.jurorID()
	var pool []alliance.JuryEntry
	var scores []alliance.Score
	u.Background(func(ctx context.Context) (err error) {
		if pool, err = u.Services().Contests.FindJuryEntries(ctx, c.ID); err != nil || juror == "" {
			return err
		}
		scores, err = u.Services().Contests.FindScores(ctx, c.ID, juror)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		j.pool = pool
		j.scores = map[string]alliance.Score{}
		for _, s := range scores {
			j.scores[s.EntryID] = s
		}
		for id, s := range j.saving {
			if s.JurorID == juror {
				j.scores[id] = s
			}
		}
		j.updateProgress()
		j.list.Refresh()
		if juror == "" {
			j.current = -1
			j.panel.Objects = []fyne.CanvasObject{kit.CentredText(nil, j.pickNote())}
			j.panel.Refresh()
		} else if j.current >= 0 && j.current < len(pool) {
			j.showEntry(j.current)
		}
	})
}

func (j *judgingTab) updateProgress() {
	done := 0
	for _, s := range j.scores {
		if s.Complete(j.v.contest) {
			done++
		}
	}
	j.progress.SetText(i18n.Tf("judging.progress", i18n.Args{"Done": done, "Total": len(j.pool)}))
}

// showEntry puts entry i in the scoring panel, after saving what was
// given on the one shown before.
func (j *judgingTab) showEntry(i int) {
	if i < 0 || i >= len(j.pool) {
		return
	}
	if i != j.current {
		j.flush()
	}
	if j.jurorID() == "" {
		j.panel.Objects = []fyne.CanvasObject{kit.CentredText(nil, j.pickNote())}
		j.panel.Refresh()
		return
	}
	j.current = i
	e := j.pool[i]
	c := j.v.contest
	score := j.scores[e.EntryID]
	head := kit.Heading(e.Code)
	info := kit.Wrapped(i18n.T("category."+string(e.Category)) + " · " + j.groupLabel(e.AgeGroupID))
	title := kit.Wrapped("«" + e.Title + "»")
	j.marks, j.comments = map[string]*widget.RadioGroup{}, map[string]*widget.Entry{}
	rows := container.NewVBox()
	options := make([]string, alliance.MaxMark)
	for m := range options {
		options[m] = strconv.Itoa(m + 1)
	}
	for _, cr := range c.Criteria {
		rg := widget.NewRadioGroup(options, nil)
		rg.Horizontal = true
		if m := score.Marks[cr.ID]; m > 0 {
			rg.SetSelected(strconv.Itoa(m))
		}
		rg.OnChanged = func(string) { j.save(false) } // a mark is kept the moment it is given
		comment := widget.NewEntry()
		comment.SetPlaceHolder(i18n.T("judging.comment"))
		comment.SetText(score.Comments[cr.ID])
		comment.OnSubmitted = func(string) { j.save(false) }
		j.marks[cr.ID], j.comments[cr.ID] = rg, comment
		label := widget.NewLabelWithStyle(i18n.Tf("judging.criterion", i18n.Args{"Name": cr.Name, "Weight": i18n.Decimal(cr.Weight)}),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		label.Wrapping = fyne.TextWrapWord // a jury's own words, of any length
		rows.Add(container.NewVBox(label, rg, comment))
	}
	j.saved = widget.NewLabel("")
	save := widget.NewButtonWithIcon(i18n.T("judging.save"), theme.DocumentSaveIcon(), func() { j.save(false) })
	next := widget.NewButtonWithIcon(i18n.T("judging.save_next"), theme.NavigateNextIcon(), func() { j.save(true) })
	next.Importance = widget.HighImportance
	body := container.NewVBox(head, info, title, j.preview(e), rows, kit.Flow(save, next, j.saved))
	j.panel.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(body))}
	j.panel.Refresh()
}

// preview is the work: its first picture large, and a button to open each
// file in the system's viewer (films play there).
func (j *judgingTab) preview(e alliance.JuryEntry) fyne.CanvasObject {
	u := j.v.s.u
	box := container.NewVBox()
	j.picture, j.pictureNote = nil, nil
	for _, f := range e.Files {
		if f.IsImage() {
			j.picture = canvas.NewImageFromResource(nil)
			j.picture.FillMode = canvas.ImageFillContain
			j.picture.SetMinSize(fyne.NewSize(440, 250))
			j.pictureNote = kit.Wrapped("")
			j.pictureFile = f
			box.Add(container.NewStack(j.picture, container.NewCenter(j.pictureNote)))
			j.refreshPicture()
			break
		}
	}
	files := container.NewHBox()
	for _, f := range e.Files {
		f := f
		files.Add(widget.NewButtonWithIcon(kit.FileDetail(f), theme.VisibilityIcon(), func() { env.OpenFile(u, f) }))
	}
	box.Add(files)
	return box
}

// refreshPicture shows the current entry's preview once it is loaded,
// without touching the marks being given.
func (j *judgingTab) refreshPicture() {
	if j.picture == nil {
		return
	}
	note := ""
	switch st := j.previews.Get(j.pictureFile); {
	case st == nil:
		note = i18n.T("judging.loading")
	case st.Res != nil:
		j.picture.Resource = st.Res
	case st.Missing:
		note = i18n.T("entries.not_uploaded")
	default:
		note = i18n.T("entries.file_damaged")
	}
	j.pictureNote.SetText(note)
	j.picture.Refresh()
}

// given is the score the panel shows for the current entry.
func (j *judgingTab) given() *alliance.Score {
	e := j.pool[j.current]
	s := &alliance.Score{EntryID: e.EntryID, JurorID: j.jurorID(), Marks: map[string]int{}, Comments: map[string]string{}}
	for id, rg := range j.marks {
		if m, err := strconv.Atoi(rg.Selected); err == nil {
			s.Marks[id] = m
		}
		if t := j.comments[id].Text; t != "" {
			s.Comments[id] = t
		}
	}
	return s
}

// flush saves what the panel shows when it differs from what is saved:
// the judge is moving on.
func (j *judgingTab) flush() {
	if j.current < 0 || j.current >= len(j.pool) || j.marks == nil || j.jurorID() == "" {
		return
	}
	s, saved := j.given(), j.scores[j.pool[j.current].EntryID]
	if maps.Equal(s.Marks, saved.Marks) && maps.Equal(s.Comments, saved.Comments) {
		return
	}
	if len(s.Marks) == 0 && len(s.Comments) == 0 && saved.EntryID == "" {
		return // nothing given, nothing saved before
	}
	j.save(false)
}

// leave saves what the judge gave, as them, and clears the panel: the app
// locks, and whoever signs in next judges (if at all) as themselves.
func (j *judgingTab) leave() {
	j.flush()
	j.current, j.marks, j.comments = -1, nil, nil
	j.panel.Objects = []fyne.CanvasObject{kit.CentredText(nil, i18n.T("judging.pick"))}
	j.panel.Refresh()
}

// save keeps the marks given so far; next moves to the following entry.
// Each save holds all the entry's marks and comments; saves are stored one
// at a time, and one overtaken by a newer save of the same entry (two
// quick ticks) is not stored after it.
func (j *judgingTab) save(next bool) {
	if j.current < 0 || j.current >= len(j.pool) || j.jurorID() == "" {
		return
	}
	u := j.v.s.u
	e := j.pool[j.current]
	s := j.given()
	before, had := j.scores[e.EntryID]
	j.scores[e.EntryID], j.saving[e.EntryID] = *s, *s // what was given, while it is stored
	j.gen++
	gen, at := j.gen, j.current
	u.Background(func(ctx context.Context) error {
		j.store.Lock()
		defer j.store.Unlock()
		if j.stored[e.EntryID] > gen {
			return nil // a newer save of this entry is stored already
		}
		if err := u.Services().Contests.SaveScore(ctx, s); err != nil {
			return err
		}
		j.stored[e.EntryID] = gen
		return nil
	}, func(err error) {
		latest := j.latest[e.EntryID] <= gen
		if latest {
			j.latest[e.EntryID] = gen
			delete(j.saving, e.EntryID)
		}
		if err != nil {
			if latest && had { // not stored: what is saved is what was before
				j.scores[e.EntryID] = before
			} else if latest {
				delete(j.scores, e.EntryID)
			}
			u.ShowError(err)
			return
		}
		if latest {
			j.scores[e.EntryID] = *s
		}
		j.updateProgress()
		j.list.RefreshItem(at)
		if next && at+1 < len(j.pool) {
			j.list.Select(at + 1)
			return
		}
		if j.saved != nil && latest {
			key := "judging.saved"
			if !s.Complete(j.v.contest) {
				key = "judging.saved_partial"
			}
			j.saved.SetText(i18n.T(key))
		}
	})
}
