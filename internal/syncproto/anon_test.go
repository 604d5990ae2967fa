package syncproto

import (
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

func TestAnonymousEntryFields(t *testing.T) {
	f := AnonymousEntryFields()
	if len(f) != len(alliance.EntryPersonalFields) {
		t.Fatalf("%d fields, want %d: %v", len(f), len(alliance.EntryPersonalFields), f)
	}
	for _, name := range alliance.EntryPersonalFields {
		if f[name] == nil {
			t.Errorf("%s: no value", name)
		}
	}
	if string(f["first_name"]) != `""` || string(f["files"]) != `[]` {
		t.Fatalf("first_name %s, files %s", f["first_name"], f["files"])
	}
}
