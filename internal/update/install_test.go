package update

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

func TestInstall(t *testing.T) {
	dir := t.TempDir()
	program := filepath.Join(dir, "alliance")
	writeFile(t, program, []byte("version 1.2.0"))
	file := filepath.Join(t.TempDir(), "release")
	writeFile(t, file, packed(t, "version 1.3.0"))

	if err := Install(program, file); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, program); got != "version 1.3.0" {
		t.Fatalf("program after Install = %q", got)
	}
	if got := readFile(t, PreviousPath(program)); got != "version 1.2.0" {
		t.Fatalf("previous after Install = %q", got)
	}
	if st, err := os.Stat(program); err != nil || st.Mode().Perm()&0o100 == 0 {
		t.Fatalf("the new program is not executable: %v %v", st.Mode(), err)
	}

	if err := GoBack(program); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, program); got != "version 1.2.0" {
		t.Fatalf("program after GoBack = %q", got)
	}
	if _, err := os.Stat(PreviousPath(program)); !os.IsNotExist(err) {
		t.Fatalf("the previous version is still kept after going back: %v", err)
	}
	CleanUp(program)
	if names := dirNames(t, dir); len(names) != 1 {
		t.Fatalf("left beside the program after CleanUp: %v", names)
	}
	if err := GoBack(program); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("GoBack with nothing kept = %v", err)
	}
}

// TestInstall_Damaged: a release that does not unpack, or unpacks to
// more than a program can be, leaves the running program as it was, and
// nothing beside it.
func TestInstall_Damaged(t *testing.T) {
	dir := t.TempDir()
	program := filepath.Join(dir, "alliance.exe")
	writeFile(t, program, []byte("version 1.2.0"))
	cut := packed(t, "version 1.3.0 and a long tail to cut off at the end")
	for name, data := range map[string][]byte{
		"not xz":    []byte("MZ this is a program, not a release"),
		"cut short": cut[:len(cut)-8],
	} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "release")
			writeFile(t, file, data)
			err := Install(program, file)
			var e *alliance.Error
			if !asError(err, &e) || e.Key != "error.update_damaged" {
				t.Fatalf("Install = %v; want error.update_damaged", err)
			}
			if got := readFile(t, program); got != "version 1.2.0" {
				t.Fatalf("program after a failed Install = %q", got)
			}
			if names := dirNames(t, dir); len(names) != 1 {
				t.Fatalf("left beside the program: %v", names)
			}
		})
	}
}

// TestInstall_ReadOnlyFolder: a program installed where this user cannot
// write (a system-wide install) says so, and stays.
func TestInstall_ReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into a read-only folder")
	}
	dir := t.TempDir()
	program := filepath.Join(dir, "alliance")
	writeFile(t, program, []byte("version 1.2.0"))
	file := filepath.Join(t.TempDir(), "release")
	writeFile(t, file, packed(t, "version 1.3.0"))
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	err := Install(program, file)
	var e *alliance.Error
	if !asError(err, &e) || e.Key != "error.update_cannot_write" {
		t.Fatalf("Install = %v; want error.update_cannot_write", err)
	}
	if got := readFile(t, program); got != "version 1.2.0" {
		t.Fatalf("program = %q", got)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}
