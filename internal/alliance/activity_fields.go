package alliance

import "fmt"

// FieldType is how a record's field is held: it decides the field's
// column in the laptop's store, its JSON on the wire and its cell in an
// export.
type FieldType int

// What a reference field refers to: an export shows its name.
const (
	RefOrganisation = "organisation"
	RefRegion       = "region"
	RefCampaign     = "campaign"
	RefArticle      = "article" // an article of the Convention (CRCArticles)
)

// Field types. Every one has a plain value (Value, SetValue): a string,
// an int or a []string.
const (
	TypeText  FieldType = iota // a text: string
	TypeCount                  // a whole number: int
	TypeDate                   // a day: string "YYYY-MM-DD"
	TypeCode                   // one code with a label ("kind." + code): string
	TypeCodes                  // codes with labels (areas, audiences): []string, a JSON array in the store
	TypeRef                    // the id of another record (an organisation, a region): string
	TypeFiles                  // files kept with the record: []Attachment, a JSON array in the store
	TypeUses                   // resources of the library used: []ResourceUse, a JSON array in the store
)

// ActivityField is one field of an activity: its name (the form's field,
// the store's column, the wire's field), its type, its export column and
// how to read and set its plain value. ActivityFields, in the order of an
// export's columns, drives the store's SQL, the sync entity and the
// export: a field added there is stored, synced and exported.
type ActivityField struct {
	Name   string
	Type   FieldType
	Export string // the export column's key ("export.col." + Export)
	Label  string // the label key prefix of a code ("kind.", "area.")
	Refers string // what a reference is the id of (RefOrganisation, RefRegion); for codes, what they name (RefCampaign, RefArticle)
	get    func(a *Activity) any
	set    func(a *Activity, v any) error
	str    func(a *Activity) *string // a text, code or reference held as a string
	num    func(a *Activity) *int    // a count
	date   func(a *Activity) *Date   // a day
}

// DatePtr is where a holds a date; nil for other fields.
func (f ActivityField) DatePtr(a *Activity) *Date {
	if f.date == nil {
		return nil
	}
	return f.date(a)
}

// StringPtr is where a holds the field when it is a string (a text, a
// code or a reference), to read it into without a conversion; nil for
// other fields.
func (f ActivityField) StringPtr(a *Activity) *string {
	if f.str == nil {
		return nil
	}
	return f.str(a)
}

// IntPtr is where a holds a count; nil for other fields.
func (f ActivityField) IntPtr(a *Activity) *int {
	if f.num == nil {
		return nil
	}
	return f.num(a)
}

// Value is the field's plain value in a: a string, an int, a []string or
// a []Attachment (never nil).
func (f ActivityField) Value(a *Activity) any { return f.get(a) }

// SetValue sets the field in a from its plain value (as Value gives it;
// a date as its string).
func (f ActivityField) SetValue(a *Activity, v any) error {
	if err := f.set(a, v); err != nil {
		return fmt.Errorf("field %s: %w", f.Name, err)
	}
	return nil
}

