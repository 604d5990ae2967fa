package syncclient_test

import (
	"context"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestSync_Attachments: an activity's photo of children without the
// guardians' consent to share reaches the laptops of its organisation and
// no other — not the secretariat's, which keeps the activity's report as
// it keeps every file; once consent is recorded, the secretariat gets the
// photo too. Another organisation's laptop gets neither.
func TestSync_Attachments(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	orgS := srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	orgB := srv.org("Quba Gənclər Evi", "guba-khachmaz", false)
	a1, a2 := withFiles(t, newLaptop(t, "a1")), withFiles(t, newLaptop(t, "a2"))
	sec, b := withFiles(t, newLaptop(t, "sec")), withFiles(t, newLaptop(t, "b"))
	a1.enroll(srv, orgA)
	a2.enroll(srv, orgA)
	sec.enroll(srv, orgS)
	b.enroll(srv, orgB)

	photo, report := a1.randomFile(t, 300<<10), a1.randomFile(t, 40<<10)
	photo.Name, photo.Type, report.Name, report.Type = "qrup.jpg", alliance.TypeJPEG, "hesabat.pdf", alliance.TypePDF
	act := a1.add("Uşaqlarla görüş")
	act.Attachments = []alliance.Attachment{{FileRef: photo, Kind: alliance.AttachPhoto, Children: true},
		{FileRef: report, Kind: alliance.AttachReport}}
	acts := sqlite.NewActivityService(a1.db)
	if err := acts.UpdateActivity(ctx, act); err != nil {
		t.Fatal(err)
	}
	a1.sync()
	if err := a1.pass(); err != nil {
		t.Fatal(err)
	}
	for _, l := range []*fileLaptop{a2, sec, b} {
		l.sync()
		l.tr.Fetch(photo)
		l.tr.Fetch(report)
		if err := l.pass(); err != nil {
			t.Fatal(err)
		}
	}
	if !a2.files.Has(photo.Hash) || !a2.files.Has(report.Hash) {
		t.Fatal("a laptop of the same organisation lacks the files")
	}
	if sec.files.Has(photo.Hash) {
		t.Fatal("the secretariat got a photo of children kept within the organisation")
	}
	if !sec.files.Has(report.Hash) {
		t.Fatal("the secretariat lacks the activity's report")
	}
	if b.files.Has(photo.Hash) || b.files.Has(report.Hash) {
		t.Fatal("another organisation's laptop got the files")
	}

	// The guardians agree: the photo may go beyond the organisation.
	got, err := acts.FindActivityByID(ctx, act.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Attachments[0].Consent = true
	if err := acts.UpdateActivity(ctx, got); err != nil {
		t.Fatal(err)
	}
	a1.sync()
	sec.sync()
	sec.clock.Set(24 * 60 * 60 * 1e9) // past any wait after the refusal
	sec.tr.Fetch(photo)
	if err := sec.pass(); err != nil {
		t.Fatal(err)
	}
	if !sec.files.Has(photo.Hash) {
		t.Fatalf("the secretariat lacks the photo shared with consent: %+v", sec.state(t, photo.Hash, false))
	}
}
