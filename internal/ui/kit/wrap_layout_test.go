package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestFlowLayout_Layout: buttons wrap into lines within the width, none
// past the edge; what follows a spacer keeps to the right end.
func TestFlowLayout_Layout(t *testing.T) {
	test.NewTempApp(t)
	save, add, cancel := widget.NewButton("Сохранить", nil), widget.NewButton("Сохранить и добавить ещё", nil), widget.NewButton("Отмена", nil)
	del := widget.NewButton("Удалить", nil)
	row := Flow(save, add, cancel, layout.NewSpacer(), del)
	wide := save.MinSize().Width + add.MinSize().Width + cancel.MinSize().Width + del.MinSize().Width + 40
	row.Resize(fyne.NewSize(wide, row.MinSize().Height))
	if add.Position().Y != save.Position().Y || del.Position().Y != save.Position().Y {
		t.Fatalf("with room, the buttons are not on one line: %v %v %v", save.Position(), add.Position(), del.Position())
	}
	if right := del.Position().X + del.Size().Width; right != wide {
		t.Fatalf("Delete ends at %.0f, not at the right end %.0f", right, wide)
	}
	oneLine := row.MinSize().Height

	narrow := add.MinSize().Width + 10
	if m := row.MinSize().Width; m > narrow {
		t.Fatalf("a row needs %.0f, more than its widest button", m)
	}
	row.Resize(fyne.NewSize(narrow, row.MinSize().Height))
	for _, b := range []*widget.Button{save, add, cancel, del} {
		if right := b.Position().X + b.Size().Width; right > narrow {
			t.Fatalf("%q ends at %.0f, past %.0f", b.Text, right, narrow)
		}
	}
	if add.Position().Y <= save.Position().Y {
		t.Fatalf("the second button did not wrap: %v %v", save.Position(), add.Position())
	}
	if h := row.MinSize().Height; h <= oneLine {
		t.Fatalf("wrapped in lines, the row asks for %.0f, no more than one line's %.0f", h, oneLine)
	}
}

// TestFitColumnsLayout_Layout: a grid takes fewer columns when narrow.
func TestFitColumnsLayout_Layout(t *testing.T) {
	test.NewTempApp(t)
	var cells []fyne.CanvasObject
	for _, s := range []string{"Девочки", "Мальчики", "Женщины", "Мужчины"} {
		cells = append(cells, widget.NewLabel(s))
	}
	grid := Columns(4, cells...)
	cell := Widest(cells)
	grid.Resize(fyne.NewSize(4*cell+30, grid.MinSize().Height))
	if cells[3].Position().Y != cells[0].Position().Y {
		t.Fatal("with room for four columns the first four cells are not on one row")
	}
	grid.Resize(fyne.NewSize(2*cell+10, 10))
	if cells[2].Position().Y == cells[0].Position().Y || cells[1].Position().Y != cells[0].Position().Y {
		t.Fatalf("in room for two columns the cells are at %v %v %v", cells[0].Position(), cells[1].Position(), cells[2].Position())
	}
	if h := grid.MinSize().Height; h < 2*cells[0].MinSize().Height {
		t.Fatalf("two rows need %.0f, more than the %.0f asked", 2*cells[0].MinSize().Height, h)
	}
}

// TestFieldRowLayout_Layout: two fields side by side keep their inputs on
// one line when one label wraps to two lines.
func TestFieldRowLayout_Layout(t *testing.T) {
	test.NewTempApp(t)
	errs := map[string]*widget.Label{}
	region, settlement := widget.NewSelect([]string{"Şəki"}, nil), widget.NewEntry()
	long := FormField(errs, "settlement", "Населённый пункт (город или село)", false, settlement)
	row := Pair(FormField(errs, "region", "Регион", true, region), long)
	row.Resize(fyne.NewSize(440, 200))
	row.Resize(fyne.NewSize(440, row.MinSize().Height)) // as the form lays it out again
	if region.Position().Y != settlement.Position().Y {
		t.Fatalf("the inputs are at %.0f and %.0f", region.Position().Y, settlement.Position().Y)
	}
	label := long.(*fyne.Container).Objects[0]
	if one := widget.NewLabel("x").MinSize().Height; label.MinSize().Height < one+10 {
		t.Fatalf("the long label is %.0f high: not on two lines at this width", label.MinSize().Height)
	}
	if region.Position().Y < label.MinSize().Height {
		t.Fatalf("the inputs at %.0f overlap the label of %.0f", region.Position().Y, label.MinSize().Height)
	}
}
