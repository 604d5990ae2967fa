-- 008: changes queued again for a server restored from a backup (see
-- replay.go): merged by their stamps there, and a replayed value that
-- loses to a newer one is no conflict.
ALTER TABLE outbox ADD COLUMN replay INTEGER NOT NULL DEFAULT 0;
