// Package demo fills a data folder with realistic demo data: the alliance's
// 59 member organisations over every region and years of activities with
// Azerbaijani (and some Russian) names and text, so that every screen can be
// seen filled and the benchmarks have something real to chew on.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/fold"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// Services are the store services the demo writes through; Trainings and
// Certificates may be nil (no trainings are made then), and so may
// Contests and Files (no contests).
type Services struct {
	Activities    alliance.ActivityService
	Organisations alliance.OrganisationService
	Settings      alliance.SettingsService
	Trainings     alliance.TrainingService
	Certificates  alliance.CertificateService
	Contests      alliance.ContestService
	Files         alliance.FileService
	Campaigns     alliance.CampaignService // nil: no campaigns
	Library       alliance.LibraryService  // nil (or no Files): no library
}

// Options control what Generate makes.
type Options struct {
	Organisations int    // default 59
	Activities    int    // default 2,000
	Trainings     int    // default 12 (with rosters, attendance and certificates)
	Entries       int    // contest entries, default 300 (with drawings made on the fly); -1 for none
	Seed          uint64 // the same seed makes the same data
	// Progress is called after each batch with the activities made so far.
	Progress func(done, total int)
}

// batch is how many activities one transaction saves.
const batch = 500

// Generate creates the organisations and activities.
func Generate(ctx context.Context, svc Services, opt Options) error {
	if opt.Organisations <= 0 {
		opt.Organisations = 59
	}
	if opt.Activities < 0 {
		opt.Activities = 0
	}
	if opt.Trainings == 0 {
		opt.Trainings = 12
	}
	if opt.Entries == 0 {
		opt.Entries = 300
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	orgs := Organisations(opt.Organisations, rng)
	for i := range orgs {
		if err := svc.Organisations.CreateOrganisation(ctx, &orgs[i]); err != nil {
			return fmt.Errorf("organisation %q: %w", orgs[i].Name, err)
		}
	}
	if svc.Contests != nil && svc.Files != nil && svc.Settings != nil && opt.Entries > 0 {
		// The contests are the secretariat's: made as its laptop would.
		if err := svc.Settings.SetSetting(ctx, alliance.SettingOrgID, orgs[0].ID); err != nil {
			return err
		}
		if err := contests(ctx, svc, rng, orgs, opt.Entries); err != nil {
			return err
		}
	}
	today := alliance.Today()
	var cs []alliance.Campaign
	if svc.Campaigns != nil && svc.Settings != nil {
		if err := svc.Settings.SetSetting(ctx, alliance.SettingOrgID, orgs[0].ID); err != nil {
			return err
		}
		var err error
		if cs, err = campaigns(ctx, svc, today); err != nil {
			return err
		}
	}
	var rs []alliance.Resource
	if svc.Library != nil && svc.Files != nil && svc.Settings != nil {
		if err := svc.Settings.SetSetting(ctx, alliance.SettingOrgID, orgs[0].ID); err != nil {
			return err
		}
		var err error
		if rs, err = library(ctx, svc); err != nil {
			return err
		}
	}
	if svc.Settings != nil {
		if err := svc.Settings.SetSetting(ctx, alliance.SettingOrgID, orgs[1].ID); err != nil {
			return err
		}
		if err := svc.Settings.SetSetting(ctx, alliance.SettingStaffName, staff[0]); err != nil {
			return err
		}
	}
	for done := 0; done < opt.Activities; {
		n := min(batch, opt.Activities-done)
		as := make([]*alliance.Activity, n)
		for i := range as {
			as[i] = Activity(rng, orgs, today)
			link(as[i], done+i, cs)
			uses(as[i], done+i, rs)
		}
		if err := svc.Activities.CreateActivities(ctx, as); err != nil {
			return err
		}
		done += n
		if opt.Progress != nil {
			opt.Progress(done, opt.Activities)
		}
	}
	if svc.Trainings == nil || svc.Certificates == nil {
		return nil
	}
	for i := 0; i < opt.Trainings; i++ {
		if err := training(ctx, svc, rng, orgs[1+i%(len(orgs)-1)], today); err != nil {
			return err
		}
	}
	return nil
}

// training makes one training of org with its roster, attendance and the
// certificates of those who completed it (the older ones).
func training(ctx context.Context, svc Services, rng *rand.Rand, org alliance.Organisation, today alliance.Date) error {
	area := alliance.Areas[rng.IntN(len(alliance.Areas))]
	start := today.AddDays(-rng.IntN(400))
	t := &alliance.Training{
		OrgID: org.ID, Title: topics[area] + " " + kindPhrase[alliance.KindTraining], Area: area,
		Audience: []alliance.Audience{alliance.AudTeachers, alliance.AudChildren, alliance.AudParents, alliance.AudNGOs}[rng.IntN(4)],
		Trainers: pick(rng, staff) + ", " + pick(rng, staff), RegionID: org.RegionID, Settlement: pick(rng, settlements[org.RegionID]),
		Place:       pick(rng, []string{"Gənclər evi", "Məktəb № 3, akt zalı", "Mədəniyyət mərkəzi", "Kitabxana"}),
		Signatories: pick(rng, staff) + ", təlimçi\n" + pick(rng, staff) + ", sədr",
		CRC:         demoArticles([]alliance.Area{area}, start),
	}
	for d := 0; d < 2+rng.IntN(3); d++ {
		t.Sessions = append(t.Sessions, alliance.Session{Date: start.AddDays(d), Start: "10:00", Hours: float64(2 + rng.IntN(3))})
	}
	if err := svc.Trainings.CreateTraining(ctx, t); err != nil {
		return err
	}
	var ps []*alliance.Participant
	for i := 0; i < 8+rng.IntN(15); i++ {
		g := rng.IntN(2)
		p := &alliance.Participant{TrainingID: t.ID, FullName: pick(rng, firstNames[g]) + " " + pick(rng, lastNames[g]),
			Gender: alliance.Genders[g], Role: alliance.RoleTeacher, Organisation: "Məktəb № " + fmt.Sprint(1+rng.IntN(40))}
		if t.Audience == alliance.AudChildren {
			p.Role, p.Organisation, p.BirthYear = alliance.RoleChild, "", today.Year-8-rng.IntN(9)
		}
		for _, s := range t.Sessions {
			if rng.IntN(10) < 8 {
				p.Attended = append(p.Attended, s.ID)
			}
		}
		ps = append(ps, p)
	}
	if err := svc.Trainings.CreateParticipants(ctx, ps); err != nil {
		return err
	}
	if start.Before(today.AddDays(-30)) {
		_, err := svc.Certificates.Issue(ctx, t.ID, nil, "")
		return err
	}
	return nil
}

// Organisations returns n member organisations spread over all regions;
// the first is the secretariat.
func Organisations(n int, rng *rand.Rand) []alliance.Organisation {
	out := []alliance.Organisation{{
		ID: alliance.NewID(), Name: "Etibarlı Gələcək Gənclər Təşkilatı (Katiblik)",
		Kind: alliance.OrgYouthGroup, RegionID: "baku", Secretariat: true,
	}}
	used := map[string]bool{out[0].Name: true}
	for i := 1; len(out) < n; i++ {
		region := alliance.RegionIDs[i%len(alliance.RegionIDs)]
		town := pick(rng, settlements[region])
		kind := alliance.OrgKinds[rng.IntN(len(alliance.OrgKinds))]
		var name string
		switch kind {
		case alliance.OrgChildGroup:
			name = town + " " + pick(rng, childGroupNames)
		case alliance.OrgYouthGroup:
			name = town + " " + pick(rng, youthGroupNames)
		default:
			name = town + " " + pick(rng, ngoNames)
		}
		if used[name] {
			name = fmt.Sprintf("%s %d", name, i)
		}
		used[name] = true
		out = append(out, alliance.Organisation{ID: alliance.NewID(), Name: name, Kind: kind, RegionID: region,
			OrgProfile: profile(i, name, town, region)})
	}
	return out
}

// profile is a member's directory profile, made from its place in the
// list (not the random source, so the rest of the demo stays as it was):
// a focal person, a phone, most an e-mail, some a website, the region it
// is based in and for every other one a neighbour, two priority areas.
func profile(i int, name, town, region string) alliance.OrgProfile {
	slug := strings.Trim(strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		}
		return '-'
	}, fold.String(name)), "-")
	slug = strings.Join(strings.FieldsFunc(slug, func(r rune) bool { return r == '-' }), "-")
	p := alliance.OrgProfile{
		Regions:     []string{region},
		Areas:       []alliance.Area{alliance.Areas[i%len(alliance.Areas)]},
		FocalPerson: staff[i%len(staff)] + ", " + []string{"sədr", "koordinator", "layihə rəhbəri"}[i%3],
		Phone:       fmt.Sprintf("+994 %d %03d %02d %02d", []int{12, 22, 24, 25, 50, 55, 70}[i%7], 100+i*7%900, i%100, (i*13)%100),
		Address:     town + ", " + []string{"Heydər Əliyev pr.", "Nizami küç.", "Gənclik küç.", "Mərkəzi meydan"}[i%4] + " " + fmt.Sprint(1+i%60),
		Joined:      2005 + i%18,
	}
	if second := alliance.Areas[(i*3+1)%len(alliance.Areas)]; second != p.Areas[0] {
		p.Areas = append(p.Areas, second)
	}
	if i%2 == 0 {
		if next := alliance.RegionIDs[(i+1)%len(alliance.RegionIDs)]; next != region {
			p.Regions = append(p.Regions, next)
		}
	}
	if i%5 != 0 {
		p.Email = "info@" + slug + ".az"
	}
	if i%3 == 0 {
		p.Website = "https://" + slug + ".az"
	}
	return p
}

