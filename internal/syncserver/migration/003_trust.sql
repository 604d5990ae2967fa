-- 003: the server trusts no laptop.

-- Which device wrote each field of a record (the same compact form as the
-- stamps): conflicts are attributed by the device that spoke, never by the
-- clock node a change names. exact now says the writer held the state its
-- change was made on (see push.go): such a record is not sent back to it,
-- whatever its pull cursor.
ALTER TABLE records ADD COLUMN writers TEXT NOT NULL DEFAULT '{}';

-- A digest of each change a device pushed, by its sequence number: a
-- change sent again must be the same change (a lost answer), else the
-- laptop was copied or restored from a backup and must connect again.
-- Kept for the last changes of each device (push.go keepDigests).
-- digests_from is the first seq pushed with a digest: older ones were
-- pushed before this version and are acknowledged as before.
CREATE TABLE device_seqs (
	device_id TEXT NOT NULL,
	seq       INTEGER NOT NULL,
	digest    INTEGER NOT NULL,
	PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;
ALTER TABLE devices ADD COLUMN digests_from INTEGER NOT NULL DEFAULT 0;
UPDATE devices SET digests_from = push_hwm + 1;

-- Certificate serials are unique across the alliance, held by one
-- certificate for good.
CREATE TABLE serials (
	serial  TEXT PRIMARY KEY,
	cert_id TEXT NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO serials (serial, cert_id)
	SELECT json_extract(fields, '$.serial'), id FROM records
	WHERE entity = 'certificate' AND json_valid(fields) AND json_type(fields, '$.serial') = 'text' ORDER BY seq;
DROP INDEX records_certificate_serial;

-- Files: which organisations sent each file (an organisation may read a
-- file its records name only when it, or the secretariat, sent it), the
-- records that name a file (gone with the record or its delete), and the
-- uploads under way with the device that started them (quota, expiry).
CREATE TABLE blob_owners (
	hash   TEXT NOT NULL,
	org_id TEXT NOT NULL,
	PRIMARY KEY (hash, org_id)
) WITHOUT ROWID;
DROP TABLE file_refs;
CREATE TABLE file_refs (
	hash      TEXT NOT NULL,
	scope     TEXT NOT NULL,
	entity    TEXT NOT NULL,
	record_id TEXT NOT NULL,
	PRIMARY KEY (hash, scope, entity, record_id)
) WITHOUT ROWID;
CREATE INDEX file_refs_record ON file_refs (entity, record_id);
INSERT OR IGNORE INTO file_refs (hash, scope, entity, record_id)
	SELECT json_extract(f.value, '$.hash'), r.scope, r.entity, r.id FROM records r, json_each(r.fields, '$.files') f
	WHERE r.entity = 'entry' AND r.deleted = 0 AND json_valid(r.fields) AND json_extract(f.value, '$.hash') IS NOT NULL;
INSERT OR IGNORE INTO file_refs (hash, scope, entity, record_id)
	SELECT json_extract(r.fields, '$.consent.scan.hash'), r.scope, r.entity, r.id FROM records r
	WHERE r.entity = 'entry' AND r.deleted = 0 AND json_valid(r.fields) AND json_extract(r.fields, '$.consent.scan.hash') IS NOT NULL;
-- Files already kept were sent by the organisations whose records name them.
INSERT OR IGNORE INTO blob_owners (hash, org_id) SELECT hash, scope FROM file_refs;

CREATE TABLE uploads (
	id         TEXT PRIMARY KEY,
	device_id  TEXT NOT NULL,
	size       INTEGER NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX uploads_device ON uploads (device_id);
