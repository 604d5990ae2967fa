-- 009: the people of this laptop (profiles.go), never synced: each signs
-- in with a PIN or a passphrase, kept only as an argon2id-derived
-- verifier; failed attempts make the next ones wait. The outbox notes who
-- made each change, which travels with it to the server.
CREATE TABLE profiles (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	role        TEXT NOT NULL,
	kind        TEXT NOT NULL,              -- pin or passphrase
	salt        BLOB NOT NULL,
	kdf         TEXT NOT NULL,              -- argon2id's cost: "t=3,m=65536,p=2"
	verifier    BLOB NOT NULL,              -- HMAC-SHA256 keyed with argon2id(secret)
	failures    INTEGER NOT NULL DEFAULT 0, -- failed attempts since the last sign-in
	wait_until  TEXT NOT NULL DEFAULT '',   -- no attempt before this time
	created_at  TEXT NOT NULL,
	disabled_at TEXT NOT NULL DEFAULT ''
);
ALTER TABLE outbox ADD COLUMN person TEXT NOT NULL DEFAULT ''; -- JSON alliance.Person of who made it
