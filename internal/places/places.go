// Package places knows Azerbaijan's economic regions, cities and district
// centres by every name staff type for them — Azerbaijani, Russian,
// English and the transliterations in use (Şəki: Шеки, Shaki, Sheki) — so
// that a search finds an activity in Şəki whichever of them is typed.
package places

import (
	"strings"
	"unicode"
)

// Place is one place's names: Azerbaijani, Russian, English, then other
// spellings in use.
type Place struct {
	AZ, RU, EN string
	Other      []string
}

// Names returns all of p's names.
func (p Place) Names() []string {
	return append([]string{p.AZ, p.RU, p.EN}, p.Other...)
}

// Regions are the 14 economic regions, by the ids of the regions table
// (a test holds the names to the table's).
var Regions = map[string]Place{
	"baku":                {"Bakı", "Баку", "Baku", nil},
	"absheron-khizi":      {"Abşeron-Xızı", "Абшерон-Хызы", "Absheron-Khizi", []string{"Apsheron"}},
	"mountainous-shirvan": {"Dağlıq Şirvan", "Нагорный Ширван", "Mountainous Shirvan", []string{"Daglig Shirvan"}},
	"ganja-dashkasan":     {"Gəncə-Daşkəsən", "Гянджа-Дашкесан", "Ganja-Dashkasan", []string{"Gandja", "Dashkesan"}},
	"karabakh":            {"Qarabağ", "Карабах", "Karabakh", []string{"Garabagh", "Qarabag"}},
	"gazakh-tovuz":        {"Qazax-Tovuz", "Газах-Товуз", "Gazakh-Tovuz", []string{"Qazakh"}},
	"guba-khachmaz":       {"Quba-Xaçmaz", "Губа-Хачмаз", "Guba-Khachmaz", []string{"Kuba"}},
	"lankaran-astara":     {"Lənkəran-Astara", "Ленкорань-Астара", "Lankaran-Astara", []string{"Lenkoran", "Lenkaran"}},
	"central-aran":        {"Mərkəzi Aran", "Центральный Аран", "Central Aran", nil},
	"mil-mughan":          {"Mil-Muğan", "Миль-Муган", "Mil-Mughan", []string{"Mugan"}},
	"shaki-zagatala":      {"Şəki-Zaqatala", "Шеки-Загатала", "Shaki-Zagatala", []string{"Sheki", "Zakatala"}},
	"east-zangezur":       {"Şərqi Zəngəzur", "Восточный Зангезур", "East Zangezur", []string{"Sharqi Zangazur"}},
	"nakhchivan":          {"Naxçıvan", "Нахчыван", "Nakhchivan", []string{"Nakhichevan", "Нахичевань"}},
	"shirvan-salyan":      {"Şirvan-Salyan", "Ширван-Сальян", "Shirvan-Salyan", nil},
}

