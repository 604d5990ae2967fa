-- 011: the history of the laptop's records (history.go): each change made
-- here or pulled from the server — who (person, laptop), when, how (local,
-- sync, conflict) and each field from what to what ({} for a record made:
-- its values are the record's, then the "from" of its next change). Never
-- synced; the server keeps its own (audit).
CREATE TABLE history (
	n         INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	entity    TEXT NOT NULL,
	record_id TEXT NOT NULL,
	how       TEXT NOT NULL,             -- local, sync, conflict
	person    TEXT NOT NULL DEFAULT '',  -- JSON {"id","name"}
	device    TEXT NOT NULL DEFAULT '',
	fields    TEXT NOT NULL              -- {"field": [from, to], ...}; a conflict: [this laptop's value that lost, the one kept]
);
CREATE INDEX history_record ON history (record_id, n);
