-- 008: the history of every change the server applied (audit.go): who —
-- the laptop, its organisation, the person signed in there — changed which
-- fields of which record from what to what, when, and how (a laptop's
-- change, a value that lost a conflict, the server's own write).
CREATE TABLE audit (
	n         INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	device_id TEXT NOT NULL DEFAULT '',  -- '' the server itself
	org_id    TEXT NOT NULL DEFAULT '',  -- the laptop's organisation
	person    TEXT NOT NULL DEFAULT '',  -- JSON {"id","name"}, as the laptop said
	entity    TEXT NOT NULL,
	record_id TEXT NOT NULL,
	how       TEXT NOT NULL,             -- create, change, conflict, server
	diff      TEXT NOT NULL              -- {"field": [from, to], ...}
);
CREATE INDEX audit_record ON audit (record_id, n);
