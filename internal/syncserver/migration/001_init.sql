-- 001: the secretariat server's schema: devices and their enrolment codes,
-- every synced record with its field stamps (the records table is also the
-- change log: seq grows with every change and each record sits at its
-- latest seq), what was set aside, and the conflict log.

-- The server's clock (hlc), the last change-log sequence number handed out
-- and the newest seq whose tombstones were purged.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('hlc', ''), ('last_seq', '0'), ('purged_seq', '0');

-- Enrolled laptops. Only a hash of the token is kept. push_hwm is the
-- highest outbox sequence number of the device that took effect: a change
-- at or below it is acknowledged again without being applied again.
CREATE TABLE devices (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	node        TEXT NOT NULL DEFAULT '',
	token_hash  TEXT NOT NULL UNIQUE,
	push_hwm    INTEGER NOT NULL DEFAULT 0,
	enrolled_at TEXT NOT NULL,
	revoked_at  TEXT,
	last_seen   TEXT
);
CREATE INDEX devices_node ON devices (node);

-- One-time enrolment codes, stored as hashes, with their expiry.
CREATE TABLE invites (
	code_hash  TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at    TEXT,
	device_id  TEXT
);

-- Every record of every laptop, as the server holds it. scope is the owner
-- organisation, or '' for shared reference data (organisations). writer is
-- the device whose change made this state; exact says its change was taken
-- whole (no field lost, no stamp clamped), and base_seq is the state it was
-- made on: a writer whose pull cursor has passed base_seq already holds
-- this very state, so the record is not echoed back to it.
CREATE TABLE records (
	entity     TEXT NOT NULL,
	id         TEXT NOT NULL,
	scope      TEXT NOT NULL,
	fields     TEXT NOT NULL,
	stamps     TEXT NOT NULL,
	deleted    INTEGER NOT NULL DEFAULT 0,
	seq        INTEGER NOT NULL UNIQUE,
	writer     TEXT NOT NULL DEFAULT '',
	exact      INTEGER NOT NULL DEFAULT 0,
	base_seq   INTEGER NOT NULL DEFAULT 0,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (entity, id)
);
CREATE INDEX records_scope_seq ON records (scope, seq);
-- Certificates are looked up by serial for the public check page.
CREATE INDEX records_certificate_serial ON records (json_extract(fields, '$.serial')) WHERE entity = 'certificate';

-- Changes that broke a rule: acknowledged, never applied, kept with why.
CREATE TABLE set_aside (
	id         INTEGER PRIMARY KEY,
	device_id  TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	entity     TEXT NOT NULL,
	record_id  TEXT NOT NULL,
	code       TEXT NOT NULL,
	message    TEXT NOT NULL,
	change     TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- The losing value of every real conflict (concurrent writes of one field).
CREATE TABLE conflicts (
	id           INTEGER PRIMARY KEY,
	entity       TEXT NOT NULL,
	record_id    TEXT NOT NULL,
	field        TEXT NOT NULL,
	loser_device TEXT NOT NULL,
	loser_value  TEXT NOT NULL,
	loser_hlc    TEXT NOT NULL,
	winner_value TEXT NOT NULL,
	winner_hlc   TEXT NOT NULL,
	created_at   TEXT NOT NULL
);
CREATE INDEX conflicts_loser ON conflicts (loser_device, id);