// Settlements are the cities, district centres and Baku's districts.
var Settlements = []Place{
	{"Bakı", "Баку", "Baku", nil},
	{"Gəncə", "Гянджа", "Ganja", []string{"Gandja", "Gence"}},
	{"Sumqayıt", "Сумгаит", "Sumgait", []string{"Sumgayit", "Sumqayit"}},
	{"Mingəçevir", "Мингечевир", "Mingachevir", []string{"Mingechevir", "Мингечаур"}},
	{"Şirvan", "Ширван", "Shirvan", nil},
	{"Naxçıvan", "Нахчыван", "Nakhchivan", []string{"Nakhichevan", "Нахичевань"}},
	{"Lənkəran", "Ленкорань", "Lankaran", []string{"Lenkoran", "Lenkaran"}},
	{"Şəki", "Шеки", "Shaki", []string{"Sheki"}},
	{"Yevlax", "Евлах", "Yevlakh", []string{"Yevlah"}},
	{"Naftalan", "Нафталан", "Naftalan", nil},
	{"Xankəndi", "Ханкенди", "Khankendi", []string{"Xankendi"}},
	{"Xırdalan", "Хырдалан", "Khirdalan", []string{"Xirdalan"}},
	{"Abşeron", "Абшерон", "Absheron", []string{"Apsheron"}},
	{"Ağcabədi", "Агджабеди", "Aghjabadi", []string{"Agjabedi", "Agcabedi"}},
	{"Ağdam", "Агдам", "Aghdam", []string{"Agdam"}},
	{"Ağdaş", "Агдаш", "Aghdash", []string{"Agdash"}},
	{"Ağstafa", "Агстафа", "Aghstafa", []string{"Agstafa"}},
	{"Ağsu", "Агсу", "Aghsu", []string{"Agsu"}},
	{"Astara", "Астара", "Astara", nil},
	{"Babək", "Бабек", "Babek", []string{"Babak"}},
	{"Balakən", "Белоканы", "Balakan", []string{"Belokany", "Balaken"}},
	{"Beyləqan", "Бейлаган", "Beylagan", []string{"Beyleqan"}},
	{"Bərdə", "Барда", "Barda", []string{"Berde"}},
	{"Biləsuvar", "Билясувар", "Bilasuvar", []string{"Bilesuvar"}},
	{"Cəbrayıl", "Джебраил", "Jabrayil", []string{"Jebrail", "Cebrayil"}},
	{"Cəlilabad", "Джалилабад", "Jalilabad", []string{"Celilabad"}},
	{"Culfa", "Джульфа", "Julfa", []string{"Djulfa"}},
	{"Daşkəsən", "Дашкесан", "Dashkasan", []string{"Dashkesan"}},
	{"Füzuli", "Физули", "Fuzuli", []string{"Fizuli"}},
	{"Gədəbəy", "Гедабек", "Gadabay", []string{"Gedabek", "Gedebey"}},
	{"Goranboy", "Геранбой", "Goranboy", []string{"Geranboy"}},
	{"Göyçay", "Гёйчай", "Goychay", []string{"Geokchay", "Гейчай"}},
	{"Göygöl", "Гёйгёль", "Goygol", []string{"Гейгель"}},
	{"Hacıqabul", "Гаджигабул", "Hajigabul", []string{"Hajiqabul", "Hacigabul"}},
	{"Xaçmaz", "Хачмаз", "Khachmaz", []string{"Xachmaz"}},
	{"Xızı", "Хызы", "Khizi", []string{"Xizi"}},
	{"Xocalı", "Ходжалы", "Khojaly", []string{"Khojali", "Xocali"}},
	{"Xocavənd", "Ходжавенд", "Khojavend", []string{"Xocavend"}},
	{"İmişli", "Имишли", "Imishli", nil},
	{"İsmayıllı", "Исмаиллы", "Ismayilli", []string{"Ismailli"}},
	{"Kəlbəcər", "Кельбаджар", "Kalbajar", []string{"Kelbajar"}},
	{"Kəngərli", "Кенгерли", "Kangarli", []string{"Kengerli"}},
	{"Kürdəmir", "Кюрдамир", "Kurdamir", []string{"Kurdemir"}},
	{"Qax", "Гах", "Gakh", []string{"Qakh", "Kakh"}},
	{"Qazax", "Газах", "Gazakh", []string{"Qazakh", "Kazakh"}},
	{"Qəbələ", "Габала", "Gabala", []string{"Qabala", "Gebele"}},
	{"Qobustan", "Гобустан", "Gobustan", []string{"Kobustan"}},
	{"Quba", "Губа", "Guba", []string{"Kuba"}},
	{"Qubadlı", "Губадлы", "Gubadly", []string{"Gubadli", "Qubadli"}},
	{"Qusar", "Гусар", "Gusar", []string{"Kusary"}},
	{"Laçın", "Лачин", "Lachin", nil},
	{"Lerik", "Лерик", "Lerik", nil},
	{"Masallı", "Масаллы", "Masally", []string{"Masalli"}},
	{"Neftçala", "Нефтчала", "Neftchala", nil},
	{"Oğuz", "Огуз", "Oghuz", []string{"Oguz"}},
	{"Ordubad", "Ордубад", "Ordubad", nil},
	{"Saatlı", "Саатлы", "Saatly", []string{"Saatli"}},
	{"Sabirabad", "Сабирабад", "Sabirabad", nil},
	{"Salyan", "Сальян", "Salyan", []string{"Salyany"}},
	{"Samux", "Самух", "Samukh", nil},
	{"Sədərək", "Садарак", "Sadarak", []string{"Sederek"}},
	{"Siyəzən", "Сиязань", "Siyazan", []string{"Siyezen"}},
	{"Şabran", "Шабран", "Shabran", nil},
	{"Şahbuz", "Шахбуз", "Shahbuz", nil},
	{"Şamaxı", "Шамахы", "Shamakhi", []string{"Shemakha", "Шемаха"}},
	{"Şəmkir", "Шамкир", "Shamkir", []string{"Shemkir"}},
	{"Şərur", "Шарур", "Sharur", []string{"Sherur"}},
	{"Şuşa", "Шуша", "Shusha", nil},
	{"Tərtər", "Тертер", "Tartar", []string{"Terter"}},
	{"Tovuz", "Товуз", "Tovuz", nil},
	{"Ucar", "Уджар", "Ujar", []string{"Udjar"}},
	{"Yardımlı", "Ярдымлы", "Yardimli", []string{"Yardymly"}},
	{"Zaqatala", "Закатала", "Zagatala", []string{"Zakatala"}},
	{"Zəngilan", "Зангилан", "Zangilan", []string{"Zengilan"}},
	{"Zərdab", "Зардоб", "Zardab", []string{"Zerdab"}},
	{"Binəqədi", "Бинагади", "Binagadi", []string{"Bineqedi"}},
	{"Masazır", "Масазыр", "Masazir", nil},
	{"Nərimanov", "Нариманов", "Narimanov", nil},
	{"Nəsimi", "Насими", "Nasimi", []string{"Nesimi"}},
	{"Nizami", "Низами", "Nizami", nil},
	{"Pirallahı", "Пираллахи", "Pirallahi", nil},
	{"Qaradağ", "Гарадаг", "Garadagh", []string{"Qaradag", "Karadag"}},
	{"Sabunçu", "Сабунчу", "Sabunchu", nil},
	{"Səbail", "Сабаил", "Sabail", []string{"Sebail"}},
	{"Suraxanı", "Сураханы", "Surakhani", []string{"Suraxani"}},
	{"Xətai", "Хатаи", "Khatai", []string{"Xetai"}},
	{"Xəzər", "Хазар", "Khazar", []string{"Xezer"}},
	{"Yasamal", "Ясамал", "Yasamal", nil},
}

