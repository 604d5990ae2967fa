// Package history shows a record's history: who changed it, on which
// laptop, when, and each field from what to what, in the user's words.
package history

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Button opens the history of the record id() names (none yet: the
// button does nothing).
func Button(u env.Env, entity string, id func() string) *widget.Button {
	return widget.NewButtonWithIcon(i18n.T("history.button"), theme.HistoryIcon(), func() {
		if rid := id(); rid != "" {
			Show(u, entity, rid)
		}
	})
}

// Show reads a record's history off the UI goroutine and shows it:
// who (person, laptop), when, how, and each field from what to what.
func Show(u env.Env, entity, id string) {
	if u.Services().History == nil {
		return
	}
	var h []alliance.HistoryEntry
	u.Background(func(ctx context.Context) (err error) {
		h, err = u.Services().History.History(ctx, entity, id)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		list := container.NewVBox()
		if len(h) == 0 {
			list.Add(kit.Wrapped(i18n.T("history.none")))
		}
		for i := len(h) - 1; i >= 0; i-- { // newest first
			list.Add(line(u, h[i]))
			list.Add(widget.NewSeparator())
		}
		d := dialog.NewCustom(i18n.T("history.title"), i18n.T("dialog.close"), container.NewVScroll(list), u.Window())
		kit.FitDialog(d, u.Window(), fyne.NewSize(720, 520))
		d.Show()
	})
}

// line is one change: its heading (when, who, where, how) and a
// line per field.
func line(u env.Env, e alliance.HistoryEntry) fyne.CanvasObject {
	who := i18n.T("history.nobody")
	if e.Person != nil {
		who = e.Person.Name
	}
	laptop := i18n.T("history.this_laptop")
	if e.Device != "" && e.Device != u.Info().DeviceID {
		laptop = i18n.Tf("history.laptop", i18n.Args{"Device": short(e.Device)})
	}
	head := widget.NewLabelWithStyle(i18n.Tf("history.head", i18n.Args{"When": i18n.DateTime(e.At), "Who": who, "Laptop": laptop,
		"How": i18n.T("history.how." + e.How)}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(head)
	if len(e.Fields) == 0 && e.How != alliance.HistoryCreated {
		box.Add(kit.Wrapped(i18n.T("history.removed")))
	}
	for _, f := range e.Fields {
		from, to := Value(u, f.Field, f.From), Value(u, f.Field, f.To)
		text := i18n.Tf("history.field", i18n.Args{"Field": fieldName(f.Field), "From": from, "To": to})
		if f.From == nil {
			text = i18n.Tf("history.field_set", i18n.Args{"Field": fieldName(f.Field), "To": to})
		}
		l := kit.Wrapped(text)
		l.SizeName = theme.SizeNameCaptionText
		box.Add(l)
	}
	return box
}

// fieldName is a field's label in the forms, or its own name.
func fieldName(name string) string {
	if t := i18n.T("field." + name); t != "field."+name && t != "" {
		return t
	}
	return name
}

// valueKeys are the translations of the coded values of fields (a
// field's codes: kind.meeting, area.health…).
var valueKeys = map[string]string{
	"kind": "kind.", "areas": "area.", "audiences": "audience.", "category": "category.", "state": "entry.state.",
	"area": "area.", "audience": "audience.",
}

// Value shows a field's value as the forms do: a code by its name
// in the user's language, an organisation or region by its name, a date
// as dd.mm.yyyy, a text in quotes, nothing as a dash.
func Value(u env.Env, field string, raw []byte) string {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` || string(raw) == "[]" {
		return "—"
	}
	name := func(v string) string {
		switch {
		case field == "org_id":
			for _, o := range u.Organisations() {
				if o.ID == v {
					return o.Name
				}
			}
		case field == "region_id":
			for _, r := range u.Regions() {
				if r.ID == v {
					return r.Name(i18n.Language())
				}
			}
		case field == alliance.FieldCRC:
			if _, ok := alliance.LookupArticle(alliance.Article(v)); ok {
				return i18n.Article(alliance.Article(v))
			}
		case valueKeys[field] != "" && i18n.Has(valueKeys[field]+v):
			return i18n.T(valueKeys[field] + v)
		}
		if d, err := alliance.ParseISODate(v); err == nil && !d.IsZero() && len(v) == 10 {
			return d.DMY()
		}
		return "«" + ellipsis(v, 80) + "»"
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return name(s)
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		for i, v := range list {
			list[i] = strings.Trim(name(v), "«»")
		}
		return ellipsis(strings.Join(list, ", "), 120)
	}
	return ellipsis(strings.TrimSpace(string(raw)), 80)
}

func ellipsis(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// short is the beginning of an id, as Settings shows the laptop's.
func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return fmt.Sprint(id)
}
