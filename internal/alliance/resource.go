package alliance

import (
	"context"
	"strings"
)

// ResourceCategory is what kind of material a resource of the library is.
type ResourceCategory string

const (
	ResManual   ResourceCategory = "manual"
	ResKit      ResourceCategory = "learning_kit"
	ResPoster   ResourceCategory = "poster"
	ResFilm     ResourceCategory = "film"
	ResReport   ResourceCategory = "report"
	ResResource ResourceCategory = "other"
)

// ResourceCategories lists the categories in display order.
var ResourceCategories = []ResourceCategory{ResManual, ResKit, ResPoster, ResFilm, ResReport, ResResource}

// PurposeResource is a file of the library: a PDF, a picture or a film of
// any length.
const PurposeResource FilePurpose = "resource"

// Limits of the library.
const (
	MaxResourceVersions = 3        // one a language
	MaxResourcePDF      = 80 << 20 // a manual with pictures
	// SmallResource is the size up to which every laptop fetches a
	// resource's file at once; larger ones come when asked for.
	SmallResource = 5 << 20
)

// ResourceVersion is a resource in one language: its title, description
// and file.
type ResourceVersion struct {
	Lang        string  `json:"lang"` // az, ru or en
	Title       string  `json:"title"`
	Description string  `json:"description,omitempty"`
	File        FileRef `json:"file"`
}

// Resource is a manual, learning kit, poster or film the secretariat
// publishes in the library, its language versions kept together.
type Resource struct {
	ID       string            `json:"-"`
	OrgID    string            `json:"org_id"` // the secretariat's
	Category ResourceCategory  `json:"category"`
	Year     int               `json:"year"`
	Versions []ResourceVersion `json:"versions"`
	CRC      []Article         `json:"crc_articles,omitempty"`
	Deleted  bool              `json:"deleted"`
}

// Version is the resource in lang, else in Azerbaijani, else the first.
func (r Resource) Version(lang string) ResourceVersion {
	for _, pref := range []string{lang, "az"} {
		for _, v := range r.Versions {
			if v.Lang == pref {
				return v
			}
		}
	}
	if len(r.Versions) > 0 {
		return r.Versions[0]
	}
	return ResourceVersion{}
}

// Field names of a resource that forms report errors on.
const (
	FieldYear     = "year"
	FieldVersions = "versions"
	FieldUses     = "resources" // an activity's resources used or handed out
)

// ValidateAt checks every field and returns an EINVALID *Error listing each
// broken rule per field, or nil.
func (r *Resource) ValidateAt(today Date) error {
	var v validator
	if !contains(ResourceCategories, r.Category) {
		v.add(FieldCategory, "validation.choose", nil)
	}
	if r.Year < 1989 || r.Year > today.Year+1 {
		v.add(FieldYear, "validation.year_range", Args{"From": 1989, "To": today.Year + 1})
	}
	if len(r.Versions) == 0 {
		v.add(FieldVersions, "validation.resource_version", Args{"N": 1})
	}
	if len(r.Versions) > MaxResourceVersions {
		v.add(FieldVersions, "validation.too_many_files", Args{"Max": MaxResourceVersions})
	}
	langs := map[string]bool{}
	for i, x := range r.Versions {
		n := Args{"N": i + 1}
		f := x.File
		switch {
		case x.Lang != "az" && x.Lang != "ru" && x.Lang != "en", langs[x.Lang]:
			v.add(FieldVersions, "validation.resource_lang", n)
		case strings.TrimSpace(x.Title) == "" || len(x.Title) > MaxTitle || len(x.Description) > MaxLongText:
			v.add(FieldVersions, "validation.resource_version", n)
		case !ValidHash(f.Hash) || f.Size <= 0 || strings.TrimSpace(f.Name) == "" || len(f.Name) > MaxFileName:
			v.add(FieldVersions, "validation.file_ref", Args{"Name": f.Name})
		case f.Type != TypePDF && f.Type != TypeJPEG && f.Type != TypePNG && f.Type != TypeMP4:
			v.add(FieldVersions, "validation.unknown_value", Args{"Value": f.Type})
		case f.Type == TypePDF && f.Size > MaxResourcePDF, f.Type == TypeMP4 && f.Size > MaxFilmBytes,
			(f.Type == TypeJPEG || f.Type == TypePNG) && f.Size > MaxImageBytes:
			v.add(FieldVersions, "validation.file_ref", Args{"Name": f.Name})
		}
		langs[x.Lang] = true
	}
	v.articles(r.CRC)
	return v.err("resource")
}

// ResourceUse is a resource an activity used or handed out: how many
// copies (0: used, none handed out).
type ResourceUse struct {
	ResourceID string `json:"resource_id"`
	Copies     int    `json:"copies"`
}

// Limits of an activity's resources.
const (
	MaxUses   = 30
	MaxCopies = 100000
)

// uses checks an activity's resources.
func (v *validator) uses(us []ResourceUse) {
	if len(us) > MaxUses {
		v.add(FieldUses, "validation.too_many", Args{"Max": MaxUses})
	}
	seen := map[string]bool{}
	for _, u := range us {
		switch {
		case !ValidID(u.ResourceID):
			v.add(FieldUses, "validation.unknown_value", Args{"Value": u.ResourceID})
		case seen[u.ResourceID]:
			v.add(FieldUses, "validation.duplicate", nil)
		case u.Copies < 0 || u.Copies > MaxCopies:
			v.add(FieldUses, "validation.count_too_large", Args{"Max": MaxCopies})
		}
		seen[u.ResourceID] = true
	}
}

// ResourceCount is how much one resource was used: in how many
// activities, and the copies handed out.
type ResourceCount struct {
	ResourceID string
	Activities int
	Copies     int
}

// LibraryService keeps the library and tells how its resources were used.
type LibraryService interface {
	FindResources(ctx context.Context) ([]Resource, error)
	FindResourceByID(ctx context.Context, id string) (*Resource, error)
	CreateResource(ctx context.Context, r *Resource) error
	UpdateResource(ctx context.Context, r *Resource) error
	DeleteResource(ctx context.Context, id string) error
	// ResourceUses counts the live activities of the filter that used
	// each resource and the copies they handed out, the most first.
	ResourceUses(ctx context.Context, f ReportFilter) ([]ResourceCount, error)
}
