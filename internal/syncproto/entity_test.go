package syncproto_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// TestActivityFields: an activity travels as every field of
// alliance.ActivityFields and deleted, and comes back whole; a field of
// the wrong type is refused, and one this version does not know ignored.
func TestActivityFields(t *testing.T) {
	a := &alliance.Activity{ID: alliance.NewID(), Kind: alliance.KindTraining, Title: "Uşaq hüquqları",
		Start: alliance.NewDate(2025, 3, 3), End: alliance.NewDate(2025, 3, 4), RegionID: "baku", OrgID: "org",
		Settlement: "Şəki", Areas: []alliance.Area{alliance.AreaEducation}, Audiences: []alliance.Audience{}, CRC: []alliance.Article{"19", "24.3"},
		Reached: alliance.Reached{Girls: 1, Boys: 2, Women: 3, Men: 4, Disabled: 5}, Partners: "UNICEF",
		Description: "d", Results: "r", FollowUp: "f", RecordedBy: "Aynur", Deleted: true}
	fs := syncproto.ActivityFields(a)
	if len(fs) != len(alliance.ActivityFields)+1 {
		t.Fatalf("%d fields travel, want %d", len(fs), len(alliance.ActivityFields)+1)
	}
	for _, f := range alliance.ActivityFields {
		if _, ok := fs[f.Name]; !ok {
			t.Errorf("%s does not travel", f.Name)
		}
	}
	fs["mood"] = json.RawMessage(`"sunny"`)
	got, err := syncproto.ActivityFromFields(a.ID, fs)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Fatalf("came back as\n%+v\nwant\n%+v", *got, *a)
	}
	fs[alliance.FieldGirls] = json.RawMessage(`"many"`)
	if _, err := syncproto.ActivityFromFields(a.ID, fs); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("girls as a text: %v", err)
	}
}

// TestOrganisationFields: an organisation without a profile travels with
// the five fields a laptop of before profiles knows, so that it takes the
// record; a profile's fields travel when set, and every one is known.
func TestOrganisationFields(t *testing.T) {
	o := &alliance.Organisation{Name: "QHT", Kind: alliance.OrgNGO, RegionID: "baku"}
	fs := syncproto.OrganisationFields(o, false)
	if len(fs) != 5 {
		t.Fatalf("a bare organisation travels with %v", fs)
	}
	o.Email, o.Regions = "info@qht.az", []string{"baku"}
	fs = syncproto.OrganisationFields(o, false)
	if string(fs[alliance.FieldOrgEmail]) != `"info@qht.az"` || string(fs[alliance.FieldOrgRegions]) != `["baku"]` || len(fs) != 7 {
		t.Fatalf("with a profile: %v", fs)
	}
	for _, name := range []string{alliance.FieldOrgNameRU, alliance.FieldOrgLogo, alliance.FieldOrgJoined, "name", "deleted"} {
		if !syncproto.KnownField(syncproto.EntityOrganisation, name) {
			t.Errorf("%s is not a known field", name)
		}
	}
	back, _, err := syncproto.OrganisationFromFields("id", fs)
	if err != nil || back.Email != o.Email || back.NameRU != "" {
		t.Fatalf("back %+v (%v)", back, err)
	}
}