// Activity returns one valid activity of a random organisation of orgs,
// dated within the three years before today.
func Activity(rng *rand.Rand, orgs []alliance.Organisation, today alliance.Date) *alliance.Activity {
	org := orgs[rng.IntN(len(orgs))]
	region := org.RegionID
	if rng.IntN(5) == 0 {
		region = alliance.RegionIDs[rng.IntN(len(alliance.RegionIDs))]
	}
	town := pick(rng, settlements[region])
	kind := alliance.ActivityKinds[rng.IntN(len(alliance.ActivityKinds))]
	area := alliance.Areas[rng.IntN(len(alliance.Areas))]
	areas := []alliance.Area{area}
	if rng.IntN(3) == 0 {
		if other := alliance.Areas[rng.IntN(len(alliance.Areas))]; other != area {
			areas = append(areas, other)
		}
	}
	aud := alliance.Audiences[rng.IntN(len(alliance.Audiences))]
	auds := []alliance.Audience{aud}
	if aud != alliance.AudChildren && rng.IntN(2) == 0 {
		auds = append(auds, alliance.AudChildren)
	}
	start := today.AddDays(-rng.IntN(3 * 365))
	end := start
	if rng.IntN(4) == 0 {
		end = start.AddDays(1 + rng.IntN(3))
	}
	r := alliance.Reached{Girls: rng.IntN(40), Boys: rng.IntN(40), Women: rng.IntN(15), Men: rng.IntN(10)}
	if r.Total() > 0 {
		r.Disabled = rng.IntN(r.Total()/5 + 1)
	}
	a := &alliance.Activity{
		OrgID: org.ID, Kind: kind, Title: topics[area] + " " + kindPhrase[kind],
		Start: start, End: end, RegionID: region, Settlement: town, Areas: areas, Audiences: auds, Reached: r,
		RecordedBy: pick(rng, staff),
	}
	a.CRC = demoArticles(areas, start)
	if rng.IntN(2) == 0 {
		a.Partners = pick(rng, partners)
	}
	if rng.IntN(10) == 0 {
		a.Description = fmt.Sprintf(russianText[rng.IntN(len(russianText))], town, r.Total())
	} else {
		a.Description = fmt.Sprintf(azText[rng.IntN(len(azText))], town, r.Total())
	}
	a.Results = pick(rng, results)
	if rng.IntN(3) == 0 {
		a.FollowUp = pick(rng, followUps)
	}
	return a
}

