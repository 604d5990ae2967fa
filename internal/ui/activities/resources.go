package activities

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// activityResources is the activity form's resources of the library used
// or handed out, each with the copies handed out. A resource this laptop
// does not hold (withdrawn, or not synced yet) stays, shown as such.
type activityResources struct {
	f    *activityForm
	rows []*resourceRow
	box  *fyne.Container
	add  *widget.Select
	ids  []string // the resources add offers, in its order
}

// resourceRow is one resource used.
type resourceRow struct {
	id     string
	copies *kit.NumberEntry
	box    fyne.CanvasObject
}

func newActivityResources(f *activityForm) *activityResources {
	r := &activityResources{f: f, box: container.NewVBox()}
	var labels []string
	for _, res := range f.s.u.Resources() {
		r.ids = append(r.ids, res.ID)
		labels = append(labels, res.Version(i18n.Language()).Title)
	}
	r.add = widget.NewSelect(labels, nil)
	r.add.PlaceHolder = i18n.T("activity.add_resource")
	r.add.OnChanged = func(string) { r.addSelected() }
	if len(labels) == 0 {
		r.add.Disable()
	}
	return r
}

// addSelected lists the resource chosen in add and clears add.
func (r *activityResources) addSelected() {
	i := r.add.SelectedIndex()
	if i < 0 {
		return
	}
	r.add.ClearSelected() // calls this again with nothing chosen
	r.addID(r.ids[i], "")
	r.f.changed()
}

func (r *activityResources) object() fyne.CanvasObject { return container.NewVBox(r.box, r.add) }

// title is a resource's title in the app's language.
func (r *activityResources) title(id string) string {
	for _, res := range r.f.s.u.Resources() {
		if res.ID == id {
			return res.Version(i18n.Language()).Title
		}
	}
	return i18n.T("library.unknown")
}

// addID lists resource id with its copies (none twice).
func (r *activityResources) addID(id, copies string) {
	for _, x := range r.rows {
		if x.id == id {
			return
		}
	}
	row := &resourceRow{id: id, copies: kit.NewNumberEntry()}
	row.copies.SetText(copies) // as typed: a draft keeps a count that is not one yet
	row.copies.OnChanged = r.f.changed
	name := widget.NewLabel(r.title(id))
	name.Wrapping = fyne.TextWrapWord
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		for i, x := range r.rows {
			if x == row {
				r.rows = append(r.rows[:i], r.rows[i+1:]...)
				r.box.Remove(row.box)
			}
		}
		r.f.changed()
		if r.f.scroll != nil {
			r.f.scroll.Refresh()
		}
	})
	del.Importance = widget.LowImportance
	copiesLabel := widget.NewLabel(i18n.T("activity.copies"))
	copiesLabel.SizeName = theme.SizeNameCaptionText
	row.box = container.NewBorder(nil, nil, nil, del, container.NewVBox(name,
		container.NewBorder(nil, nil, copiesLabel, nil, row.copies.Object())))
	r.rows = append(r.rows, row)
	r.box.Add(row.box)
	if r.f.scroll != nil {
		r.f.scroll.Refresh()
	}
}

// set shows st, each count as it was typed (a draft may hold one that is
// not a number yet).
func (r *activityResources) set(st []resourceState) {
	r.rows = nil
	r.box.RemoveAll()
	for _, x := range st {
		r.addID(x.ID, x.Copies)
	}
}

// state is what is typed, the copies as typed (a wrong number stays as
// it is for the form to say).
func (r *activityResources) state() []resourceState {
	var out []resourceState
	for _, row := range r.rows {
		out = append(out, resourceState{ID: row.id, Copies: row.copies.Text})
	}
	return out
}

// resourceState is one resource as a draft keeps it.
type resourceState struct {
	ID     string `json:"id"`
	Copies string `json:"copies"`
}

// uses reads the state into the activity's resources, or the error of a
// count that is not one.
func usesOf(st []resourceState) ([]alliance.ResourceUse, bool) {
	var out []alliance.ResourceUse
	ok := true
	for _, x := range st {
		n := 0
		if x.Copies != "" {
			v, err := strconv.Atoi(x.Copies)
			if err != nil || v < 0 {
				ok = false
			}
			n = v
		}
		out = append(out, alliance.ResourceUse{ResourceID: x.ID, Copies: n})
	}
	return out, ok
}
