package history

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

func TestValue_Articles(t *testing.T) {
	e := uitest.Open(t, fyne.NewSize(800, 600), nil)
	got := Value(e, alliance.FieldCRC, []byte(`["19","24.3","99"]`))
	if want := i18n.Article("19") + ", " + i18n.Article("24.3") + ", 99"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
}

// TestShow_Dialog: a record made and changed by a person shows both, by
// name, newest first, with the field's change in the forms' words.
func TestShow_Dialog(t *testing.T) {
	var id string
	var aynur alliance.Profile
	e := uitest.Open(t, fyne.NewSize(1024, 600), func(db *sqlite.DB, _ *env.Services) {
		aynur = alliance.Profile{Name: "Aynur Məmmədova", Role: alliance.RoleStaff, Kind: alliance.SecretPIN}
		if err := sqlite.NewProfileService(db).CreateProfile(context.Background(), &aynur, "480915"); err != nil {
			t.Fatal(err)
		}
		ctx := alliance.WithPerson(context.Background(), &aynur)
		acts := sqlite.NewActivityService(db)
		a := uitest.Activity("Görüş")
		if err := acts.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		a.Title = "Valideynlərlə görüş"
		if err := acts.UpdateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		id = a.ID
	})
	b := Button(e, syncproto.EntityActivity, func() string { return id })
	e.Show(b)
	b.OnTapped()
	e.Wait()
	d := uitest.DialogOf(t, e.Window())
	want := i18n.Tf("history.field", i18n.Args{"Field": i18n.T("field.title"), "From": "«Görüş»", "To": "«Valideynlərlə görüş»"})
	if uitest.FindLabel(d, want) == nil {
		t.Fatalf("the history lacks %q", want)
	}
	var heads []string
	uitest.Walk(d, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "Aynur Məmmədova") {
			heads = append(heads, l.Text)
		}
		return false
	})
	if len(heads) != 2 || !strings.Contains(heads[0], i18n.T("history.how.local")) || !strings.Contains(heads[1], i18n.T("history.how.created")) {
		t.Fatalf("the changes by Aynur, newest first: %q", heads)
	}
}
