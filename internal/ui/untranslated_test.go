package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// shownArgs are the calls whose string arguments users read: Fyne widget
// constructors and setters, dialogs and window titles.
var shownArgs = map[string]bool{
	"NewLabel": true, "NewLabelWithStyle": true, "NewButton": true, "NewButtonWithIcon": true,
	"NewCheck": true, "NewRadioGroup": true, "NewSelect": true, "NewHyperlink": true, "NewCard": true,
	"NewRichTextWithText": true, "NewRichTextFromMarkdown": true, "NewTextGridFromString": true,
	"SetText": true, "SetPlaceHolder": true, "SetTitle": true, "SetSubTitle": true, "NewWindow": true,
	"NewToolbarAction": true, "NewMenuItem": true, "NewMenu": true, "NewTabItem": true, "NewTabItemWithIcon": true,
	"NewInformation": true, "NewError": true, "ShowInformation": true, "NewConfirm": true, "ShowConfirm": true,
	"NewCustom": true, "NewCustomConfirm": true, "ShowCustom": true, "ShowCustomConfirm": true,
	"NewFormItem": true, "SendNotification": true, "NewNotification": true, "Heading": true, "Wrapped": true,
	"ShowMessage": true, "Confirm": true, "CentredText": true, "TitleRow": true,
}

// TestNoUntranslatedText fails when a user-visible call gets a literal with
// letters in it: such text bypasses the translation layer. Literals without
// letters (" · ", "–") and empty ones are fine.
func TestNoUntranslatedText(t *testing.T) {
	var files []string
	for _, dir := range []string{".", filepath.Join("..", "..", "cmd")} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	fset := token.NewFileSet()
	checked := 0
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !shownArgs[calleeName(call.Fun)] {
				return true
			}
			checked++
			for _, arg := range call.Args {
				ast.Inspect(arg, func(n ast.Node) bool {
					if inner, ok := n.(*ast.CallExpr); ok && calleeName(inner.Fun) != "" && !shownArgs[calleeName(inner.Fun)] {
						return false // i18n.T("key") and other calls make their own text
					}
					lit, ok := n.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						return true
					}
					s, _ := strconv.Unquote(lit.Value)
					if strings.IndexFunc(s, unicode.IsLetter) >= 0 {
						t.Errorf("%s: %q is shown to users without translation", fset.Position(lit.Pos()), s)
					}
					return true
				})
			}
			return true
		})
	}
	if checked < 20 {
		t.Fatalf("only %d user-visible calls found: the check looks in the wrong place", checked)
	}
}

func calleeName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}
