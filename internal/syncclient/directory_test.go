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
	if err := orgsOf(a).UpdateOrganisation(ctx, theirs); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("a member's laptop changed another organisation's profile: %v", err)
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

// TestSync_Logo: a member's logo reaches every laptop by itself, another
// member's included (an organisation's logo is public); a laptop that
// names a logo it never sent cannot read it through that.
func TestSync_Logo(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	orgB := srv.org("Quba Gənclər Evi", "guba-khachmaz", false)
	a, b := withFiles(t, newLaptop(t, "a")), withFiles(t, newLaptop(t, "b"))
	a.enroll(srv, orgA)
	b.enroll(srv, orgB)
	a.sync()
	b.sync()
	logo := a.randomFile(t, 20<<10)
	logo.Type, logo.Name = alliance.TypePNG, "loqo.png"
	orgs := sqlite.NewOrganisationService(a.db)
	mine, err := orgs.FindOrganisationByID(ctx, orgA)
	if err != nil {
		t.Fatal(err)
	}
	mine.Logo = &logo
	if err := orgs.UpdateOrganisation(ctx, mine); err != nil {
		t.Fatal(err)
	}
	a.sync()
	if err := a.pass(); err != nil {
		t.Fatal(err)
	}
	b.sync()
	if err := b.pass(); err != nil {
		t.Fatal(err)
	}
	if !b.files.Has(logo.Hash) {
		t.Fatalf("another member lacks the logo: %+v", b.state(t, logo.Hash, false))
	}
	// A keeps a photo of children to itself (sent with an activity); B
	// names it as its own logo without ever sending it: B still cannot
	// read it.
	secret := a.randomFile(t, 10<<10)
	secret.Type, secret.Name = alliance.TypePNG, "x.png"
	act := a.add("Görüş")
	act.Attachments = []alliance.Attachment{{FileRef: secret, Kind: alliance.AttachPhoto, Children: true}}
	if err := sqlite.NewActivityService(a.db).UpdateActivity(ctx, act); err != nil {
		t.Fatal(err)
	}
	a.sync()
	if err := a.pass(); err != nil {
		t.Fatal(err)
	}
	theirs, _ := sqlite.NewOrganisationService(b.db).FindOrganisationByID(ctx, orgB)
	theirs.Logo = &secret
	if err := sqlite.NewOrganisationService(b.db).UpdateOrganisation(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	b.sync()
	b.tr.Fetch(secret)
	if err := b.pass(); err != nil {
		t.Fatal(err)
	}
	if b.files.Has(secret.Hash) {
		t.Fatal("naming a file it never sent let a laptop read it")
	}
}
