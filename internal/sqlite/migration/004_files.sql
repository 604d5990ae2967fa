-- 004: the queue of files to send to the server and to fetch from it. A
-- record syncs first; its files follow here, each with its own state, the
-- bytes the other side has (to resume after a cut) and its upload address.
CREATE TABLE file_queue (
	hash       TEXT NOT NULL,
	upload     INTEGER NOT NULL, -- 1: to the server, 0: from it
	name       TEXT NOT NULL DEFAULT '',
	size       INTEGER NOT NULL DEFAULT 0,
	done       INTEGER NOT NULL DEFAULT 0,
	state      TEXT NOT NULL DEFAULT 'waiting',
	code       TEXT NOT NULL DEFAULT '',
	message    TEXT NOT NULL DEFAULT '',
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (hash, upload)
) WITHOUT ROWID;
CREATE INDEX file_queue_due ON file_queue (state, next_try);

-- The files of entries saved before this version go to the server too
-- (a laptop without the file drops it from the queue).
INSERT OR IGNORE INTO file_queue (hash, upload, name, size, created_at, updated_at)
	SELECT json_extract(f.value, '$.hash'), 1, COALESCE(json_extract(f.value, '$.name'), ''),
		COALESCE(json_extract(f.value, '$.size'), 0), d.created_at, d.created_at
	FROM docs d, json_each(d.data, '$.files') f
	WHERE d.entity = 'entry' AND d.deleted = 0 AND json_extract(f.value, '$.hash') IS NOT NULL;
INSERT OR IGNORE INTO file_queue (hash, upload, name, size, created_at, updated_at)
	SELECT json_extract(d.data, '$.consent.scan.hash'), 1, COALESCE(json_extract(d.data, '$.consent.scan.name'), ''),
		COALESCE(json_extract(d.data, '$.consent.scan.size'), 0), d.created_at, d.created_at
	FROM docs d
	WHERE d.entity = 'entry' AND d.deleted = 0 AND json_extract(d.data, '$.consent.scan.hash') IS NOT NULL;
