package syncclient_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// sealing makes a laptop's first profile (which seals its data) and has
// its file store seal what it takes in, as the app does.
func sealing(t *testing.T, l *fileLaptop, pin string) *alliance.Profile {
	t.Helper()
	l.db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
	p := &alliance.Profile{Name: "Koordinator " + l.name, Kind: alliance.SecretPIN}
	if err := sqlite.NewProfileService(l.db).CreateProfile(context.Background(), p, pin); err != nil {
		t.Fatal(err)
	}
	l.files.UseKeys(l.db.FileKeys)
	return p
}

// TestSealedLaptops_CopiedFolder: a member laptop records a child's entry
// with a drawing and a consent scan, sends them, and the secretariat's
// laptop fetches them. Both laptops' folders, copied once the app is
// closed, hold neither the child's name, school, settlement or guardian
// nor a byte of the drawing or the scan. Started again, nothing personal
// reads until a sign-in; a coordinator who forgot every PIN gets the
// laptop back with the secretariat's recovery key, and nothing is lost.
func TestSealedLaptops_CopiedFolder(t *testing.T) {
	ctx := context.Background()
	private, public, err := vault.NewRecoveryKey("the secretariat's long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	w := newContestWorld(t, nil)
	if err := w.srv.store.SetRecoveryKey(ctx, public); err != nil {
		t.Fatal(err)
	}
	coord := sealing(t, w.member, "480915")
	sealing(t, w.sec, "731904")

	drawing := bytes.Repeat([]byte("DRAWING-OF-XƏYALƏ-BYTES "), 20000) // several chunks
	scanBytes := bytes.Repeat([]byte("CONSENT-SCAN-SƏBİNƏ "), 3000)
	art, err := putFile(w.member, drawing, "Xəyalə Qəmbərova - dağlar.jpg")
	if err != nil {
		t.Fatal(err)
	}
	scan, err := putFile(w.member, scanBytes, "razılıq Səbinə Qəmbərova.pdf")
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	e := &alliance.Entry{ContestID: w.contest.ID, FirstName: "Xəyalə", LastName: "Qəmbərova", Age: 12, Gender: alliance.Female,
		School: "Qusar 3 nömrəli məktəb", Grade: "6", RegionID: "guba-khachmaz", Settlement: "Həsənqala", Category: alliance.CatFilm,
		Title: "Qusarın dağları", Files: []alliance.FileRef{art},
		Consent: alliance.Consent{GuardianName: "Səbinə Qəmbərova", Relation: alliance.RelMother, Date: alliance.Today(), Publication: &yes, Scan: &scan}}
	cs := sqlite.NewContestService(w.member.db)
	if err := cs.CreateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := cs.SubmitEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	w.member.sync()
	if err := w.member.pass(); err != nil {
		t.Fatal(err)
	}
	w.sec.sync()
	w.sec.tr.Fetch(art)
	w.sec.tr.Fetch(scan)
	if err := w.sec.pass(); err != nil {
		t.Fatal(err)
	}
	if got, err := sqlite.NewContestService(w.sec.db).FindEntryByID(ctx, e.ID); err != nil || got.LastName != "Qəmbərova" {
		t.Fatalf("the secretariat's copy: %+v, %v", got, err)
	}
	for _, l := range []*fileLaptop{w.member, w.sec} {
		f, err := l.files.Open(art.Hash)
		if err != nil {
			t.Fatalf("%s: %v", l.name, err)
		}
		got, err := io.ReadAll(f)
		f.Close()
		if err != nil || !bytes.Equal(got, drawing) {
			t.Fatalf("%s reads the drawing back: %v", l.name, err)
		}
	}
	request, err := sqlite.NewProfileService(w.member.db).RecoveryRequest(ctx)
	if err != nil {
		t.Fatalf("no recovery request after a sync with a recovery key: %v", err)
	}
	if holding(t, w.srv.dir, "Qəmbərova") == 0 {
		t.Fatal("the name never reached the server: the search below proves nothing")
	}

	w.member.close()
	w.sec.close()
	secrets := []string{"Xəyalə", "Qəmbərova", "Qusar 3 nömrəli", "Həsənqala", "Səbinə", "DRAWING-OF", "CONSENT-SCAN"}
	for _, dir := range []string{w.member.dir, w.sec.dir} {
		for _, s := range secrets {
			if n := holding(t, dir, s); n > 0 {
				t.Errorf("%d files of a copied laptop folder %s hold %q", n, dir, s)
			}
		}
	}

	// Every PIN forgotten: the request goes to the secretariat, which
	// opens it off the server and sends back a code.
	w.member.open()
	w.member.db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
	if _, err := sqlite.NewContestService(w.member.db).FindEntryByID(ctx, e.ID); alliance.ErrorCode(err) != alliance.EUNAVAILABLE {
		t.Fatalf("the entry before anyone signed in: %v", err)
	}
	profiles := sqlite.NewProfileService(w.member.db)
	if err := profiles.Recover(ctx, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH-IIII-JJJJ-KKKK-LLLL-MMMM", coord.ID, alliance.SecretPIN, "260417"); err == nil {
		t.Fatal("a wrong recovery code was taken")
	}
	about, code, err := vault.OpenRecovery(request, private, "the secretariat's long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(about, "Koordinator member") {
		t.Fatalf("the request says %q: the secretariat cannot tell whose laptop it is", about)
	}
	if err := profiles.Recover(ctx, code, coord.ID, alliance.SecretPIN, "260417"); err != nil {
		t.Fatal(err)
	}
	profiles.SignOut()
	w.member.close()
	w.member.open()
	w.member.db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
	if _, err := sqlite.NewProfileService(w.member.db).SignIn(ctx, coord.ID, "260417"); err != nil {
		t.Fatalf("the new PIN after recovery: %v", err)
	}
	got, err := sqlite.NewContestService(w.member.db).FindEntryByID(ctx, e.ID)
	if err != nil || got.Consent.GuardianName != "Səbinə Qəmbərova" {
		t.Fatalf("after recovery: %+v, %v", got, err)
	}
}

// putFile puts content in the laptop's store, as a file named name.
func putFile(l *fileLaptop, content []byte, name string) (alliance.FileRef, error) {
	hash, size, _, err := l.files.Put(bytes.NewReader(content), 0)
	return alliance.FileRef{Hash: hash, Name: name, Type: alliance.TypeMP4, Size: size}, err
}

// TestSealedLaptops_Bundles: a sealed laptop's sync by file — its token
// and its key for replies are sealed — works once signed in, and after a
// new start asks for a sign-in first.
func TestSealedLaptops_Bundles(t *testing.T) {
	ctx := context.Background()
	w := newContestWorld(t, nil)
	coord := sealing(t, w.member, "480915")
	a := w.member.add("Möhürlü noutbukdan")
	var b bytes.Buffer
	if _, err := w.member.syncer.WriteBundle(ctx, &b, w.member.files); err != nil {
		t.Fatal(err)
	}
	var r bytes.Buffer
	if _, err := w.srv.store.ImportBundle(ctx, bytes.NewReader(b.Bytes()), &r); err != nil {
		t.Fatal(err)
	}
	e, err := w.member.store.Enrolment(ctx)
	if err != nil || e.Token == "" {
		t.Fatalf("enrolment: %v", err)
	}
	w.member.close()
	// With the token or the key in the clear, a copy of the folder could
	// sync as this laptop and pull the children's data from the server.
	for _, secret := range []string{"AGE-SECRET-KEY", e.Token} {
		if n := holding(t, w.member.dir, secret); n > 0 {
			t.Fatalf("a secret of the laptop is in the clear in %d files", n)
		}
	}
	w.member.open()
	if _, err := w.member.syncer.ReadReply(ctx, bytes.NewReader(r.Bytes()), nil); err == nil {
		t.Fatal("a reply was taken before anyone signed in")
	}
	w.member.db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
	if _, err := sqlite.NewProfileService(w.member.db).SignIn(ctx, coord.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.member.syncer.ReadReply(ctx, bytes.NewReader(r.Bytes()), nil); err != nil {
		t.Fatal(err)
	}
	if w.member.pending() != 0 || w.member.get(a.ID) == nil {
		t.Fatal("the reply did not acknowledge the sealed laptop's change")
	}
}
