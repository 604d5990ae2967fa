-- 002: files named by records. A laptop may read a file when a record of
-- its organisation (or shared) names it; the files themselves are kept by
-- SHA-256 under blobs/ in the data folder.
CREATE TABLE file_refs (
	hash  TEXT NOT NULL,
	scope TEXT NOT NULL,
	PRIMARY KEY (hash, scope)
) WITHOUT ROWID;

INSERT OR IGNORE INTO file_refs (hash, scope)
	SELECT json_extract(f.value, '$.hash'), r.scope FROM records r, json_each(r.fields, '$.files') f
	WHERE r.entity = 'entry' AND json_extract(f.value, '$.hash') IS NOT NULL;
INSERT OR IGNORE INTO file_refs (hash, scope)
	SELECT json_extract(r.fields, '$.consent.scan.hash'), r.scope FROM records r
	WHERE r.entity = 'entry' AND json_extract(r.fields, '$.consent.scan.hash') IS NOT NULL;
