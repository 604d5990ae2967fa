-- 002: the laptop's side of the sync with the secretariat's server.

-- The stamps an update replaced, so that the server can tell an edit made
-- after seeing the other laptop's value from a real conflict.
ALTER TABLE outbox ADD COLUMN base TEXT NOT NULL DEFAULT '{}';
CREATE INDEX outbox_record ON outbox (entity, entity_id);

-- The connection (server, token, organisation) and the pull cursors.
CREATE TABLE sync_state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Changes the server did not accept, with its reason; kept for the user.
CREATE TABLE set_aside (
	seq       INTEGER PRIMARY KEY,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	op        TEXT NOT NULL,
	fields    TEXT NOT NULL,
	code      TEXT NOT NULL,
	message   TEXT NOT NULL,
	at        TEXT NOT NULL
);

-- Values of this laptop that lost to a concurrent edit elsewhere, to review.
CREATE TABLE conflicts (
	id         INTEGER PRIMARY KEY,
	entity     TEXT NOT NULL,
	record_id  TEXT NOT NULL,
	field      TEXT NOT NULL,
	mine       TEXT NOT NULL,
	mine_hlc   TEXT NOT NULL,
	theirs     TEXT NOT NULL,
	theirs_hlc TEXT NOT NULL,
	at         TEXT NOT NULL,
	resolved   INTEGER NOT NULL DEFAULT 0
);

-- Records seen during a full resync; what is not seen was deleted long ago.
CREATE TABLE resync_seen (
	entity TEXT NOT NULL,
	id     TEXT NOT NULL,
	PRIMARY KEY (entity, id)
) WITHOUT ROWID;
