package alliance

// Region is one of the 14 economic regions of Azerbaijan. Regions are shared
// reference data: seeded by the first migration, the same ids on every laptop.
type Region struct {
	ID     string // stable code, e.g. "shaki-zagatala"
	NameAZ string
	NameRU string
	NameEN string
	Sort   int
}

// Name returns the region's name in the language with the given code
// ("az", "ru", "en"); Azerbaijani for anything else.
func (r Region) Name(lang string) string {
	switch lang {
	case "ru":
		return r.NameRU
	case "en":
		return r.NameEN
	}
	return r.NameAZ
}

// RegionIDs are the codes of the seeded regions, in their usual order.
var RegionIDs = []string{
	"baku", "absheron-khizi", "mountainous-shirvan", "ganja-dashkasan",
	"karabakh", "gazakh-tovuz", "guba-khachmaz", "lankaran-astara",
	"central-aran", "mil-mughan", "shaki-zagatala", "east-zangezur",
	"nakhchivan", "shirvan-salyan",
}
