package alliance_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// TestActivityFields: the list holds every field of an activity once (a
// field added to Activity and not to the list would be neither stored,
// synced nor exported), and each field's plain value sets it back.
func TestActivityFields(t *testing.T) {
	want := []string{alliance.FieldOrg, alliance.FieldKind, alliance.FieldTitle, alliance.FieldStart, alliance.FieldEnd,
		alliance.FieldRegion, alliance.FieldSettlement, alliance.FieldAreas, alliance.FieldAudiences, alliance.FieldGirls,
		alliance.FieldBoys, alliance.FieldWomen, alliance.FieldMen, alliance.FieldDisabled, alliance.FieldPartners,
		alliance.FieldDescription, alliance.FieldResults, alliance.FieldFollowUp, alliance.FieldRecordedBy, alliance.FieldCRC, alliance.FieldAttachments, alliance.FieldCampaigns, alliance.FieldUses}
	seen := map[string]bool{}
	for _, f := range alliance.ActivityFields {
		if seen[f.Name] {
			t.Fatalf("%s twice", f.Name)
		}
		seen[f.Name] = true
		if f.Export == "" {
			t.Errorf("%s has no export column", f.Name)
		}
	}
	for _, name := range want {
		if !seen[name] {
			t.Errorf("%s is not in the list", name)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("%d fields, want %d", len(seen), len(want))
	}
	// Every exported field of Activity but the record's own (id, times,
	// deleted) is a field of the list: one more field fails here first.
	if n := reflect.TypeOf(alliance.Activity{}).NumField() - 4 + reflect.TypeOf(alliance.Reached{}).NumField() - 1; n != len(want) {
		t.Errorf("Activity has %d fields, the list %d", n, len(want))
	}

	a := &alliance.Activity{Kind: alliance.KindTraining, Title: "Uşaq hüquqları", Start: alliance.NewDate(2025, 3, 3),
		End: alliance.NewDate(2025, 3, 4), RegionID: "baku", OrgID: "org", Settlement: "Şəki",
		Areas: []alliance.Area{alliance.AreaEducation}, Audiences: []alliance.Audience{alliance.AudTeachers}, CRC: []alliance.Article{"28", "37.a"},
		Attachments: []alliance.Attachment{{FileRef: alliance.FileRef{Hash: strings.Repeat("ab", 32), Name: "qrup.jpg",
			Type: alliance.TypeJPEG, Size: 1000}, Kind: alliance.AttachPhoto, Children: true}},
		Campaigns: []string{alliance.NewID()}, Resources: []alliance.ResourceUse{{ResourceID: alliance.NewID(), Copies: 40}},
		Reached: alliance.Reached{Girls: 1, Boys: 2, Women: 3, Men: 4, Disabled: 5}, Partners: "UNICEF", Description: "d",
		Results: "r", FollowUp: "f", RecordedBy: "Aynur"}
	var b alliance.Activity
	for _, f := range alliance.ActivityFields {
		if err := f.SetValue(&b, f.Value(a)); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(&b, a) {
		t.Fatalf("set back:\n%+v\nwant\n%+v", b, *a)
	}
	if err := alliance.ActivityFields[0].SetValue(&b, 7); err == nil {
		t.Fatal("a date set from a number")
	}
}
