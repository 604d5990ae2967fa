-- 010: files that pulled records stopped naming for good (an entry
-- anonymised on another laptop or by the server: consent.go); the file
-- store forgets them after the round.
CREATE TABLE forget_files (hash TEXT PRIMARY KEY) WITHOUT ROWID;
