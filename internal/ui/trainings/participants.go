package trainings

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/roster"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/ui/history"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// rosterTab lists a training's participants: add, edit, remove, import.
type rosterTab struct {
	v     *trainingView
	count *widget.Label
	list  *widget.List
	area  *fyne.Container
	box   fyne.CanvasObject
}

func newRosterTab(v *trainingView) *rosterTab {
	r := &rosterTab{v: v, count: widget.NewLabel("")}
	r.list = widget.NewList(
		func() int { return len(v.participants) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.SizeName = theme.SizeNameCaptionText
			sub.Truncation = fyne.TextTruncateEllipsis
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), name, sub)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := v.participants[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(p.FullName)
			box.Objects[1].(*widget.Label).SetText(participantSubtitle(&p))
		})
	r.list.OnSelected = func(i widget.ListItemID) {
		r.list.UnselectAll()
		p := v.participants[i]
		r.edit(&p)
	}
	add := widget.NewButtonWithIcon(i18n.T("participants.add"), theme.ContentAddIcon(), func() {
		r.edit(&alliance.Participant{TrainingID: v.training.ID, Gender: alliance.Female, Role: alliance.RoleChild})
	})
	add.Importance = widget.HighImportance
	imp := widget.NewButtonWithIcon(i18n.T("participants.import"), theme.UploadIcon(), r.importFile)
	r.area = container.NewStack(r.list)
	r.box = container.NewBorder(container.NewVBox(kit.Flow(add, imp), r.count), nil, nil, nil, r.area)
	return r
}

func (r *rosterTab) object() fyne.CanvasObject { return container.NewPadded(r.box) }

func (r *rosterTab) render() {
	n := len(r.v.participants)
	r.count.SetText(i18n.N("participants.count", n, nil))
	if n == 0 {
		r.area.Objects = []fyne.CanvasObject{kit.Wrapped(i18n.T("participants.empty"))}
	} else {
		r.area.Objects = []fyne.CanvasObject{r.list}
	}
	r.area.Refresh()
	r.list.Refresh()
}

func participantSubtitle(p *alliance.Participant) string {
	parts := []string{i18n.T("role." + string(p.Role))}
	if p.Gender != "" {
		parts = append(parts, i18n.T(alliance.GenderKey(p.Gender, p.IsChild())))
	}
	switch {
	case p.BirthYear != 0:
		parts = append(parts, strconv.Itoa(p.BirthYear))
	case p.AgeGroup != "":
		parts = append(parts, p.AgeGroup)
	}
	if p.Organisation != "" {
		parts = append(parts, p.Organisation)
	}
	return strings.Join(parts, " · ")
}

