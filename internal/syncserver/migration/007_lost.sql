-- 007: a laptop revoked as lost is told, at each contact, to erase the
-- children's data it holds (devices.go); erase_told_at is the last time
-- it was told.
ALTER TABLE devices ADD COLUMN erase INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN erase_told_at TEXT;