// Index finds places by any of their names, as fold writes them (the
// full-text index's form).
type Index struct {
	fold    func(string) string
	byName  map[string]int // folded name → index in Settlements
	folded  [][]string     // folded names of each settlement
	regions map[string][]string
}

// NewIndex returns an index of the settlements whose names fold writes.
func NewIndex(fold func(string) string) *Index {
	x := &Index{fold: fold, byName: map[string]int{}, regions: map[string][]string{}}
	for id, p := range Regions {
		for _, n := range p.Names() {
			x.regions[id] = append(x.regions[id], fold(n))
		}
	}
	for i, p := range Settlements {
		var names []string
		for _, n := range p.Names() {
			f := fold(n)
			names = append(names, f)
			x.byName[f] = i
		}
		x.folded = append(x.folded, names)
	}
	return x
}

// caseEnding is the longest ending a place's name takes in a sentence
// ("Şəkidə", "Gəncədən", "Bakının", "в Шеки" needs none).
const caseEnding = 4

// Spellings returns the folded names of every place text names, by any
// of its spellings, alone or with a case ending ("Şəkidə"); text is
// folded first.
func (x *Index) Spellings(text string) []string {
	var out []string
	seen := map[int]bool{}
	for _, w := range strings.FieldsFunc(x.fold(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		r := []rune(w)
		for n := len(r); n >= 3 && n >= len(r)-caseEnding; n-- {
			i, ok := x.byName[string(r[:n])]
			if !ok || seen[i] || (n < len(r) && n < 4) {
				continue
			}
			seen[i] = true
			out = append(out, x.folded[i]...)
			break
		}
	}
	return out
}

// RegionNames returns the folded names of region id (shared: not to be
// changed).
func (x *Index) RegionNames(id string) []string { return x.regions[id] }
