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

// OrgKind says what kind of member an organisation is.
type OrgKind string

const (
	OrgNGO        OrgKind = "ngo"
	OrgChildGroup OrgKind = "children_group"
	OrgYouthGroup OrgKind = "youth_group"
)

// OrgKinds lists the kinds in display order.
var OrgKinds = []OrgKind{OrgNGO, OrgChildGroup, OrgYouthGroup}

// Organisation is a member of the alliance, or its secretariat.
type Organisation struct {
	ID          string
	Name        string
	Kind        OrgKind
	RegionID    string
	Secretariat bool
}

// Validate checks the organisation's fields.
func (o *Organisation) Validate() error {
	var v validator
	v.required("name", o.Name)
	v.maxLen("name", o.Name, 200)
	if !contains(OrgKinds, o.Kind) {
		v.add("kind", "validation.choose", nil)
	}
	v.required("region", o.RegionID)
	return v.err("organisation")
}