// edit opens a participant (new when it has no id) in a dialog.
func (r *rosterTab) edit(p *alliance.Participant) {
	u := r.v.s.u
	name := widget.NewEntry()
	name.SetText(p.FullName)
	gender := widget.NewSelect(kit.GenderLabels(p.IsChild()), nil)
	kit.SelectIndex(gender, indexOfGender(p.Gender))
	role := widget.NewSelect(kit.RoleLabels(), nil)
	kit.SelectIndex(role, indexOfRole(p.Role))
	role.OnChanged = func(string) { // a child is a girl or a boy, an adult a woman or a man
		child := role.SelectedIndex() >= 0 && alliance.Roles[role.SelectedIndex()] == alliance.RoleChild
		at := gender.SelectedIndex()
		gender.Options = kit.GenderLabels(child)
		kit.SelectIndex(gender, at)
		gender.Refresh()
	}
	year := kit.NewNumberEntry()
	year.SetValue(p.BirthYear)
	group := widget.NewSelect(append([]string{"—"}, alliance.AgeGroups...), nil)
	kit.SelectIndex(group, slices.Index(alliance.AgeGroups, p.AgeGroup)+1)
	org := widget.NewEntry()
	org.SetText(p.Organisation)
	phone, email, access := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	phone.SetText(p.Phone)
	email.SetText(p.Email)
	access.SetText(p.Accessibility)
	pre, post := kit.NewNumberEntry(), kit.NewNumberEntry()
	if p.PreScore != nil {
		pre.SetText(strconv.Itoa(*p.PreScore))
	}
	if p.PostScore != nil {
		post.SetText(strconv.Itoa(*p.PostScore))
	}
	errs := map[string]*widget.Label{}
	field := func(name, key string, input fyne.CanvasObject) fyne.CanvasObject {
		return kit.FormField(errs, name, i18n.T(key), name == alliance.FieldFullName, input)
	}
	content := container.NewVBox(
		field(alliance.FieldFullName, "field.full_name", name),
		kit.Pair(field(alliance.FieldGender, "field.gender", gender), field(alliance.FieldRole, "field.role", role)),
		kit.Pair(field(alliance.FieldBirthYear, "field.birth_year", year.Object()), field("age_group", "field.age_group", group)),
		field("organisation", "field.organisation", org),
		kit.Pair(field(alliance.FieldPhone, "field.phone", phone), field(alliance.FieldEmail, "field.email", email)),
		field("accessibility", "field.accessibility", access),
		field(alliance.FieldScore, "field.score", kit.Pair(
			container.NewBorder(nil, nil, caption(i18n.T("field.pre_score")), nil, pre.Object()),
			container.NewBorder(nil, nil, caption(i18n.T("field.post_score")), nil, post.Object()))),
	)
	title := i18n.T("participants.add")
	if p.ID != "" {
		title = i18n.T("participants.edit")
	}
	var d dialog.Dialog
	collect := func() (*alliance.Participant, []alliance.FieldError) {
		q := *p
		q.FullName, q.Organisation, q.Phone, q.Email, q.Accessibility = name.Text, org.Text, phone.Text, email.Text, access.Text
		if i := gender.SelectedIndex(); i >= 0 {
			q.Gender = alliance.Genders[i]
		}
		if i := role.SelectedIndex(); i >= 0 {
			q.Role = alliance.Roles[i]
		}
		q.AgeGroup = ""
		if i := group.SelectedIndex(); i > 0 {
			q.AgeGroup = alliance.AgeGroups[i-1]
		}
		var bad []alliance.FieldError
		y, ok := year.Value()
		if !ok {
			bad = append(bad, alliance.FieldError{Field: alliance.FieldBirthYear, Key: "validation.year_format"})
		}
		q.BirthYear = y
		score := func(n *kit.NumberEntry) *int {
			if strings.TrimSpace(n.Text) == "" {
				return nil
			}
			v, ok := n.Value()
			if !ok {
				bad = append(bad, alliance.FieldError{Field: alliance.FieldScore, Key: "validation.score"})
			}
			return &v
		}
		q.PreScore, q.PostScore = score(pre), score(post)
		if len(bad) == 0 {
			bad = alliance.ErrorFields(q.Validate())
		}
		return &q, bad
	}
	show := func(bad []alliance.FieldError) {
		for _, l := range errs {
			kit.SetError(l, "")
		}
		for _, e := range bad {
			if l, ok := errs[e.Field]; ok {
				kit.SetError(l, i18n.Tf(e.Key, e.Args))
			}
		}
		content.Refresh()
	}
	save := func() {
		q, bad := collect()
		show(bad)
		if len(bad) > 0 {
			return
		}
		u.Background(func(ctx context.Context) error {
			if q.ID == "" {
				return u.Services().Trainings.CreateParticipants(ctx, []*alliance.Participant{q})
			}
			return u.Services().Trainings.UpdateParticipant(ctx, q)
		}, func(err error) {
			if err != nil {
				if f := alliance.ErrorFields(err); len(f) > 0 {
					show(f)
					return
				}
				u.ShowError(err)
				return
			}
			d.Hide()
			r.v.reload()
		})
	}
	saveBtn := widget.NewButtonWithIcon(i18n.T("form.save"), theme.DocumentSaveIcon(), save)
	saveBtn.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{saveBtn, widget.NewButton(i18n.T("form.cancel"), func() { d.Hide() })}
	if p.ID != "" {
		del := widget.NewButtonWithIcon(i18n.T("form.delete"), theme.DeleteIcon(), func() {
			u.Background(func(ctx context.Context) error { return u.Services().Trainings.DeleteParticipant(ctx, p.ID) }, func(err error) {
				if err != nil {
					u.ShowError(err)
					return
				}
				d.Hide()
				r.v.reload()
			})
		})
		del.Importance = widget.DangerImportance
		buttons = append(buttons, layout.NewSpacer(), del)
	}
	name.OnSubmitted = func(string) { save() }
	if p.ID != "" && u.Services().History != nil {
		h := history.Button(u, syncproto.EntityParticipant, func() string { return p.ID })
		h.Importance = widget.LowImportance
		buttons = append(buttons[:2], append([]fyne.CanvasObject{h}, buttons[2:]...)...) // before Delete
	}
	body := container.NewBorder(nil, kit.Flow(buttons...), nil, nil, container.NewVScroll(content))
	d = dialog.NewCustomWithoutButtons(title, body, u.Window())
	kit.FitDialog(d, u.Window(), fyne.NewSize(620, 640))
	d.Show()
	u.Window().Canvas().Focus(name)
}

