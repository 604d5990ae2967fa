-- 004: the server's epoch: a random name for this server's history, new
-- when it is restored from a backup (restore.go). Laptops are told it with
-- every answer, so that one which knew another epoch can tell that the
-- server has gone back in time.
INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', lower(hex(randomblob(16))));
