-- 003: trainings, their participants (with attendance) and certificates,
-- kept as documents: every field as JSON in data, with the few columns the
-- lists and lookups need. The same stamps and outbox as activities.
CREATE TABLE docs (
	n          INTEGER PRIMARY KEY,
	entity     TEXT NOT NULL,
	id         TEXT NOT NULL UNIQUE,
	org_id     TEXT NOT NULL DEFAULT '',
	parent_id  TEXT NOT NULL DEFAULT '', -- a participant's or a certificate's training
	sort_key   TEXT NOT NULL DEFAULT '', -- what its list is ordered by
	unique_key TEXT,                     -- a certificate's serial
	data       TEXT NOT NULL,
	stamps     TEXT NOT NULL,
	deleted    INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX docs_list ON docs (entity, deleted, parent_id, sort_key);
CREATE UNIQUE INDEX docs_key ON docs (entity, unique_key) WHERE unique_key IS NOT NULL;

-- The laptop's certificate numbers: part of every serial it prints.
INSERT INTO meta (key, value) VALUES ('cert_seq', '0');
