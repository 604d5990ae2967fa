package syncproto

import (
	"encoding/json"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Paths of the file transfer. Uploads speak tus 1.0 (resumable: a cut
// upload goes on from the last byte the server has); a stored file is
// read, whole or by byte ranges, at PathBlobs + its SHA-256.
const (
	PathFiles = "/v1/files/"
	PathBlobs = "/v1/blobs/"
)

// Limits of the file transfer.
const (
	MaxFileBytes = alliance.MaxFilmBytes // the largest file a laptop may send
	FileChunk    = 1 << 20               // bytes per upload request and per download range
)

// Upload-Metadata keys of an upload.
const (
	MetaSHA256 = "sha256" // lowercase hex SHA-256 of the whole file, checked when it is complete
	MetaName   = "name"   // the file's name on the laptop, for people
)

// TusVersion is the tus protocol version spoken.
const TusVersion = "1.0.0"

// CarriesFiles reports whether records of entity may name files: a
// contest entry and its versions, an activity (its attachments), a
// resource of the library, an organisation (its logo).
func CarriesFiles(entity string) bool {
	return entity == EntityEntry || entity == EntityEntryVersion || entity == EntityActivity || entity == EntityResource ||
		entity == EntityOrganisation
}

// FileRefs returns every file a record's fields name: each object, however
// deep, with a "hash" that is a file's SHA-256 (once per file).
func FileRefs(fields map[string]json.RawMessage) []alliance.FileRef {
	seen := map[string]bool{}
	var out []alliance.FileRef
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if h, ok := x["hash"].(string); ok && alliance.ValidHash(h) && !seen[h] {
				seen[h] = true
				ref := alliance.FileRef{Hash: h}
				ref.Name, _ = x["name"].(string)
				ref.Type, _ = x["type"].(string)
				if size, ok := x["size"].(float64); ok {
					ref.Size = int64(size)
				}
				out = append(out, ref)
			}
			for _, val := range x {
				walk(val)
			}
		case []any:
			for _, val := range x {
				walk(val)
			}
		}
	}
	for _, raw := range fields {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			walk(v)
		}
	}
	return out
}

// FileHashes returns the SHA-256 of every file a record's fields name.
func FileHashes(fields map[string]json.RawMessage) []string {
	refs := FileRefs(fields)
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Hash
	}
	return out
}
