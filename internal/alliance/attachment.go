package alliance

import "strings"

// AttachmentKind says what a file kept with an activity is.
type AttachmentKind string

const (
	AttachPhoto      AttachmentKind = "photo"
	AttachAttendance AttachmentKind = "attendance" // a signed attendance sheet
	AttachReport     AttachmentKind = "report"
	AttachOther      AttachmentKind = "other"
)

// AttachmentKinds lists the kinds in display order.
var AttachmentKinds = []AttachmentKind{AttachPhoto, AttachAttendance, AttachReport, AttachOther}

// PurposeAttachment is a file added to an activity: a photo, a scan or a
// PDF (FilePurpose decides its types and limits).
const PurposeAttachment FilePurpose = "attachment"

// Limits of an activity's attachments.
const (
	MaxAttachments   = 12
	MaxAttachmentPDF = 20 << 20 // a report or a scanned sheet as PDF
	MaxFileName      = 255
)

// Attachment is a file kept with an activity, through the same file store
// and transfer as a contest entry's. A photo in which children can be
// recognised is marked so; without the guardians' consent to share it, it
// stays within the organisation: the server gives it to no other laptop,
// the secretariat's included.
type Attachment struct {
	FileRef
	Kind     AttachmentKind `json:"kind"`
	Children bool           `json:"children,omitempty"` // children can be recognised in it
	Consent  bool           `json:"consent,omitempty"`  // the guardians agreed to its use beyond the organisation
}

// Private reports whether the file stays within the organisation.
func (a Attachment) Private() bool { return a.Children && !a.Consent }

// FieldAttachments is the activity's field of its files.
const FieldAttachments = "attachments"

// attachments checks an activity's files.
func (v *validator) attachments(as []Attachment) {
	if len(as) > MaxAttachments {
		v.add(FieldAttachments, "validation.too_many_files", Args{"Max": MaxAttachments})
	}
	seen := map[string]bool{}
	for _, a := range as {
		switch {
		case !ValidHash(a.Hash) || a.Size <= 0:
			v.add(FieldAttachments, "validation.file_ref", Args{"Name": a.Name})
		case seen[a.Hash]:
			v.add(FieldAttachments, "validation.duplicate", nil)
		case a.Type != TypeJPEG && a.Type != TypePNG && a.Type != TypePDF:
			v.add(FieldAttachments, "validation.unknown_value", Args{"Value": a.Type})
		case a.Type == TypePDF && a.Size > MaxAttachmentPDF, a.Type != TypePDF && a.Size > MaxImageBytes:
			v.add(FieldAttachments, "validation.file_ref", Args{"Name": a.Name})
		case strings.TrimSpace(a.Name) == "" || len(a.Name) > MaxFileName:
			v.add(FieldAttachments, "validation.file_ref", Args{"Name": a.Name})
		case !contains(AttachmentKinds, a.Kind):
			v.add(FieldAttachments, "validation.unknown_value", Args{"Value": string(a.Kind)})
		}
		seen[a.Hash] = true
	}
}
