package safefile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWrite_Durable: the file's bytes reach the disk before it takes its
// name, and the rename is flushed with its folder after: a power cut
// leaves the old file or the whole new one, never an empty "complete" one.
func TestWrite_Durable(t *testing.T) {
	var events []string
	path := filepath.Join(t.TempDir(), "sertifikat.pdf")
	oldFile, oldDir := syncFile, syncDir
	t.Cleanup(func() { syncFile, syncDir = oldFile, oldDir })
	syncFile = func(f *os.File) error {
		if _, err := os.Stat(path); err == nil {
			events = append(events, "file synced after the rename")
		} else {
			events = append(events, "file")
		}
		return f.Sync()
	}
	syncDir = func(dir string) {
		if _, err := os.Stat(path); err != nil {
			events = append(events, "folder synced before the rename")
		} else {
			events = append(events, "folder")
		}
	}
	if err := WriteBytes(path, []byte("%PDF-1.4")); err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0] != "file" || events[1] != "folder" {
		t.Fatalf("flushes %v, want the file before the rename and the folder after", events)
	}
}