func indexOfGender(g alliance.Gender) int {
	for i, x := range alliance.Genders {
		if x == g {
			return i
		}
	}
	return -1
}

func indexOfRole(r alliance.Role) int {
	for i, x := range alliance.Roles {
		if x == r {
			return i
		}
	}
	return -1
}

// importFile asks for a roster file and shows what it would add.
func (r *rosterTab) importFile() {
	u := r.v.s.u
	open := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		r.readRoster(rc.URI().Name(), rc)
	}, u.Window())
	open.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".xlsx", ".txt"}))
	kit.ShowFileDialog(open, u.Window(), "file.open_title")
}

// readRoster reads a roster file off the UI goroutine and previews it.
func (r *rosterTab) readRoster(name string, rc io.ReadCloser) {
	u := r.v.s.u
	var p *roster.Preview
	trainingID, existing := r.v.training.ID, r.v.participants
	u.Background(func(ctx context.Context) (err error) {
		defer rc.Close()
		if p, err = roster.Read(name, rc, trainingID, alliance.Today()); err == nil {
			p.MarkExisting(existing)
		}
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		r.preview(p)
	})
}

// preview shows what an import would add, and the rows it would skip, and
// saves the good rows only when asked.
func (r *rosterTab) preview(p *roster.Preview) {
	u := r.v.s.u
	valid := p.Valid()
	bad := len(p.Rows) - len(valid)
	lines := container.NewVBox()
	for _, row := range p.Rows {
		if row.OK() {
			continue
		}
		for _, e := range row.Errors {
			text := i18n.Tf("import.line_error", i18n.Args{"Line": row.Line, "Message": i18n.Tf(e.Key, e.Args)})
			if e.Field != "" {
				text = i18n.Tf("import.row_error", i18n.Args{"Line": row.Line, "Field": i18n.T(fieldLabelKey(e.Field)),
					"Message": i18n.Tf(e.Key, e.Args)})
			}
			l := kit.Wrapped(text)
			l.Importance = widget.DangerImportance
			lines.Add(l)
		}
	}
	for _, n := range p.Notes {
		lines.Add(kit.Wrapped(i18n.Tf(n.Key, n.Args)))
	}
	for _, x := range valid {
		lines.Add(widget.NewLabel("✓ " + x.FullName + " · " + participantSubtitle(x)))
	}
	summary := kit.Wrapped(i18n.Tf("import.summary", i18n.Args{"OK": len(valid), "Bad": bad}))
	summary.TextStyle.Bold = true
	var d dialog.Dialog
	confirmBtn := widget.NewButtonWithIcon(i18n.N("import.confirm", len(valid), nil), theme.ConfirmIcon(), func() {
		u.Background(func(ctx context.Context) error { return u.Services().Trainings.CreateParticipants(ctx, valid) }, func(err error) {
			if err != nil {
				u.ShowError(err)
				return
			}
			d.Hide()
			r.v.reload()
			kit.ShowMessage(u.Window(), i18n.T("import.title"), i18n.N("import.done", len(valid), nil))
		})
	})
	confirmBtn.Importance = widget.HighImportance
	if len(valid) == 0 {
		confirmBtn.Disable()
	}
	body := container.NewBorder(summary, container.NewHBox(confirmBtn, widget.NewButton(i18n.T("form.cancel"), func() { d.Hide() })),
		nil, nil, container.NewVScroll(lines))
	d = dialog.NewCustomWithoutButtons(i18n.T("import.title"), body, u.Window())
	kit.FitDialog(d, u.Window(), fyne.NewSize(720, 520))
	d.Show()
}

// fieldLabelKey is the translation key of a field's label.
func fieldLabelKey(field string) string {
	switch field {
	case alliance.FieldScore:
		return "field.score"
	}
	return "field." + field
}
