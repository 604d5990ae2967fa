package ui

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// shared are the packages under internal/ui that every area may use; every
// other folder is an area.
var shared = map[string]bool{"env": true, "kit": true, "uitest": true, "history": true, "thumbs": true, "connect": true}

// TestAreas_OwnRooms fails when an area's package imports the shell or
// another area, or when a shared package imports an area: each area stands
// alone on env and kit, so that a newcomer finds a screen in its folder and
// a change to one area never reaches into another.
func TestAreas_OwnRooms(t *testing.T) {
	const root = "github.com/ngo-alliance/alliance/internal/ui"
	dirs, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	areas := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		name := d.Name()
		if !shared[name] {
			areas++
		}
		files, _ := filepath.Glob(filepath.Join(name, "*.go"))
		for _, path := range files {
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if p == "fyne.io/fyne/v2/app" {
					t.Errorf("%s imports Fyne's app driver: only cmd/alliance may", path)
				}
				if p != root && !strings.HasPrefix(p, root+"/") {
					continue
				}
				other := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
				switch {
				case other == "":
					t.Errorf("%s imports the shell (package ui)", path)
				case other != name && !shared[other]:
					t.Errorf("%s imports the area %s", path, other)
				case shared[name] && !shared[other]:
					t.Errorf("%s (shared) imports the area %s", path, other)
				}
			}
		}
	}
	if areas == 0 {
		t.Fatal("no area package found: the check looks in the wrong place")
	}
	// Every screen of the navigation is an area's, in the folder of its
	// name (the Sync screen's is syncing: sync is Go's).
	for _, id := range Screens {
		dir := id
		if id == ScreenSync {
			dir = "syncing"
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() || shared[dir] {
			t.Errorf("the %s screen has no area package %s/", id, dir)
		}
	}
}
