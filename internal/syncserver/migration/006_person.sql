-- 006: who made a record's last change, as the laptop said (Change.By, a
-- person signed in there): JSON {"id","name"}, '' when no one was (the
-- command line, a laptop of before profiles) or the server wrote it.
ALTER TABLE records ADD COLUMN person TEXT NOT NULL DEFAULT '';