func pick(rng *rand.Rand, from []string) string { return from[rng.IntN(len(from))] }

// Words of the demo data.
var (
	settlements = map[string][]string{
		"baku":                {"Bakı", "Sabunçu", "Suraxanı", "Binəqədi", "Xətai", "Qaradağ"},
		"absheron-khizi":      {"Sumqayıt", "Xırdalan", "Xızı", "Masazır"},
		"mountainous-shirvan": {"Şamaxı", "İsmayıllı", "Ağsu", "Qobustan"},
		"ganja-dashkasan":     {"Gəncə", "Goranboy", "Göygöl", "Daşkəsən", "Samux"},
		"karabakh":            {"Şuşa", "Ağdam", "Tərtər", "Xankəndi", "Bərdə", "Füzuli"},
		"gazakh-tovuz":        {"Qazax", "Tovuz", "Ağstafa", "Şəmkir", "Gədəbəy"},
		"guba-khachmaz":       {"Quba", "Qusar", "Xaçmaz", "Şabran", "Siyəzən"},
		"lankaran-astara":     {"Lənkəran", "Astara", "Masallı", "Lerik", "Yardımlı"},
		"central-aran":        {"Yevlax", "Mingəçevir", "Ağdaş", "Göyçay", "Ucar", "Zərdab"},
		"mil-mughan":          {"İmişli", "Beyləqan", "Saatlı", "Sabirabad"},
		"shaki-zagatala":      {"Şəki", "Zaqatala", "Qax", "Balakən", "Oğuz", "Qəbələ"},
		"east-zangezur":       {"Laçın", "Kəlbəcər", "Qubadlı", "Zəngilan", "Cəbrayıl"},
		"nakhchivan":          {"Naxçıvan", "Ordubad", "Şərur", "Culfa"},
		"shirvan-salyan":      {"Şirvan", "Salyan", "Neftçala", "Hacıqabul"},
	}
	ngoNames        = []string{"Uşaq Hüquqları Mərkəzi", "Sosial İnkişaf İctimai Birliyi", "Qadın və Uşaq Resurs Mərkəzi", "Təhsil və Maarifləndirmə İB", "İnklüziv Cəmiyyət Təşəbbüsü"}
	childGroupNames = []string{"Uşaq Parlamenti", "Gənc Müxbirlər Qrupu", "Uşaq Təşəbbüs Qrupu", "Kiçik Rəssamlar Klubu"}
	youthGroupNames = []string{"Gənc Liderlər Birliyi", "Gənclər Təşəbbüsü", "Könüllülər Şəbəkəsi", "Gənclər Evi"}
	// Names by gender, as alliance.Genders: female, male.
	firstNames = [2][]string{
		{"Şəhla", "Gülnarə", "Aysel", "Leyla", "Nigar", "Səbinə", "Könül", "Zəhra", "Fidan", "Nərmin"},
		{"Ilqar", "Rəşad", "Elvin", "Tural", "Orxan", "Murad", "Cavid", "Əli", "Kamran", "Vüqar"},
	}
	lastNames = [2][]string{
		{"Əliyeva", "İsmayılova", "Quliyeva", "Abbasova", "Nağıyeva", "Əhmədova", "Hüseynova", "Məmmədova"},
		{"Çələbi", "Hüseynov", "Həsənov", "Rzayev", "Babayev", "Məmmədov", "Əliyev", "Qasımov"},
	}
	staff    = []string{"Aynur Məmmədova", "Şəhla Əliyeva", "Gülnarə İsmayılova", "Ilqar Çələbi", "Rəşad Hüseynov", "Leyla Quliyeva", "Elvin Həsənov", "Nigar Abbasova", "Tural Rzayev", "Səbinə Nağıyeva", "Orxan Babayev", "Könül Əhmədova"}
	partners = []string{"UNICEF", "Avropa İttifaqı", "Təhsil Nazirliyi", "Yerli icra hakimiyyəti", "Save the Children", "BMT İnkişaf Proqramı", "Gənclər və İdman Nazirliyi", "Uşaq Hüquqları üzrə Ombudsman Aparatı"}
	topics   = map[alliance.Area]string{
		alliance.AreaProtection:    "Uşaq hüquqlarının müdafiəsi",
		alliance.AreaEducation:     "Uşaq Hüquqları Konvensiyası",
		alliance.AreaHealth:        "Uşaqların sağlamlığı və gigiyena",
		alliance.AreaSocialCulture: "Uşaqların mədəni hüquqları",
		alliance.AreaDisabilities:  "Əlilliyi olan uşaqların inklüziv təhsili",
		alliance.AreaChildLabour:   "Uşaq əməyinin qarşısının alınması",
		alliance.AreaTrafficking:   "Uşaq alverinə qarşı mübarizə",
		alliance.AreaViolence:      "Məktəbdə zorakılığa yox deyək",
		alliance.AreaExploitation:  "Uşaqların istismardan qorunması",
		alliance.AreaParticipation: "Uşaqların qərar qəbulunda iştirakı",
	}
	kindPhrase = map[alliance.ActivityKind]string{
		alliance.KindTraining:   "üzrə təlim",
		alliance.KindSeminar:    "mövzusunda seminar",
		alliance.KindMeeting:    "üzrə üzvlərin görüşü",
		alliance.KindCampaign:   "kampaniyası çərçivəsində aksiya",
		alliance.KindConference: "üzrə regional konfrans",
		alliance.KindExhibition: "mövzusunda uşaq rəsmləri sərgisi",
		alliance.KindMarch:      "naminə uşaq yürüşü",
		alliance.KindContest:    "mövzusunda plakat müsabiqəsi",
		alliance.KindFilm:       "haqqında bir dəqiqəlik film",
		alliance.KindManual:     "üzrə müəllimlər üçün dərs vəsaiti",
		alliance.KindResearch:   "üzrə tədqiqat",
		alliance.KindDialogue:   "üzrə yerli icra hakimiyyəti ilə dialoq",
		alliance.KindUNReport:   "üzrə BMT Komitəsinə alternativ hesabat",
		alliance.KindOther:      "üzrə tədbir",
	}
	azText = []string{
		"%s şəhərində məktəblilər və müəllimlər üçün məşğələ keçirildi; %d iştirakçı BMT Uşaq Hüquqları Konvensiyasının əsas prinsipləri ilə tanış oldu.",
		"%s rayonunda valideynlər və yerli icra nümayəndələri ilə görüş təşkil olundu, %d nəfər uşaqların təhlükəsizliyi məsələlərini müzakirə etdi.",
		"%s kəndində uşaqlar öz hüquqları haqqında rəsmlər çəkdilər; tədbirdə %d nəfər iştirak etdi.",
		"%s gənclər evində iştirakçılar qrup işləri apardılar və tövsiyələr hazırladılar (%d nəfər).",
	}
	russianText = []string{
		"В городе %s прошёл семинар для учителей о правах ребёнка; участвовали %d человек.",
		"В районе %s проведена встреча с родителями о защите детей от насилия (%d участников).",
	}
	results = []string{
		"İştirakçılar təlim materialları ilə təmin olundu.",
		"Yerli icra hakimiyyətinə tövsiyələr təqdim edildi.",
		"Məktəbdə uşaq hüquqları klubu yaradıldı.",
		"Uşaqların fikirləri toplanaraq hesabata daxil edildi.",
		"Участники получили методические материалы.",
	}
	followUps = []string{
		"Üç aydan sonra təkrar görüş planlaşdırılır.",
		"Nəticələr növbəti alyans görüşündə müzakirə olunacaq.",
		"Müəllimlər öz məktəblərində məşğələ keçirəcəklər.",
	}
)

// ServicesOf returns the services of a local store and its files.
func ServicesOf(db *sqlite.DB, files alliance.FileService) Services {
	return Services{
		Activities:    sqlite.NewActivityService(db),
		Organisations: sqlite.NewOrganisationService(db),
		Settings:      sqlite.NewSettingsService(db),
		Trainings:     sqlite.NewTrainingService(db),
		Certificates:  sqlite.NewCertificateService(db),
		Contests:      sqlite.NewContestService(db),
		Files:         files,
		Campaigns:     sqlite.NewCampaignService(db),
		Library:       sqlite.NewLibraryService(db),
	}
}

// demoArticles tags most activities with up to two of their areas' usual
// articles (taken from the date, not the random source, so the rest of the
// demo stays as it was): about one in five has none, as in the field.
func demoArticles(areas []alliance.Area, start alliance.Date) []alliance.Article {
	if start.Day%5 == 0 {
		return nil
	}
	var out []alliance.Article
	for _, area := range areas {
		arts := alliance.AreaArticles[area]
		for i := 0; i < len(arts) && i < 2; i++ {
			x := arts[(start.Day+i)%len(arts)]
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}