// ActivityFields are the synced fields of an activity (all but deleted),
// in the order of an export's columns.
var ActivityFields = []ActivityField{
	dateField(FieldStart, "from", func(a *Activity) *Date { return &a.Start }),
	dateField(FieldEnd, "to", func(a *Activity) *Date { return &a.End }),
	{Name: FieldKind, Type: TypeCode, Export: "kind", Label: "kind.",
		get: func(a *Activity) any { return string(a.Kind) },
		set: func(a *Activity, v any) error { return setString(v, func(s string) { a.Kind = ActivityKind(s) }) },
		str: func(a *Activity) *string { return (*string)(&a.Kind) }},
	textField(FieldTitle, "title", func(a *Activity) *string { return &a.Title }),
	refField(FieldOrg, "organisation", RefOrganisation, func(a *Activity) *string { return &a.OrgID }),
	refField(FieldRegion, "region", RefRegion, func(a *Activity) *string { return &a.RegionID }),
	textField(FieldSettlement, "settlement", func(a *Activity) *string { return &a.Settlement }),
	codesField(FieldAreas, "areas", "area.", func(a *Activity) []string { return codes(a.Areas) },
		func(a *Activity, s []string) { a.Areas = fromCodes[Area](s) }),
	codesField(FieldAudiences, "audiences", "audience.", func(a *Activity) []string { return codes(a.Audiences) },
		func(a *Activity, s []string) { a.Audiences = fromCodes[Audience](s) }),
	countField(FieldGirls, "girls", func(a *Activity) *int { return &a.Reached.Girls }),
	countField(FieldBoys, "boys", func(a *Activity) *int { return &a.Reached.Boys }),
	countField(FieldWomen, "women", func(a *Activity) *int { return &a.Reached.Women }),
	countField(FieldMen, "men", func(a *Activity) *int { return &a.Reached.Men }),
	countField(FieldDisabled, "disabled", func(a *Activity) *int { return &a.Reached.Disabled }),
	textField(FieldPartners, "partners", func(a *Activity) *string { return &a.Partners }),
	textField(FieldDescription, "description", func(a *Activity) *string { return &a.Description }),
	textField(FieldResults, "results", func(a *Activity) *string { return &a.Results }),
	textField(FieldFollowUp, "follow_up", func(a *Activity) *string { return &a.FollowUp }),
	textField(FieldRecordedBy, "recorded_by", func(a *Activity) *string { return &a.RecordedBy }),
	// Added after the first exports: last, so that their columns stay
	// where spreadsheets made from them expect.
	withRefers(codesField(FieldCRC, "crc_articles", "crc.article.", func(a *Activity) []string { return codes(a.CRC) },
		func(a *Activity, s []string) { a.CRC = fromCodes[Article](s) }), RefArticle),
	refsField(FieldCampaigns, "campaigns", RefCampaign, func(a *Activity) *[]string { return &a.Campaigns }),
	{Name: FieldUses, Type: TypeUses, Export: "resources",
		get: func(a *Activity) any {
			if a.Resources == nil {
				return []ResourceUse{}
			}
			return a.Resources
		},
		set: func(a *Activity, v any) error {
			us, ok := v.([]ResourceUse)
			if !ok {
				return fmt.Errorf("%v is not a list of resources", v)
			}
			if len(us) == 0 {
				us = nil
			}
			a.Resources = us
			return nil
		}},
	{Name: FieldAttachments, Type: TypeFiles, Export: "attachments",
		get: func(a *Activity) any {
			if a.Attachments == nil {
				return []Attachment{}
			}
			return a.Attachments
		},
		set: func(a *Activity, v any) error {
			as, ok := v.([]Attachment)
			if !ok {
				return fmt.Errorf("%v is not a list of files", v)
			}
			if len(as) == 0 {
				as = nil // as an activity without files holds it
			}
			a.Attachments = as
			return nil
		}},
}

func textField(name, export string, p func(*Activity) *string) ActivityField {
	return stringField(name, TypeText, export, p)
}

func refField(name, export, refers string, p func(*Activity) *string) ActivityField {
	f := stringField(name, TypeRef, export, p)
	f.Refers = refers
	return f
}

func stringField(name string, t FieldType, export string, p func(*Activity) *string) ActivityField {
	return ActivityField{Name: name, Type: t, Export: export, str: p,
		get: func(a *Activity) any { return *p(a) },
		set: func(a *Activity, v any) error { return setString(v, func(s string) { *p(a) = s }) }}
}

func countField(name, export string, p func(*Activity) *int) ActivityField {
	return ActivityField{Name: name, Type: TypeCount, Export: export, num: p,
		get: func(a *Activity) any { return *p(a) },
		set: func(a *Activity, v any) error {
			n, ok := v.(int)
			if !ok {
				return fmt.Errorf("%v is not a whole number", v)
			}
			*p(a) = n
			return nil
		}}
}

func dateField(name, export string, p func(*Activity) *Date) ActivityField {
	return ActivityField{Name: name, Type: TypeDate, Export: export, date: p,
		get: func(a *Activity) any { return p(a).String() },
		set: func(a *Activity, v any) error {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("%v is not a date", v)
			}
			d, err := ParseISODate(s)
			if err != nil {
				return err
			}
			*p(a) = d
			return nil
		}}
}

func codesField(name, export, label string, get func(*Activity) []string, set func(*Activity, []string)) ActivityField {
	return ActivityField{Name: name, Type: TypeCodes, Export: export, Label: label,
		get: func(a *Activity) any { return get(a) },
		set: func(a *Activity, v any) error {
			s, ok := v.([]string)
			if !ok {
				return fmt.Errorf("%v is not a list of codes", v)
			}
			set(a, s)
			return nil
		}}
}

// withRefers is f naming what its codes are.
func withRefers(f ActivityField, refers string) ActivityField {
	f.Refers = refers
	return f
}

// refsField is a list of ids of other records (an activity's campaigns).
func refsField(name, export, refers string, p func(*Activity) *[]string) ActivityField {
	return withRefers(codesField(name, export, "", func(a *Activity) []string {
		if *p(a) == nil {
			return []string{}
		}
		return *p(a)
	}, func(a *Activity, s []string) {
		if len(s) == 0 {
			s = nil
		}
		*p(a) = s
	}), refers)
}

func setString(v any, set func(string)) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%v is not a text", v)
	}
	set(s)
	return nil
}

// codes are the codes of a list as strings, never nil.
func codes[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// fromCodes is the list of codes s (nil for nil).
func fromCodes[T ~string](s []string) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, x := range s {
		out[i] = T(x)
	}
	return out
}
