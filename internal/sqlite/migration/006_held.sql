-- 006: records pulled from the server that this laptop could not take (a
-- newer version's kind or field, a serial another certificate here has, a
-- value it cannot read) are kept here with why, never skipped: they are
-- tried again after every sync (and so after an upgrade) until they apply
-- or a newer state of the same record replaces them. record is the pulled
-- record as JSON; seq its place in the server's log.
CREATE TABLE held (
	entity  TEXT NOT NULL,
	id      TEXT NOT NULL,
	seq     INTEGER NOT NULL,
	record  TEXT NOT NULL,
	code    TEXT NOT NULL,
	message TEXT NOT NULL,
	at      TEXT NOT NULL,
	PRIMARY KEY (entity, id)
) WITHOUT ROWID;
