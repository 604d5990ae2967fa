package syncclient_test

import (
	"context"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestSync_Directory: a member edits its own profile on its laptop and
// every laptop has it after a sync; the secretariat adds an organisation
// from its laptop and every laptop has that too; a member's laptop that
// edits another organisation's profile (a hostile or broken one: the
// screen never offers it) gets the change set aside and the profile back
// as the server holds it.
func TestSync_Directory(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	orgS := srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	orgB := srv.org("Quba Gənclər Evi", "guba-khachmaz", false)
	a, b, s := newLaptop(t, "a"), newLaptop(t, "b"), newLaptop(t, "s")
	a.enroll(srv, orgA)
	b.enroll(srv, orgB)
	s.enroll(srv, orgS)
	for _, l := range []*laptop{a, b, s} {
		l.sync()
	}
	orgsOf := func(l *laptop) *sqlite.OrganisationService { return sqlite.NewOrganisationService(l.db) }

	mine, err := orgsOf(a).FindOrganisationByID(ctx, orgA)
	if err != nil {
		t.Fatal(err)
	}
	mine.NameEN, mine.Email, mine.Regions = "Shaki Children's Centre", "info@sheki-usaq.az", []string{"shaki-zagatala", "baku"}
	if err := orgsOf(a).UpdateOrganisation(ctx, mine); err != nil {
		t.Fatal(err)
	}
	added := &alliance.Organisation{Name: "Lənkəran Uşaq Parlamenti", Kind: alliance.OrgChildGroup, RegionID: "lankaran-astara",
		OrgProfile: alliance.OrgProfile{Joined: 2024, Areas: []alliance.Area{alliance.AreaParticipation}}}
	if err := orgsOf(s).CreateOrganisation(ctx, added); err != nil {
		t.Fatal(err)
	}
	theirs, err := orgsOf(a).FindOrganisationByID(ctx, orgB)
	if err != nil {
		t.Fatal(err)
	}
	theirs.Email = "hijack@example.com"
	if err := orgsOf(a).UpdateOrganisation(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	for _, l := range []*laptop{a, s, b, a, s, b} {
		l.sync()
	}
	for _, l := range []*laptop{a, b, s} {
		got, err := orgsOf(l).FindOrganisationByID(ctx, orgA)
		if err != nil || got.NameIn("en") != "Shaki Children's Centre" || got.Email != "info@sheki-usaq.az" || len(got.Regions) != 2 {
			t.Errorf("%s sees A as %+v (%v)", l.name, got, err)
		}
		if _, err := orgsOf(l).FindOrganisationByID(ctx, added.ID); err != nil {
			t.Errorf("%s lacks the organisation the secretariat added: %v", l.name, err)
		}
		other, err := orgsOf(l).FindOrganisationByID(ctx, orgB)
		if err != nil || other.Email != "" {
			t.Errorf("%s sees B's e-mail as %q (%v)", l.name, other.Email, err)
		}
	}
	if a.pending() != 0 {
		t.Fatalf("a still has %d changes to send", a.pending())
	}
}
