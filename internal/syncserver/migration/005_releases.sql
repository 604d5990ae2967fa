-- 005: releases of the app the secretariat publishes (release.go), and
-- which version each laptop said it runs at its last pull.
CREATE TABLE releases (
	version      TEXT NOT NULL,
	platform     TEXT NOT NULL,
	sha256       TEXT NOT NULL,  -- its file, in the blob store
	size         INTEGER NOT NULL,
	signature    TEXT NOT NULL,  -- minisign's text, as the laptops check it
	rollout      INTEGER NOT NULL DEFAULT 100, -- percent of laptops offered it
	added_at     TEXT NOT NULL,
	withdrawn_at TEXT,
	PRIMARY KEY (version, platform)
);
CREATE INDEX releases_sha256 ON releases (sha256);
ALTER TABLE devices ADD COLUMN app_version TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN platform TEXT NOT NULL DEFAULT '';
