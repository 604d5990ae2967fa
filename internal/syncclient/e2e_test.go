package syncclient_test

import (
	"context"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestSync_EndToEnd: two laptops of organisation A, one of B, one of the
// secretariat, each recording offline; after syncing, A's laptops agree, B
// sees none of A's records, the secretariat sees all.
func TestSync_EndToEnd(t *testing.T) {
	srv := startServer(t)
	orgS := srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	orgB := srv.org("Quba Gənclər Evi", "guba-khachmaz", false)

	a1, a2, b, s := newLaptop(t, "a1"), newLaptop(t, "a2"), newLaptop(t, "b"), newLaptop(t, "s")
	// Recorded before enrolment: adopted by the laptop's organisation.
	early := a1.add("A1 before enrolment")
	a1.enroll(srv, orgA)
	a2.enroll(srv, orgA)
	b.enroll(srv, orgB)
	s.enroll(srv, orgS)
	if got := a1.get(early.ID).OrgID; got != orgA {
		t.Fatalf("a record made before enrolment belongs to %q, want the laptop's organisation", got)
	}

	a1.add("A1 one")
	a1.add("A1 two")
	a2.add("A2 one")
	b.add("B one")
	s.add("S one")
	for _, l := range []*laptop{a1, a2, b, s, a1, a2, b, s} {
		l.sync()
	}

	wantA := "A1 before enrolment,A1 one,A1 two,A2 one"
	for _, l := range []*laptop{a1, a2} {
		if got := l.titles(); got != wantA {
			t.Errorf("%s sees %s, want %s", l.name, got, wantA)
		}
		if l.pending() != 0 {
			t.Errorf("%s still has %d changes to send", l.name, l.pending())
		}
	}
	if got := b.titles(); got != "B one" {
		t.Errorf("b sees %s", got)
	}
	if got := s.titles(); got != "A1 before enrolment,A1 one,A1 two,A2 one,B one,S one" {
		t.Errorf("the secretariat sees %s", got)
	}
	// Organisations are shared reference data: every laptop has all three.
	for _, l := range []*laptop{a1, b} {
		orgs, err := sqlite.NewOrganisationService(l.db).FindOrganisations(context.Background())
		if err != nil || len(orgs) != 3 {
			t.Errorf("%s has %d organisations (%v)", l.name, len(orgs), err)
		}
	}

	// An edit and a delete on one laptop reach the other.
	x := a1.get(early.ID)
	x.Title = "A1 renamed"
	if err := a1.acts.UpdateActivity(context.Background(), x); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	rows, _ := a2.acts.FindActivities(context.Background(), alliance.ActivityFilter{})
	for _, r := range rows {
		ids[r.Title] = r.ID
	}
	if err := a2.acts.DeleteActivity(context.Background(), ids["A1 two"]); err != nil {
		t.Fatal(err)
	}
	for _, l := range []*laptop{a1, a2, a1, s} {
		l.sync()
	}
	want := "A1 one,A1 renamed,A2 one"
	if got := a1.titles(); got != want {
		t.Errorf("a1 sees %s, want %s", got, want)
	}
	if got := a2.titles(); got != want {
		t.Errorf("a2 sees %s, want %s", got, want)
	}
	if n, _ := s.acts.CountActivities(context.Background(), alliance.ActivityFilter{Query: "renamed"}); n != 1 {
		t.Errorf("the secretariat cannot find the renamed activity (%d)", n)
	}
}
