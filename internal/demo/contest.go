package demo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// contests makes two contests as the secretariat: last year's, judged and
// published, and this year's, open, with entries coming in and the jury at
// work. Entries belong to the member organisations; each has a drawing
// made on the fly and the guardian's consent.
func contests(ctx context.Context, svc Services, rng *rand.Rand, orgs []alliance.Organisation, entries int) error {
	today := alliance.Today()
	jury := []alliance.Juror{{Name: "Nərgiz Əlizadə"}, {Name: "Tural Həsənov"}, {Name: "Sevinc Babayeva"}}
	rubric := []alliance.Criterion{{Name: "Mövzuya uyğunluq", Weight: 2}, {Name: "Yaradıcılıq", Weight: 2}, {Name: "İfadə və texnika", Weight: 1}}
	groups := []alliance.AgeGroup{{Min: 6, Max: 9}, {Min: 10, Max: 13}, {Min: 14, Max: 17}}
	cats := []alliance.Category{alliance.CatDrawing, alliance.CatPoster, alliance.CatPhoto}
	past := &alliance.Contest{Title: fmt.Sprintf("Mənim hüquqlarım – %d", today.Year-1), Theme: "Uşaq hüquqları gündəlik həyatımızda",
		Categories: cats, AgeGroups: groups, Opens: today.AddDays(-5), Closes: today.AddDays(5), JudgingEnds: today.AddDays(20),
		Criteria: rubric, Jury: jury, Winners: 3}
	current := &alliance.Contest{Title: fmt.Sprintf("Uşaq gözü ilə – %d", today.Year), Theme: "Zorakılığa yox deyək: təhlükəsiz məktəb, təhlükəsiz ev",
		Categories: cats, AgeGroups: groups, Opens: today.AddDays(-40), Closes: today.AddDays(20), JudgingEnds: today.AddDays(45),
		Criteria: append([]alliance.Criterion(nil), rubric...), Jury: append([]alliance.Juror(nil), jury...), Winners: 3}
	for _, c := range []*alliance.Contest{past, current} {
		if err := svc.Contests.CreateContest(ctx, c); err != nil {
			return fmt.Errorf("contest: %w", err)
		}
	}
	art, err := artworks(ctx, svc.Files, rng, entries)
	if err != nil {
		return err
	}
	members := orgs[1:]
	nPast := entries * 2 / 3
	for i := 0; i < entries; i++ {
		c := past
		if i >= nPast {
			c = current
		}
		e := entry(rng, c, members[rng.IntN(len(members))], art[i], today)
		if err := svc.Contests.CreateEntry(ctx, e); err != nil {
			return fmt.Errorf("entry: %w", err)
		}
		if c == current && rng.IntN(6) == 0 {
			continue // still a draft
		}
		if err := svc.Contests.SubmitEntry(ctx, e.ID); err != nil {
			return fmt.Errorf("submit: %w", err)
		}
	}
	if err := judge(ctx, svc, rng, past, 1.0); err != nil {
		return err
	}
	if err := svc.Contests.PublishResults(ctx, past.ID); err != nil {
		return err
	}
	// Last year's contest gets last year's dates, now that it is over.
	if p, err := svc.Contests.FindContestByID(ctx, past.ID); err == nil {
		p.Opens, p.Closes, p.JudgingEnds = today.AddDays(-400), today.AddDays(-340), today.AddDays(-320)
		if err := svc.Contests.UpdateContest(ctx, p); err != nil {
			return err
		}
	}
	return judge(ctx, svc, rng, current, 0.4)
}

// artworks draws n pictures (on every core) and adds them to the file
// store, as scans of the children's work would be.
func artworks(ctx context.Context, files alliance.FileService, rng *rand.Rand, n int) ([]alliance.FileRef, error) {
	seeds := make([]uint64, n)
	for i := range seeds {
		seeds[i] = rng.Uint64()
	}
	out := make([]alliance.FileRef, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				r := rand.New(rand.NewPCG(seeds[i], uint64(i)))
				w, h := 720, 540
				if r.IntN(3) == 0 {
					w, h = 540, 720 // a portrait sheet
				}
				out[i], errs[i] = files.AddFile(ctx, fmt.Sprintf("scan-%03d.jpg", i+1), bytes.NewReader(Artwork(r, w, h)), alliance.PurposeArtwork)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

var workTitles = []string{"Evimiz", "Mənim hüququm", "Təhlükəsiz məktəb", "Dostluq", "Ailəm", "Oyun hər uşağın hüququdur",
	"Gələcəyim", "Səsimizi eşidin", "Birlikdə güclüyük", "Məktəbə gedən yol", "Sülh", "Nənəmin bağı", "Bizim həyət"}

var schools = []string{"1 nömrəli tam orta məktəb", "5 nömrəli məktəb-lisey", "12 nömrəli tam orta məktəb", "Uşaq incəsənət məktəbi", "Gənclər evi"}

// entry is one child's entry for org: a member's record with consent.
func entry(rng *rand.Rand, c *alliance.Contest, org alliance.Organisation, art alliance.FileRef, today alliance.Date) *alliance.Entry {
	g := rng.IntN(2)
	age := 6 + rng.IntN(12)
	allowed := rng.IntN(4) > 0
	first, last := pick(rng, firstNames[g]), pick(rng, lastNames[g])
	return &alliance.Entry{
		ContestID: c.ID, OrgID: org.ID, FirstName: first, LastName: last, Age: age, Gender: alliance.Genders[g],
		School: pick(rng, schools), Grade: fmt.Sprint(max(1, min(11, age-6))), RegionID: org.RegionID,
		Settlement: pick(rng, settlements[org.RegionID]), Category: c.Categories[rng.IntN(len(c.Categories))],
		Title: pick(rng, workTitles), Files: []alliance.FileRef{art},
		Consent: alliance.Consent{GuardianName: pick(rng, firstNames[0]) + " " + pick(rng, lastNames[0]), Relation: alliance.RelMother,
			Date: today.AddDays(-rng.IntN(5)), Publication: &allowed},
	}
}

// judge has every judge score a share of the pool, with marks around each
// work's own merit; a judge sometimes disagrees, sometimes stops half-way.
func judge(ctx context.Context, svc Services, rng *rand.Rand, c *alliance.Contest, share float64) error {
	pool, err := svc.Contests.FindJuryEntries(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, e := range pool {
		merit := 3 + rng.IntN(7)
		for _, j := range c.Jury {
			if rng.Float64() > share {
				continue
			}
			s := &alliance.Score{EntryID: e.EntryID, JurorID: j.ID, Marks: map[string]int{}, Comments: map[string]string{}}
			for k, cr := range c.Criteria {
				if share < 1 && k == len(c.Criteria)-1 && rng.IntN(5) == 0 {
					break // to finish later
				}
				m := merit + rng.IntN(3) - 1
				if rng.IntN(25) == 0 {
					m = merit + 5 - rng.IntN(10) // sees it otherwise
				}
				s.Marks[cr.ID] = max(1, min(alliance.MaxMark, m))
			}
			if rng.IntN(4) == 0 {
				s.Comments[c.Criteria[0].ID] = pick(rng, []string{"Mövzu çox yaxşı açılıb", "Rənglər canlıdır", "Fikir maraqlıdır", "Daha çox diqqət lazımdır"})
			}
			if err := svc.Contests.SaveScore(ctx, s); err != nil {
				return err
			}
		}
	}
	return nil
}
